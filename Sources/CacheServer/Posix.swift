// Posix: the C calls that a Swift function of the same name hides inside a type (`Sockets.bind`,
// `Connection.close`), reachable without naming the C module (Glibc, Musl or Darwin).

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
