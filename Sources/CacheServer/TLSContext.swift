// TLSContext: the server's TLS setup over the system OpenSSL, memcached 1.6.18's -Z and -o ssl_*:
// the settings, the shared SSL_CTX (certificate chain, key, CA list, verify mode, ciphers, minimum
// version, session cache, kernel TLS), `refresh_certs`, the counters `stats` shows, and making one SSL
// object per accepted connection. Startup and refresh errors use memcached's exact wording.
import COpenSSL
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `-Z` / `-o ssl_*` settings, with memcached 1.6.18's defaults and its `stats settings` renderings.
public struct TLSSettings: Sendable, Equatable {
    /// `-Z`: TCP listeners speak TLS, except those given as `-l notls:<host>:<port>`.
    public var enabled = false
    /// `ssl_chain_cert`: PEM certificate chain (nil is reported as `(null)`).
    public var chainCert: String? = nil
    /// `ssl_key`: private key (nil is reported as `(null)`).
    public var key: String? = nil
    /// `ssl_keyformat`: OpenSSL's file type (1 = PEM, 2 = DER), passed through as memcached does.
    public var keyFormat: Int = 1
    /// `ssl_verify_mode`: memcached's 0 (none), 1 (request), 2 (require), 3 (once).
    public var verifyMode: Int = 0
    /// `ssl_ciphers`: an OpenSSL cipher list for TLS 1.2 and older (nil: OpenSSL's default).
    public var ciphers: String? = nil
    /// `ssl_ca_cert`: PEM file of acceptable client CAs.
    public var caCert: String? = nil
    /// `ssl_wbuf_size` in bytes (given in kilobytes): the most one SSL_write hands to OpenSSL.
    public var writeBufferSize: Int = 16 * 1024
    /// `ssl_session_cache`: a server-side session cache, so clients can resume sessions.
    public var sessionCache = false
    /// `ssl_kernel_tls`: ask OpenSSL for kernel TLS offload.
    public var kernelTLS = false
    /// `ssl_min_version`: memcached's 0-3 (tlsv1.0 ... tlsv1.3).
    public var minVersion: Int = 2

    public init() {}

    /// OpenSSL's SSL_VERIFY_* flags for `verifyMode` (what memcached stores and reports: 0, 1, 3, 7).
    public var verifyFlags: Int32 {
        switch verifyMode {
        case 1: return SSL_VERIFY_PEER
        case 2: return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
        case 3: return SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT | SSL_VERIFY_CLIENT_ONCE
        default: return SSL_VERIFY_NONE
        }
    }

    /// memcached's name for `minVersion` in `stats settings`.
    public var minVersionName: String {
        switch minVersion {
        case 0: return "tlsv1.0"
        case 1: return "tlsv1.1"
        case 2: return "tlsv1.2"
        case 3: return "tlsv1.3"
        default: return "unknown"
        }
    }

    /// The TLS lines of `stats settings`, memcached 1.6.18's names, order and renderings.
    var settingsLines: [(String, String)] {
        func yesNo(_ b: Bool) -> String { b ? "yes" : "no" }
        return [
            ("ssl_enabled", yesNo(enabled)),
            ("ssl_chain_cert", chainCert ?? "(null)"),
            ("ssl_key", key ?? "(null)"),
            ("ssl_verify_mode", String(verifyFlags)),
            ("ssl_keyformat", String(keyFormat)),
            ("ssl_ciphers", ciphers ?? "NULL"),
            ("ssl_ca_cert", caCert ?? "NULL"),
            ("ssl_wbuf_size", String(writeBufferSize)),
            ("ssl_session_cache", yesNo(sessionCache)),
            ("ssl_kernel_tls", yesNo(kernelTLS)),
            ("ssl_min_version", minVersionName),
        ]
    }
}

/// A TLS setup that failed; `description` is memcached's message (OpenSSL's detail included, ending in
/// `\r\n` where memcached's does).
public struct TLSError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The process's TLS context.
///
/// One SSL_CTX is shared by every connection, as in memcached. `refresh_certs` builds a complete new
/// SSL_CTX and swaps it in only when every file loaded, so a bad file leaves the running setup intact
/// (memcached edits its context in place). Connections keep the context they were created with.
///
/// Thread rule: `current` is behind a mutex; SSL objects are made under it and then belong to their
/// connection's worker. The counters are atomics. Hence `@unchecked Sendable`.
public final class TLSContext: @unchecked Sendable {
    public let settings: TLSSettings
    private let current: Mutex<ContextPointer>
    /// Connections whose first SSL_accept failed outright (memcached's `ssl_handshake_errors`).
    let handshakeErrors = Atomic<UInt64>(0)
    /// Sessions OpenSSL created with the session cache on (memcached's `ssl_new_sessions`).
    let newSessions = Atomic<UInt64>(0)
    /// memcached's clock (`now + 60`, see `timeSinceRefresh`) at the last successful load; 0 at startup,
    /// where memcached loads before its clock starts.
    private let lastRefresh = Atomic<UInt32>(0)

    private struct ContextPointer: @unchecked Sendable {
        var ctx: OpaquePointer
    }

    /// Loads the certificates and configures OpenSSL; throws memcached's startup error (after printing
    /// OpenSSL's remaining error queue on stderr, as memcached does).
    public init(settings: TLSSettings) throws(TLSError) {
        self.settings = settings
        OPENSSL_init_ssl(0, nil)
        let ctx = try Self.makeContext(settings)
        current = Mutex(ContextPointer(ctx: ctx))
        swiftcached_ssl_ctx_set_app_data(ctx, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        current.withLock { SSL_CTX_free($0.ctx) }
    }

    /// A new SSL_CTX with the certificates loaded, or memcached's error line for the first failing file.
    private static func makeContext(_ settings: TLSSettings) throws(TLSError) -> OpaquePointer {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError(description: "Error creating the TLS context: \(firstError())\r\n")
        }
        _ = swiftcached_ssl_ctx_set_min_level(ctx, Int32(settings.minVersion))
        if let message = loadCertificates(ctx, settings) {
            SSL_CTX_free(ctx)
            throw TLSError(description: message)
        }
        SSL_CTX_set_verify(ctx, settings.verifyFlags, nil)
        if let ciphers = settings.ciphers, SSL_CTX_set_cipher_list(ctx, ciphers) != 1 {
            ERR_clear_error()
            SSL_CTX_free(ctx)
            throw TLSError(description: "Error setting the provided cipher(s): \(ciphers)\n")
        }
        swiftcached_ssl_ctx_session_cache(
            ctx, settings.sessionCache ? 1 : 0,
            { ssl, _ in
                if let ssl, let owner = swiftcached_ssl_get_ctx_app_data(ssl) {
                    let context = Unmanaged<TLSContext>.fromOpaque(owner).takeUnretainedValue()
                    context.newSessions.add(1, ordering: .relaxed)
                }
                return 0  // OpenSSL keeps its own reference to the session
            })
        if settings.kernelTLS { swiftcached_ssl_ctx_enable_ktls(ctx) }
        swiftcached_ssl_ctx_server_defaults(ctx)
        return ctx
    }

    /// memcached's load_server_certificates: chain, key, key check, CA list. Returns nil on success, else
    /// memcached's message (`<what>: <path> : <first OpenSSL error>\r\n`); the rest of OpenSSL's error
    /// queue goes to stderr.
    private static func loadCertificates(_ ctx: OpaquePointer, _ settings: TLSSettings) -> String? {
        var message: String? = nil
        if SSL_CTX_use_certificate_chain_file(ctx, settings.chainCert) != 1 {
            message = "Error loading the certificate chain: \(settings.chainCert ?? "(null)") : \(firstError())"
        } else if SSL_CTX_use_PrivateKey_file(ctx, settings.key, Int32(truncatingIfNeeded: settings.keyFormat)) != 1 {
            message = "Error loading the key: \(settings.key ?? "(null)") : \(firstError())"
        } else if SSL_CTX_check_private_key(ctx) != 1 {
            message = "Error validating the certificate: \(firstError())"
        } else if let ca = settings.caCert {
            if SSL_CTX_load_verify_locations(ctx, ca, nil) != 1 {
                message = "Error loading the CA certificate: \(ca) : \(firstError())"
            } else {
                SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(ca))
            }
        }
        guard let message else { return nil }
        swiftcached_err_print_stderr()
        return message + "\r\n"
    }

    /// The oldest error in this thread's OpenSSL queue, as `ERR_error_string_n` renders it (removed from
    /// the queue).
    private static func firstError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// `refresh_certs`: reloads the chain and key (and CA list) into a new context. Returns nil when it
    /// is in use, else memcached's error line (with its CRLF and no `ERROR` prefix).
    func refresh(now: UInt32) -> String? {
        let ctx: OpaquePointer
        do {
            ctx = try Self.makeContext(settings)
        } catch {
            return error.description
        }
        swiftcached_ssl_ctx_set_app_data(ctx, Unmanaged.passUnretained(self).toOpaque())
        let old = current.withLock { current -> OpaquePointer in
            let old = current.ctx
            current.ctx = ctx
            return old
        }
        SSL_CTX_free(old)  // connections made from it hold their own reference
        lastRefresh.store(now &+ 60, ordering: .relaxed)
        return nil
    }

    /// memcached's `time_since_server_cert_refresh`: its clock runs 60 s ahead of `uptime`, and the startup
    /// load is stamped 0, so just after start it shows about 62.
    func timeSinceRefresh(now: UInt32) -> UInt32 {
        (now &+ 60) &- lastRefresh.load(ordering: .relaxed)
    }

    /// A server-side SSL object for an accepted socket, or nil when OpenSSL refuses.
    func makeSSL(fd: Int32) -> OpaquePointer? {
        let ssl = current.withLock { SSL_new($0.ctx) }
        guard let ssl else {
            ERR_clear_error()
            return nil
        }
        guard SSL_set_fd(ssl, fd) == 1 else {
            ERR_clear_error()
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        return ssl
    }
}
