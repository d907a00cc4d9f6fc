// swift-tools-version:6.1
// Microbenchmarks of the request hot path (ordo-one/benchmark, "package-benchmark"), kept as a package of
// their own so that neither the server's build nor the load-generator package (`Benchmarks/Package.swift`)
// pulls in the benchmark framework and its malloc interposer.
//
// - `ProtocolBenchmarks`: the MemcacheProtocol module: tokenizing request lines, and `ProtocolSession.process`
//   (parse + execute against a CacheEngine + write the response into an OutputBuffer), the exact call
//   the server makes per batch of requests.
// - `EngineBenchmarks`: the CacheEngine module alone: get hit/miss, set, incr, delete.
//
// Every benchmark measures wall clock, throughput and mallocCountTotal (counted by the malloc interposer);
// the malloc-free ones carry a zero-tolerance threshold on mallocCountTotal (see Thresholds/ and
// Benchmarks/README.md, "Microbenchmarks").
//
// Run from this folder:  swift package --disable-sandbox benchmark
// Check the zero-malloc thresholds (exit code 2 on a regression):
//                         swift package --disable-sandbox benchmark thresholds check
import PackageDescription

let package = Package(
    name: "swiftcached-micro",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The root package directory may have any name, so name it explicitly.
        .package(name: "swiftcached", path: "../../"),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Fixture helpers shared by both suites (key/value buffers, a no-op ServerHooks). Only used outside
        // the measured loops, except the @inlinable key accessors.
        .target(
            name: "MicroSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CacheEngine", package: "swiftcached"),
                .product(name: "MemcacheProtocol", package: "swiftcached"),
            ]
        ),
        .executableTarget(
            name: "ProtocolBenchmarks",
            dependencies: [
                "MicroSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CacheEngine", package: "swiftcached"),
                .product(name: "MemcacheProtocol", package: "swiftcached"),
            ],
            path: "Benchmarks/ProtocolBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                "MicroSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CacheEngine", package: "swiftcached"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
