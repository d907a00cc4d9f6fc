// swift-tools-version:6.0
// Benchmarks for swiftcached, kept as a separate package so that the server's own build never pulls in
// benchmark dependencies.
// - `LoadGen`: a closed-loop memcached load generator speaking the text protocol over raw sockets;
//   `run-side-by-side` (next to this file) drives it against swiftcached and memcached.
// - `EngineBench`: in-process microbenchmarks of the CacheEngine module (ns/op, RSS per item).
import PackageDescription

let package = Package(
    name: "swiftcached-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "LoadGen", targets: ["LoadGen"]),
        .executable(name: "EngineBench", targets: ["EngineBench"]),
    ],
    dependencies: [
        // The root package directory may have any name, so name it explicitly.
        .package(name: "swiftcached", path: "../"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "CLoadGenSupport"),
        .executableTarget(
            name: "LoadGen",
            dependencies: [
                "CLoadGenSupport",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "EngineBench",
            dependencies: [.product(name: "CacheEngine", package: "swiftcached")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
