// swift-tools-version:6.0
// Microbenchmarks for the CacheEngine module, kept out of the main package so they never slow its build.
import PackageDescription

let package = Package(
    name: "swiftcached-benchmarks",
    platforms: [.macOS(.v15)],
    // The root package directory may have any name, so name it explicitly.
    dependencies: [.package(name: "swiftcached", path: "../")],
    targets: [
        .executableTarget(
            name: "EngineBench",
            dependencies: [.product(name: "CacheEngine", package: "swiftcached")]
        )
    ],
    swiftLanguageModes: [.v6]
)
