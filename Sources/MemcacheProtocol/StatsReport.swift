// StatsReport: the lines of `stats`, `stats items` and `stats slabs` as (name, value) pairs, in memcached
// 1.6.18's names and order. The stats commands write these lines, and the Prometheus endpoint
// (CacheServer's MetricsEndpoint) reads the very same lines, so every figure is computed in one place and a
// scrape always agrees with what `stats` prints. Not on the hot path.

import CacheEngine

/// The reports behind `stats`, `stats items` and `stats slabs`.
public enum StatsReport {
    /// Plain `stats`: the server's and the engine's lines merged in memcached's order (fields neither side
    /// reports are 0, as `generalStatsOrder` explains), then any lines either side reports that memcached
    /// does not have.
    public static func general(hooks: any ServerHooks, engine: CacheEngine) -> [(String, String)] {
        var values: [String: String] = [:]
        var extras: [(String, String)] = []
        let known = Set(generalStatsOrder)
        for (name, value) in hooks.serverStats() {
            values[name] = value
            if !known.contains(name) { extras.append((name, value)) }
        }
        for (name, value) in engine.statsSnapshot().namedValues where values[name] == nil {
            values[name] = String(value)
            if !known.contains(name) { extras.append((name, String(value))) }
        }
        let moverOff = !engine.configuration.slabReassign
        var lines: [(String, String)] = []
        lines.reserveCapacity(generalStatsOrder.count + extras.count)
        for name in generalStatsOrder {
            // memcached prints the page mover's lines only with slab_reassign on.
            if moverOff && (name == "slabs_moved" || name.hasPrefix("slab_reassign_")) { continue }
            if let value = values[name] {
                lines.append((name, value))
            } else if !textualGeneralStats.contains(name) && !EngineStats.conditionalNames.contains(name)
                && !conditionalServerStats.contains(name)
            {
                lines.append((name, "0"))
            }
        }
        return lines + extras
    }

    /// One slab class's lines (names without the class prefix), in memcached's order.
    public struct ClassLines: Sendable {
        public var id: Int
        public var lines: [(String, UInt64)]

        public init(id: Int, lines: [(String, UInt64)]) {
            self.id = id
            self.lines = lines
        }
    }

    /// `stats items`, class by class: each line is printed as `items:<class>:<name>`.
    public static func itemClasses(engine: CacheEngine) -> [ClassLines] {
        engine.itemStats().map { ClassLines(id: $0.id, lines: $0.namedValues) }
    }

    /// `stats slabs`, class by class (each line printed as `<class>:<name>`), then the totals
    /// (`active_slabs`, `total_malloced`).
    public static func slabClasses(engine: CacheEngine) -> (classes: [ClassLines], totals: [(String, UInt64)]) {
        let classes = engine.slabStats().map { ClassLines(id: $0.id, lines: $0.namedValues) }
        return (
            classes,
            [("active_slabs", UInt64(classes.count)), ("total_malloced", engine.statsSnapshot().totalMalloced)]
        )
    }

    /// `stats items` as printed: `items:<class>:<name>` lines.
    public static func items(engine: CacheEngine) -> [(String, UInt64)] {
        itemClasses(engine: engine).flatMap { itemClass in
            itemClass.lines.map { ("items:\(itemClass.id):\($0.0)", $0.1) }
        }
    }

    /// `stats slabs` as printed: `<class>:<name>` lines, then `active_slabs` and `total_malloced`.
    public static func slabs(engine: CacheEngine) -> [(String, UInt64)] {
        let (classes, totals) = slabClasses(engine: engine)
        return classes.flatMap { slabClass in slabClass.lines.map { ("\(slabClass.id):\($0.0)", $0.1) } } + totals
    }
}
