// MetricsEndpoint: `-o metrics_port=<port>`, the built-in Prometheus endpoint. A thread of its own with its
// own event base runs libevent's HTTP server (evhttp) on the first `-l` address (loopback without `-l`), so
// a scrape never runs on a worker and HTTP parsing is libevent's, not ours. `GET /metrics` (and `HEAD`)
// answers the Prometheus text format built from the same lines `stats`, `stats settings`, `stats items` and
// `stats slabs` print (CacheServer+Metrics.swift); other paths get 404, other methods on /metrics 405.
// The request path pays nothing: a scrape only reads the counters `stats` aggregates.
import CLibevent

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The HTTP listener and its thread.
///
/// Thread rule: `base`, `http` and the events are touched only by the metrics thread once it runs (they
/// are set up before it starts, and freed after it is joined); other threads only call `wake()` (eventfd).
/// Hence `@unchecked Sendable`.
final class MetricsEndpoint: @unchecked Sendable {
    /// `unowned(unsafe)`: the server owns the endpoint and joins its thread before it can be released.
    unowned(unsafe) let server: CacheServer
    private let base: OpaquePointer
    /// Freed by `closeListeners()` once the thread has stopped.
    private var http: OpaquePointer?
    private let notifyFD: Int32
    private var notifyEvent: OpaquePointer? = nil
    private var thread: PosixThread? = nil
    /// The bound listening sockets (evhttp owns and closes them).
    let sockets: [BoundSocket]

    static let path = "/metrics"
    /// A scrape connection idle this long is closed by evhttp.
    static let timeoutSeconds: Int32 = 30

    /// Binds `host` (nil: loopback) on `port` (0: the kernel's choice) and prepares evhttp.
    init(server: CacheServer, host: String?, port: Int) throws(ServerError) {
        self.server = server
        guard let base = event_base_new() else { throw .libevent("event_base_new") }
        self.base = base
        guard let http = evhttp_new(base) else {
            event_base_free(base)
            throw .libevent("evhttp_new")
        }
        self.http = http
        do {
            notifyFD = try eventfdCreate(freeingOnFailure: base)
        } catch {
            evhttp_free(http)
            throw error
        }
        var bound: [BoundSocket] = []
        do {
            bound = try Sockets.bind(host: host ?? "127.0.0.1", port: port, transport: .tcp, backlog: 128)
        } catch {
            evhttp_free(http)
            event_base_free(base)
            close(notifyFD)
            throw error
        }
        sockets = bound
        for socket in bound where evhttp_accept_socket(http, socket.fd) != 0 {
            close(socket.fd)
        }
        evhttp_set_timeout(http, Self.timeoutSeconds)
        evhttp_set_max_headers_size(http, 16 * 1024)
        evhttp_set_max_body_size(http, 16 * 1024)
        // Let every method evhttp parses reach the handler, which answers 405 itself (evhttp's own answer to
        // a method it was not given is 501).
        let methods: [evhttp_cmd_type] = [
            EVHTTP_REQ_GET, EVHTTP_REQ_HEAD, EVHTTP_REQ_POST, EVHTTP_REQ_PUT, EVHTTP_REQ_DELETE, EVHTTP_REQ_OPTIONS,
            EVHTTP_REQ_PATCH,
        ]
        evhttp_set_allowed_methods(http, UInt16(methods.reduce(0) { $0 | $1.rawValue }))
    }

    deinit {
        closeListeners()
        if let notifyEvent { event_free(notifyEvent) }
        event_base_free(base)
        close(notifyFD)
    }

    /// The port actually bound (the first socket's).
    var port: Int { sockets.first?.port ?? 0 }

    func start() throws(ServerError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        notifyEvent = event_new(
            base, notifyFD, Int16(EV_READ | EV_PERSIST),
            { _, _, arg in Unmanaged<MetricsEndpoint>.fromOpaque(arg!).takeUnretainedValue().onNotify() }, me)
        guard notifyEvent != nil, event_add(notifyEvent, nil) == 0 else { throw .libevent("metrics notify event") }
        evhttp_set_gencb(
            http,
            { request, arg in
                guard let request else { return }
                Unmanaged<MetricsEndpoint>.fromOpaque(arg!).takeUnretainedValue().handle(request)
            }, me)
        thread = try PosixThread(name: "mc-metrics") { [self] in self.run() }
    }

    private func run() {
        while !server.isStopping {
            if event_base_loop(base, 0) != 0 { break }
        }
    }

    /// Wakes the thread so it sees the stop request.
    func wake() { eventfdSignal(notifyFD) }

    func join() { thread?.join() }

    /// After `join()`: frees evhttp, which closes the listening sockets and any open scrape connections.
    func closeListeners() {
        if let http { evhttp_free(http) }
        http = nil
    }

    private func onNotify() {
        eventfdDrain(notifyFD)
        if server.isStopping { event_base_loopbreak(base) }
    }

    /// One request, on the metrics thread.
    private func handle(_ request: OpaquePointer) {
        let command = evhttp_request_get_command(request)
        let path = evhttp_request_get_evhttp_uri(request).flatMap { evhttp_uri_get_path($0) }.map {
            String(cString: $0)
        }
        let headers = evhttp_request_get_output_headers(request)
        guard path == Self.path else {
            reply(request, code: 404, reason: "Not Found", body: "Not Found: the metrics are at \(Self.path)\n")
            return
        }
        guard command == EVHTTP_REQ_GET || command == EVHTTP_REQ_HEAD else {
            evhttp_add_header(headers, "Allow", "GET, HEAD")
            reply(request, code: 405, reason: "Method Not Allowed", body: "Method Not Allowed\n")
            return
        }
        let body = MetricsExposition.renderBytes(server.metricFamilies())
        evhttp_add_header(headers, "Content-Type", MetricsExposition.contentType)
        if command == EVHTTP_REQ_HEAD {
            // evhttp would send the body after a HEAD reply: give its length and send none.
            evhttp_add_header(headers, "Content-Length", String(body.count))
            send(request, code: 200, reason: "OK", body: [])
        } else {
            send(request, code: 200, reason: "OK", body: body)
        }
    }

    private func reply(_ request: OpaquePointer, code: Int32, reason: String, body: String) {
        evhttp_add_header(evhttp_request_get_output_headers(request), "Content-Type", "text/plain; charset=utf-8")
        send(request, code: code, reason: reason, body: Array(body.utf8))
    }

    /// evhttp adds Content-Length, Date and the connection handling; for HEAD it sends no body.
    private func send(_ request: OpaquePointer, code: Int32, reason: String, body: [UInt8]) {
        guard let buffer = evbuffer_new() else {
            evhttp_send_error(request, 500, nil)
            return
        }
        body.withUnsafeBytes { bytes in _ = evbuffer_add(buffer, bytes.baseAddress, bytes.count) }
        evhttp_send_reply(request, code, reason, buffer)
        evbuffer_free(buffer)
    }
}
