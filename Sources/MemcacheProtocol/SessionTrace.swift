// SessionTrace: memcached's `-vv` lines for each request and reply, written to stderr.
//
//   <FD request line           (every request line, as received, CR stripped)
//   >FD reply line             (each line a classic command answers; `mn` too; other meta replies and
//                               `stats` output are not logged, as in memcached)
//   >FD sending key KEY        (instead of a VALUE line and its data block)
//   >FD NOREPLY STORED         (a reply suppressed by `noreply`)
//   FD: Client using the ascii protocol   (once the connection's first bytes have arrived)
//
// Why here: the session sees every request line and every reply byte, so the lines come from one place
// instead of one call per reply site. The verbosity is read once per `process` call; when it is below 2 a
// request pays one branch. At `-vv` each line is one write(2), as memcached's unbuffered stderr is.

import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process-wide verbosity (`-v` = 1, `-vv` = 2, `-vvv` = 3; `verbosity N` changes it at run time).
public enum Verbosity {
    /// The level; relaxed loads, read once per batch of requests.
    public static let level = Atomic<Int>(0)

    /// The current level.
    @inline(__always)
    public static var current: Int { level.load(ordering: .relaxed) }

    /// Writes `bytes` to stderr in one write(2) (retried on a short write).
    public static func writeStderr(_ bytes: UnsafeRawBufferPointer) {
        guard var cursor = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(2, cursor, remaining)
            if written <= 0 {
                if written < 0 && errno == EINTR { continue }
                return
            }
            cursor += written
            remaining -= written
        }
    }

    /// Writes `text` to stderr in one write(2).
    public static func writeStderr(_ text: String) {
        var text = text
        text.withUTF8 { writeStderr(UnsafeRawBufferPointer($0)) }
    }
}

extension ProtocolSession {
    /// The line memcached prints once it has seen a connection's first bytes.
    func announceProtocol() {
        announcedProtocol = true
        Verbosity.writeStderr("\(clientFD): Client using the ascii protocol\n")
    }

    /// `<FD line`.
    func traceRequest(_ line: UnsafeRawBufferPointer) {
        var text = Array("<\(clientFD) ".utf8)
        text.append(contentsOf: line)
        text.append(0x0A)
        text.withUnsafeBytes { Verbosity.writeStderr($0) }
    }

    /// The `>FD` lines for what the request on `line` appended to `output` after `start` readable bytes.
    func traceReplies(of line: UnsafeRawBufferPointer, output: OutputBuffer, from start: Int) {
        guard output.readableBytes > start, ProtocolSession.logsReplies(of: line) else { return }
        var text: [UInt8] = []
        output.withReadableBytes { bytes in
            var cursor = start
            while cursor < bytes.count {
                var end = cursor
                while end < bytes.count && bytes[end] != 0x0A { end &+= 1 }
                var lineEnd = end
                if lineEnd > cursor && bytes[lineEnd &- 1] == 0x0D { lineEnd &-= 1 }
                let replyLine = UnsafeRawBufferPointer(rebasing: bytes[cursor..<lineEnd])
                cursor = end &+ 1
                text.append(contentsOf: ">\(clientFD) ".utf8)
                if replyLine.hasPrefix("VALUE ") {
                    // "VALUE <key> <flags> <bytes>[ <cas>]": skip the data block and its CRLF.
                    let fields = replyLine.split(separator: 0x20)
                    text.append(contentsOf: "sending key ".utf8)
                    if fields.count > 1 { text.append(contentsOf: fields[1]) }
                    if fields.count > 3, let length = Int(String(decoding: fields[3], as: UTF8.self)) {
                        cursor &+= length &+ 2
                    }
                } else {
                    text.append(contentsOf: replyLine)
                }
                text.append(0x0A)
            }
        }
        text.withUnsafeBytes { Verbosity.writeStderr($0) }
    }

    /// `>FD NOREPLY <reply>` for a reply `noreply` suppressed.
    func traceSuppressedReply(_ reply: StaticString) {
        var text = Array(">\(clientFD) NOREPLY ".utf8)
        let bytes = UnsafeRawBufferPointer(start: reply.utf8Start, count: reply.utf8CodeUnitCount)
        text.append(contentsOf: bytes.prefix { $0 != 0x0D && $0 != 0x0A })
        text.append(0x0A)
        text.withUnsafeBytes { Verbosity.writeStderr($0) }
    }

    /// memcached logs the replies its out_string writes: not `stats` output, and of the meta commands
    /// only `mn`'s.
    static func logsReplies(of line: UnsafeRawBufferPointer) -> Bool {
        var start = 0
        while start < line.count && line[start] == 0x20 { start &+= 1 }
        var end = start
        while end < line.count && line[end] != 0x20 { end &+= 1 }
        let command = UnsafeRawBufferPointer(rebasing: line[start..<end])
        if command.matches("stats") || command.matches("watch") { return false }
        if command.count == 2 && command[0] == UInt8(ascii: "m") { return command[1] == UInt8(ascii: "n") }
        return true
    }
}
