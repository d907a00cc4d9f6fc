// ServerError: the errors CacheServer reports while starting (socket setup, threads, libevent).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible, Sendable {
    /// A system call failed with this errno.
    case system(String, Int32)
    /// An address from `-l` could not be resolved or bound.
    case address(String, String)
    /// A libevent call failed.
    case libevent(String)
    /// The configuration is not usable.
    case configuration(String)

    public var description: String {
        switch self {
        case .system(let call, let err): return "\(call) failed: \(String(cString: strerror(err)))"
        case .address(let addr, let why): return "\(addr): \(why)"
        case .libevent(let what): return "libevent: \(what)"
        case .configuration(let what): return what
        }
    }
}
