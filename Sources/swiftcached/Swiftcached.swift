// swiftcached: the executable. Parses memcached-compatible flags, applies the process-level ones
// (root/-u, core dumps, fd limit, daemonizing, memory locking, pid file), builds the engine and the
// server, and blocks until SIGINT/SIGTERM (or `shutdown` with -A) stops them cleanly.
import ArgumentParser
import CacheEngine
import CacheServer
import Logging
import MemcacheProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Swiftcached: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftcached",
        abstract: "A memcached-compatible cache server.",
        discussion: "Flags follow memcached 1.6.18. Example: swiftcached -l 127.0.0.1 -p 11211 -m 64 -t 4")

    @OptionGroup var options: Options

    /// memcached reads its flags with getopt, so a value may be joined to its short flag even when it holds
    /// an `=` (`-ohot_lru_pct=10`); ArgumentParser would take `-ohot_lru_pct` for an option name. Joined
    /// values are split off before parsing.
    static func main() {
        // The server's messages in memcached's format on stderr (Log.swift).
        LoggingSystem.bootstrap(MemcachedStderrLogHandler.init)
        main(splittingJoinedValues(Array(CommandLine.arguments.dropFirst())))
    }

    /// The short flags that take a value (memcached's getopt string, the letters followed by `:`).
    static let shortFlagsWithValues: Set<Character> = [
        "p", "U", "s", "a", "l", "u", "m", "c", "P", "f", "n", "D", "t", "R", "b", "B", "I", "Y", "e", "N", "o",
    ]

    /// `-Xvalue` becomes `-X value` for the flags in `shortFlagsWithValues`; everything after `--` is kept.
    static func splittingJoinedValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result += arguments[(index - 1)...]
                break
            }
            let characters = Array(argument)
            if characters.count > 2, characters[0] == "-", characters[1] != "-",
                shortFlagsWithValues.contains(characters[1])
            {
                result += ["-" + String(characters[1]), String(characters[2...])]
                continue
            }
            result.append(argument)
            // A separate value is passed on as it is, even if it starts with "-".
            if characters.count == 2, characters[0] == "-", shortFlagsWithValues.contains(characters[1]),
                index < arguments.count
            {
                result.append(arguments[index])
                index += 1
            }
        }
        return result
    }

    func run() throws {
        if options.version {
            print(
                "swiftcached \(CacheServer.swiftcachedVersion) (compatible with memcached \(CacheServer.defaultVersion))"
            )
            return
        }
        if options.license {
            print(Self.licenseText)
            return
        }
        let engineConfiguration: EngineConfiguration
        let serverConfiguration: ServerConfiguration
        do {
            let (engine, server, notes) = try options.configurations()
            engineConfiguration = engine
            serverConfiguration = server
            for note in notes { ServerLog.writeStderr(note + "\n") }
        } catch {
            ServerLog.writeStderr(error.description + "\n")
            throw ExitCode(EX_USAGE)
        }

        // memcached loads the authfile right after checking its options; a problem exits with status 1.
        var credentials: Credentials? = nil
        if let authFile = options.authFile {
            do {
                let table = try AuthFile.load(path: authFile, readOnlyPath: serverConfiguration.authReadOnlyFile)
                credentials = Credentials(
                    path: authFile, readOnlyPath: serverConfiguration.authReadOnlyFile, table: table)
            } catch {
                ServerLog.writeStderr(error.description)
                throw ExitCode.failure
            }
        }

        // memcached loads its certificates right after parsing the flags (before dropping root), and exits
        // 64 with its message.
        var tlsContext: TLSContext? = nil
        if serverConfiguration.tls.enabled {
            do {
                tlsContext = try TLSContext(settings: serverConfiguration.tls)
            } catch {
                ServerLog.writeStderr(error.description)
                throw ExitCode(EX_USAGE)
            }
        }

        if !serverConfiguration.tls.enabled,
            serverConfiguration.listenAddresses.contains(where: { $0.hasPrefix("notls:") })
        {
            // memcached's words and status (it fails while binding, hence "Success" and EX_OSERR).
            ServerLog.writeStderr(
                "'notls' option is valid only when SSL is enabled\nfailed to listen on one of interface(s) "
                    + serverConfiguration.listenAddresses.joined(separator: ",") + ": Success\n")
            throw ExitCode(EX_OSERR)
        }
        if options.enableCoredumps { Self.maximizeCoreLimit() }
        Self.raiseFileLimit(for: serverConfiguration.maxConnections)
        try Self.dropRoot(user: options.user)
        if options.daemon {
            guard daemon(0, serverConfiguration.verbosity > 0 ? 1 : 0) == 0 else {
                ServerLog.writeStderr("failed to daemon() in order to daemonize\n")
                throw ExitCode.failure
            }
        }
        if options.lockMemory && mlockall(MCL_CURRENT | MCL_FUTURE) != 0 {
            ServerLog.writeStderr("warning: -k invalid, mlockall() failed: \(Self.errorText(errno))\n")
        }

        // Before any thread exists, so every thread inherits the blocked mask.
        CacheServer.blockTerminationSignals()

        let engine: CacheEngine
        do {
            engine = try Self.makeEngine(engineConfiguration, verbosity: serverConfiguration.verbosity)
        } catch {
            ServerLog.writeStderr("failed to create the cache engine: \(error)\n")
            throw ExitCode.failure
        }
        if serverConfiguration.verbosity >= 2 {
            for info in engine.slabClassInfo() {
                ServerLog.writeStderr(
                    "slab class \(Self.pad(info.id, 3)): chunk size \(Self.pad(info.chunkSize, 9)) perslab \(Self.pad(info.perPage, 7))\n"
                )
            }
        }
        engine.prefixStatistics.configure(
            delimiter: serverConfiguration.statKeyPrefix.utf8.first ?? UInt8(ascii: ":"),
            enabled: serverConfiguration.detailEnabled,
            hash: serverConfiguration.hashAlgorithm == "jenkins" ? .jenkins : .murmur3)
        if serverConfiguration.verbosity > 2 {
            // memcached's -vvv startup lines for the background threads this engine starts.
            if engineConfiguration.lruCrawler { ServerLog.writeStderr("Starting LRU crawler background thread\n") }
            if engineConfiguration.lruMaintainer {
                ServerLog.writeStderr("Starting LRU maintainer background thread\n")
            }
        }
        engine.startMaintenance(tickClock: false)  // the server ticks the clock
        engine.startPageMover()  // the slab page mover (automove runs in the maintainer)
        let server = CacheServer(
            configuration: serverConfiguration, engine: engine, credentials: credentials, tlsContext: tlsContext)
        if let pidFile = options.pidFile { Self.writePidFile(pidFile) }
        do {
            try server.start()
            try server.stopOnTerminationSignals()
        } catch {
            ServerLog.writeStderr("failed to start: \(error)\n")
            if let pidFile = options.pidFile { unlink(pidFile) }
            engine.stopMaintenance()
            engine.stopPageMover()
            throw ExitCode(EX_OSERR)
        }
        server.waitUntilStopped()
        engine.stopMaintenance()
        engine.stopPageMover()
        // memcached keeps the cache only on its graceful stop (SIGUSR1), not on SIGTERM/SIGINT.
        if server.stopSignal == SIGUSR1 && engineConfiguration.memoryFile != nil {
            do {
                try engine.saveWarmRestartImage()
            } catch {
                ServerLog.writeStderr("[restart] failed to save the cache for a warm restart: \(error)\n")
            }
        }
        if let pidFile = options.pidFile { unlink(pidFile) }
        if serverConfiguration.verbosity >= 1 { ServerLog.writeStderr("Exiting normally\n") }
    }

    /// The engine, warm from `-e`'s memory file when a graceful stop left matching metadata there, else
    /// cold, with memcached's `[restart]` log lines (one line says why a restart is cold).
    static func makeEngine(_ configuration: EngineConfiguration, verbosity: Int) throws(EngineError) -> CacheEngine {
        guard configuration.memoryFile != nil else {
            return try CacheEngine(configuration: configuration, clock: EngineClock())
        }
        switch CacheEngine.loadWarmRestartImage(for: configuration) {
        case .none:
            ServerLog.writeStderr("[restart] no metadata save file, starting with a clean cache\n")
        case .refused(let why):
            ServerLog.writeStderr("[restart] \(why); starting with a clean cache\n")
        case .image(let image):
            do {
                let engine = try CacheEngine(
                    configuration: configuration, clock: EngineClock(continuing: image.processStarted),
                    restoring: image)
                if verbosity >= 1, let report = engine.warmRestartReport {
                    ServerLog.writeStderr(
                        "[restart] restored \(report.items) items in \(report.microseconds / 1000) ms\n")
                }
                return engine
            } catch .warmRestartRefused(let why) {
                ServerLog.writeStderr("[restart] \(why); starting with a clean cache\n")
            }
        }
        return try CacheEngine(configuration: configuration, clock: EngineClock())
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let text = String(n)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    // MARK: - process setup

    static func errorText(_ err: Int32) -> String {
        guard let text = strerror(err) else { return "errno \(err)" }
        return String(validatingCString: text) ?? "errno \(err)"
    }

    /// memcached -r: raise the core file limit to the maximum.
    static func maximizeCoreLimit() {
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_CORE.rawValue), &limit) == 0 {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_CORE.rawValue), &limit) != 0 {
                ServerLog.writeStderr("failed to ensure corefile creation\n")
            }
        }
    }

    /// Like memcached: make room for -c connections plus the listeners and internal descriptors.
    static func raiseFileLimit(for connections: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let wanted = rlim_t(connections + 64)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 {
            ServerLog.writeStderr(
                "failed to set rlimit for open files. Try starting as root or requesting smaller maxconns value.\n")
        }
    }

    /// memcached refuses to run as root without -u; with -u it assumes that user's identity.
    static func dropRoot(user: String?) throws {
        guard getuid() == 0 || geteuid() == 0 else { return }
        guard let user, !user.isEmpty else {
            ServerLog.writeStderr("can't run as root without the -u switch\n")
            throw ExitCode(EX_USAGE)
        }
        guard let pw = getpwnam(user) else {
            ServerLog.writeStderr("can't find the user \(user) to switch to\n")
            throw ExitCode(EX_NOUSER)
        }
        if pw.pointee.pw_uid == 0 { return }  // -u root: nothing to change.
        if setgroups(0, nil) < 0 {
            ServerLog.writeStderr("failed to drop supplementary groups: \(errorText(errno))\n")
            throw ExitCode(EX_OSERR)
        }
        if setgid(pw.pointee.pw_gid) < 0 || setuid(pw.pointee.pw_uid) < 0 {
            ServerLog.writeStderr("failed to assume identity of user \(user)\n")
            throw ExitCode(EX_OSERR)
        }
    }

    static func writePidFile(_ path: String) {
        guard let file = fopen(path, "w") else {
            ServerLog.writeStderr("Could not open the pid file \(path) for writing: \(errorText(errno))\n")
            return
        }
        fputs("\(getpid())\n", file)
        fclose(file)
    }

    static let licenseText = """
        swiftcached: a memcached-compatible cache server written in Swift.
        See the LICENSE file distributed with swiftcached.
        It links libevent (https://libevent.org/), distributed under the 3-clause BSD license.
        """
}
