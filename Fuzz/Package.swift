// swift-tools-version:6.0
// A libFuzzer target for swiftcached's protocol session, kept as a separate package so the server's own
// build and CI never depend on the fuzzing toolchain (sanitizers, libFuzzer). `run-fuzz` (next to this
// file) builds it with `-sanitize=fuzzer,address` and runs it; see README.md.
import PackageDescription

let package = Package(
    name: "swiftcached-fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "SessionFuzzer", targets: ["SessionFuzzer"])
    ],
    dependencies: [
        // The root package directory may have any name, so name it explicitly.
        .package(name: "swiftcached", path: "../")
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "SessionFuzzer",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "CacheEngine", package: "swiftcached"),
                .product(name: "MemcacheProtocol", package: "swiftcached"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
