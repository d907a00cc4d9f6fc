// swift-tools-version:6.0
// Benchmarks for swiftcached, kept as a separate package so that the server's own build never pulls in
// benchmark dependencies. `LoadGen` is a closed-loop memcached load generator that speaks the text protocol
// over raw sockets; `run-side-by-side` (next to this file) drives it against two servers.
//
// This package is self-contained on purpose: it does not depend on the root package yet. An in-process
// `EngineBench` target can be added later with `.package(path: "../")` and a dependency on `CacheEngine`.
import PackageDescription

let package = Package(
    name: "swiftcached-benchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "LoadGen", targets: ["LoadGen"])
    ],
    dependencies: [
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
    ],
    swiftLanguageModes: [.v6]
)
