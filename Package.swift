// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "swiftcached",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swiftcached", targets: ["swiftcached"]),
        .library(name: "CacheEngine", targets: ["CacheEngine"]),
        .library(name: "MemcacheProtocol", targets: ["MemcacheProtocol"]),
        .library(name: "CacheServer", targets: ["CacheServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibevent",
            providers: [.apt(["libevent-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "CacheEngine"),
        .target(name: "MemcacheProtocol", dependencies: ["CacheEngine"]),
        .target(
            name: "CacheServer",
            dependencies: [
                "CLibevent", "COpenSSL", "CacheEngine", "MemcacheProtocol",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "swiftcached",
            dependencies: [
                "CacheServer",
                "MemcacheProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "CacheEngineTests", dependencies: ["CacheEngine"]),
        .testTarget(name: "MemcacheProtocolTests", dependencies: ["MemcacheProtocol"]),
        .testTarget(name: "CacheServerTests", dependencies: ["CacheServer", "COpenSSL"]),
    ],
    swiftLanguageModes: [.v6]
)
