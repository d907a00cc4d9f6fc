// TLSStream: one connection's TLS layer over a non-blocking socket. Drives SSL_accept step by step from
// the worker's readiness events, decrypts into the connection's read buffer with SSL_read and encrypts
// from its output buffer with SSL_write, and reports "would block in this direction" to the connection,
// which arms its libevent events accordingly. No allocation per request.
import COpenSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// What one TLS operation did.
enum TLSIO: Equatable {
    /// Plaintext bytes moved (0 for a completed handshake step).
    case bytes(Int)
    /// Blocked until the socket is readable.
    case wantRead
    /// Blocked until the socket is writable.
    case wantWrite
    /// The peer closed the TLS session (close_notify) or the TCP stream.
    case closed
    /// A protocol or socket error: the connection must close. Carries SSL_get_error's code and errno.
    case failed(code: Int32, errno: Int32)
}

/// One connection's SSL object and its retry state.
///
/// Thread rule: owned by a single Connection and used only on its worker thread (OpenSSL's per-SSL
/// state is not thread-safe; the per-thread error queue is cleared after every failure). Hence
/// `@unchecked Sendable`.
final class TLSStream: @unchecked Sendable {
    private let ssl: OpaquePointer
    /// Most plaintext bytes per SSL_write (`ssl_wbuf_size`; memcached copies its iovecs into a buffer of
    /// this size, here the output buffer is already contiguous, so the same batch is written in place).
    private let writeChunk: Int
    /// True once SSL_accept has completed.
    private(set) var isEstablished = false
    /// A fatal error happened: no close_notify on close.
    private var broken = false
    /// Length of an SSL_write that returned "would block": OpenSSL requires the retry to pass the same
    /// bytes and length (the address may change: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).
    private var retryLength = 0

    init(ssl: OpaquePointer, writeChunk: Int) {
        self.ssl = ssl
        self.writeChunk = max(1, writeChunk)
    }

    deinit {
        SSL_free(ssl)
    }

    /// One step of the server handshake.
    func handshake() -> TLSIO {
        let rc = SSL_accept(ssl)
        if rc == 1 {
            isEstablished = true
            return .bytes(0)
        }
        return failure(rc)
    }

    /// SSL_read into `buffer`; `.bytes(n)` with n > 0, or why nothing was read.
    @inline(__always)
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> TLSIO {
        let rc = SSL_read(ssl, buffer, Int32(clamping: count))
        if rc > 0 { return .bytes(Int(rc)) }
        return failure(rc)
    }

    /// True when OpenSSL holds decrypted bytes that no socket event will announce.
    @inline(__always)
    var hasBufferedPlaintext: Bool { SSL_pending(ssl) > 0 }

    /// SSL_write of the first bytes of `bytes` (at most `ssl_wbuf_size`, or exactly the length of a
    /// write being retried). `bytes` must start with the same bytes as at the previous call.
    @inline(__always)
    func write(_ bytes: UnsafeRawBufferPointer) -> TLSIO {
        let length = retryLength > 0 ? retryLength : min(bytes.count, writeChunk)
        let rc = SSL_write(ssl, bytes.baseAddress, Int32(clamping: length))
        if rc > 0 {
            retryLength = 0
            return .bytes(Int(rc))
        }
        let result = failure(rc)
        if result == .wantRead || result == .wantWrite { retryLength = length }
        return result
    }

    /// Sends close_notify when the session is healthy (best effort, never waits), as memcached's close
    /// does with SSL_shutdown.
    func shutdown() {
        guard isEstablished && !broken else { return }
        if SSL_shutdown(ssl) < 0 { ERR_clear_error() }
    }

    /// Classifies a failed SSL call and leaves this thread's error queue empty.
    private func failure(_ rc: Int32) -> TLSIO {
        let savedErrno = errno
        let code = SSL_get_error(ssl, rc)
        switch code {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case SSL_ERROR_ZERO_RETURN:
            return .closed
        default:
            broken = true
            ERR_clear_error()
            return .failed(code: code, errno: savedErrno)
        }
    }
}
