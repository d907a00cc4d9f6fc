// Options: swiftcached's command line, memcached 1.6.18's flags with their meanings and defaults
// (short and long forms), parsed by swift-argument-parser, and their translation into engine and server
// configurations.
import ArgumentParser
import CacheEngine
import CacheServer

struct Options: ParsableArguments {
    @Option(name: [.customShort("p", allowingJoined: true), .customLong("port")], help: "TCP port to listen on")
    var port: Int = 11211

    @Option(name: [.customShort("U", allowingJoined: true), .customLong("udp-port")], help: "UDP port to listen on")
    var udpPort: Int = 0

    @Option(
        name: [.customShort("s", allowingJoined: true), .customLong("unix-socket")],
        help: "UNIX socket to listen on (disables network support)")
    var unixSocket: String?

    @Option(
        name: [.customShort("a", allowingJoined: true), .customLong("unix-mask")],
        help: "access mask for UNIX socket, in octal")
    var unixMask: String = "700"

    @Flag(name: [.customShort("A"), .customLong("enable-shutdown")], help: "enable ascii \"shutdown\" command")
    var enableShutdown = false

    @Option(
        name: [.customShort("l", allowingJoined: true), .customLong("listen")],
        help: "interface to listen on (default: INADDR_ANY); comma list, host or host:port")
    var listen: [String] = []

    @Flag(name: [.customShort("d"), .customLong("daemon")], help: "run as a daemon")
    var daemon = false

    @Flag(name: [.customShort("r"), .customLong("enable-coredumps")], help: "maximize core file limit")
    var enableCoredumps = false

    @Option(
        name: [.customShort("u", allowingJoined: true), .customLong("user")],
        help: "assume identity of <username> (only when run as root)")
    var user: String?

    @Option(
        name: [.customShort("m", allowingJoined: true), .customLong("memory-limit")],
        help: "item memory in megabytes; read as memcached does (the leading number: 64m is 64, 1g is 1)")
    var memoryLimit: String = "64"

    @Flag(
        name: [.customShort("M"), .customLong("disable-evictions")],
        help: "return error on memory exhausted instead of evicting")
    var disableEvictions = false

    @Option(
        name: [.customShort("c", allowingJoined: true), .customLong("conn-limit")], help: "max simultaneous connections"
    )
    var connLimit: Int = 1024

    @Flag(name: [.customShort("k"), .customLong("lock-memory")], help: "lock down all paged memory")
    var lockMemory = false

    @Flag(
        name: [.customShort("v"), .customLong("verbose")],
        help: "verbose (print errors/warnings); -vv also client connections; -vvv internal state")
    var verbose: Int

    @Flag(name: [.customShort("i"), .customLong("license")], help: "print swiftcached and libevent license")
    var license = false

    @Flag(name: [.customShort("V"), .customLong("version")], help: "print version and exit")
    var version = false

    @Option(name: [.customShort("P", allowingJoined: true), .customLong("pidfile")], help: "save PID in <file>")
    var pidFile: String?

    @Option(
        name: [.customShort("f", allowingJoined: true), .customLong("slab-growth-factor")],
        help: "chunk size growth factor")
    var growthFactor: Double = 1.25

    @Option(
        name: [.customShort("n", allowingJoined: true), .customLong("slab-min-size")],
        help: "min space used for key+value+flags")
    var slabMinSize: Int = 48

    @Flag(
        name: [.customShort("L"), .customLong("enable-largepages")],
        help: "try to use large memory pages (always on: the slab arena asks for transparent huge pages)")
    var largePages = false

    @Option(
        name: [.customShort("D", allowingJoined: true)],
        help: "delimiter between key prefixes and IDs for per-prefix stats")
    var prefixDelimiter: String?

    @Option(name: [.customShort("t", allowingJoined: true), .customLong("threads")], help: "number of threads to use")
    var threads: Int = 4

    @Option(
        name: [.customShort("R", allowingJoined: true), .customLong("max-reqs-per-event")],
        help: "maximum number of requests per event")
    var maxRequestsPerEvent: Int = 20

    @Flag(name: [.customShort("C"), .customLong("disable-cas")], help: "disable use of CAS")
    var disableCAS = false

    @Option(
        name: [.customShort("b", allowingJoined: true), .customLong("listen-backlog")],
        help: "set the backlog queue limit")
    var backlog: Int = 1024

    @Option(
        name: [.customShort("B", allowingJoined: true), .customLong("protocol")],
        help: "protocol: ascii or auto (binary is not supported; default: auto, ascii with -Y)")
    var bindingProtocol: String?

    @Option(
        name: [.customShort("I", allowingJoined: true), .customLong("max-item-size")], help: "adjusts max item size")
    var maxItemSize: String = "1m"

    @Flag(name: [.customShort("S"), .customLong("enable-sasl")], help: "turn on Sasl authentication (not supported)")
    var enableSASL = false

    @Flag(name: [.customShort("F"), .customLong("disable-flush-all")], help: "disable flush_all command")
    var disableFlushAll = false

    @Flag(
        name: [.customShort("X"), .customLong("disable-dumping")],
        help: "disable stats cachedump and lru_crawler metadump")
    var disableDumping = false

    @Flag(name: [.customShort("W"), .customLong("disable-watch")], help: "disable watch commands (live logging)")
    var disableWatch = false

    @Option(
        name: [.customShort("Y", allowingJoined: true), .customLong("auth-file")],
        help: ArgumentHelp(
            "enable ASCII protocol authentication. format: user:pass\\nuser2:pass2\\n",
            discussion:
                "read-only users: -o auth_readonly_file=<file> (same format); the refresh_auth command re-reads both"
        ))
    var authFile: String?

    @Option(
        name: [.customShort("e", allowingJoined: true), .customLong("memory-file")],
        help: "mmap a file for item memory: a graceful stop (SIGUSR1) keeps the cache for the next start")
    var memoryFile: String?

    @Flag(
        name: [.customShort("Z"), .customLong("enable-ssl")],
        help: "enable TLS/SSL on the TCP listeners ('-l notls:<ip>:<port>' keeps one plain)")
    var enableSSL = false

    @Option(
        name: [.customShort("N", allowingJoined: true), .customLong("napi_ids")],
        help: "number of napi ids (accepted, not used)")
    var napiIDs: Int?

    @Option(
        name: [.customShort("o", allowingJoined: true), .customLong("extended")],
        help: ArgumentHelp(
            "comma separated list of extended options", discussion: ServerConfiguration.extendedOptionsHelpText))
    var extended: [String] = []
}

/// A command-line problem, reported like memcached does (message on stderr, exit status 1... or 64 from
/// the argument parser for syntax errors).
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

extension Options {
    /// Engine, server configuration and notes (accepted-but-ignored options) from the flags.
    func configurations() throws(UsageError) -> (EngineConfiguration, ServerConfiguration, [String]) {
        var engine = EngineConfiguration()
        var server = ServerConfiguration()
        var notes: [String] = []

        guard port >= 0 && port <= 65535 else { throw UsageError(description: "Invalid port number: \(port)") }
        guard udpPort >= 0 && udpPort <= 65535 else {
            throw UsageError(description: "Invalid UDP port number: \(udpPort)")
        }
        guard threads > 0 else { throw UsageError(description: "Number of threads must be greater than 0") }
        if threads > 64 {
            notes.append("WARNING: Setting a high number of worker threads is not recommended.")
        }
        guard maxRequestsPerEvent > 0 else {
            throw UsageError(description: "Number of requests per event must be greater than 0")
        }
        guard connLimit > 0 else { throw UsageError(description: "Number of connections must be greater than 0") }
        guard growthFactor > 1 else { throw UsageError(description: "Factor must be greater than 1") }
        guard slabMinSize > 0 else { throw UsageError(description: "Chunk size must be greater than 0") }
        // memcached also takes a negative -m (as an unsigned, practically unlimited size); swiftcached refuses it.
        let megabytes = ServerConfiguration.parseMegabytes(memoryLimit)
        guard megabytes >= 0 else { throw UsageError(description: "Memory limit must not be negative: \(memoryLimit)") }
        guard backlog > 0 else { throw UsageError(description: "Backlog must be greater than 0") }
        guard let mask = UInt32(unixMask, radix: 8), mask <= 0o777 else {
            throw UsageError(description: "Invalid unix socket mask: \(unixMask)")
        }
        guard let itemSize = ServerConfiguration.parseSize(maxItemSize) else {
            throw UsageError(description: "Invalid max item size: \(maxItemSize)")
        }
        let maxBytes = megabytes * 1024 * 1024
        if itemSize < 1024 { throw UsageError(description: "Item max size cannot be less than 1024 bytes.") }
        if itemSize > 1024 * 1024 * 1024 {
            throw UsageError(description: "Cannot set item size limit higher than a gigabyte.")
        }
        if itemSize > maxBytes / 2 {
            throw UsageError(description: "Cannot set item size limit higher than 1/2 of memory max.")
        }
        if authFile != nil && bindingProtocol != nil && bindingProtocol != "ascii" {
            throw UsageError(
                description: "ERROR: You cannot allow the BINARY protocol while using ascii authentication tokens.")
        }
        if authFile != nil && udpPort != 0 {
            throw UsageError(description: "Cannot use UDP with ascii authentication enabled (-U 0 to disable)")
        }
        let bindingProtocol = self.bindingProtocol ?? (authFile != nil ? "ascii" : "auto")
        switch bindingProtocol {
        case "ascii", "auto", "auto-negotiate": break
        case "binary": throw UsageError(description: "The binary protocol is not supported; use -B ascii")
        default:
            throw UsageError(
                description:
                    "Invalid value for binding protocol: \(bindingProtocol)\n -- should be one of auto, binary, or ascii"
            )
        }
        if enableSASL { throw UsageError(description: "SASL authentication is not supported (-S)") }
        if largePages {
            notes.append("NOTE: -L: the slab arena always uses transparent huge pages where the kernel allows.")
        }
        if napiIDs != nil {
            throw UsageError(description: "-N: NAPI-based thread selection is not supported by swiftcached")
        }

        engine.memoryLimit = maxBytes
        engine.chunkMinSize = slabMinSize
        engine.growthFactor = growthFactor
        engine.itemSizeMax = itemSize
        engine.memoryFile = memoryFile
        engine.evictionsEnabled = !disableEvictions
        engine.casEnabled = !disableCAS

        server.tcpPort = port
        server.udpPort = udpPort
        server.listenAddresses = listen.flatMap { $0.split(separator: ",").map { String($0) } }.filter { !$0.isEmpty }
        server.unixSocketPath = unixSocket
        server.unixSocketMask = mask
        server.backlog = backlog
        server.threads = threads
        server.maxConnections = connLimit
        server.requestsPerEvent = maxRequestsPerEvent
        server.shutdownEnabled = enableShutdown
        server.flushEnabled = !disableFlushAll
        server.dumpEnabled = !disableDumping
        server.watchEnabled = !disableWatch
        server.verbosity = verbose
        server.bindingProtocol = bindingProtocol == "ascii" ? "ascii" : "auto-negotiate"
        server.tls.enabled = enableSSL
        if let prefixDelimiter {
            // memcached: the first character is the delimiter, and -D also turns `stats detail` on.
            guard let first = prefixDelimiter.first else { throw UsageError(description: "No delimiter specified") }
            server.statKeyPrefix = String(first)
            server.detailEnabled = true
        }
        // memcached 1.6.18 keeps slab_chunk_max at half a page whatever -I is (bigger items are chained).

        do {
            notes += try server.applyExtendedOptions(extended, engine: &engine)
        } catch {
            throw UsageError(description: error.description)
        }
        if server.authReadOnlyFile != nil && authFile == nil {
            throw UsageError(description: "auth_readonly_file needs -Y (--auth-file)")
        }
        engine.hashPowerInitial = server.hashPowerInitial == 0 ? engine.hashPowerInitial : server.hashPowerInitial
        return (engine, server, notes)
    }
}
