// Posix: the C calls that a Swift function of the same name hides inside a type (`Sockets.bind`,
// `Connection.close`), reachable without naming the C module (Glibc, Musl or Darwin), and the two halves of
// the eventfd wake-up the listener and the workers use (create, signal, drain).

import CLibevent

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// bind(2).
@inline(__always)
func posixBind(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    bind(fd, address, length)
}

/// close(2).
@inline(__always) @discardableResult
func posixClose(_ fd: Int32) -> Int32 {
    close(fd)
}

/// A non-blocking eventfd for waking the event loop of `base`; on failure frees `base` (its owner cannot
/// be created) and throws.
func eventfdCreate(freeingOnFailure base: OpaquePointer) throws(ServerError) -> Int32 {
    let fd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
    guard fd >= 0 else {
        event_base_free(base)
        throw .system("eventfd", errno)
    }
    return fd
}

/// Signals the eventfd `fd` (adds 1), waking the event loop that watches it.
@inline(__always)
func eventfdSignal(_ fd: Int32) {
    var one: UInt64 = 1
    _ = write(fd, &one, 8)
}

/// Resets the eventfd `fd` after a wake-up (reads and drops its counter).
@inline(__always)
func eventfdDrain(_ fd: Int32) {
    var value: UInt64 = 0
    _ = read(fd, &value, 8)
}
