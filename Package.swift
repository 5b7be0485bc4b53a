// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Lab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lab", targets: ["Lab"]),
        .library(name: "LabKit", targets: ["Actors", "Scenarios", "Protocols", "Recorder"]),
        .library(name: "LabProtocols", targets: ["Protocols"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "Protocols"),
        .target(name: "Scenarios", dependencies: ["Protocols"]),
        .target(name: "Recorder", dependencies: ["CSQLite", "Scenarios"]),
        .target(name: "Actors", dependencies: ["Scenarios", "Protocols", "Recorder"]),
        .executableTarget(name: "Lab", dependencies: ["Actors", "Scenarios", "Recorder", "Protocols"]),
        .testTarget(name: "ProtocolsTests", dependencies: ["Protocols"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios"]),
        .testTarget(name: "RecorderTests", dependencies: ["Recorder"]),
        .testTarget(name: "ActorsTests", dependencies: ["Actors", "Scenarios"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Actors", "Scenarios", "Recorder"],
                    exclude: ["BreakerCases"]),
    ],
    swiftLanguageModes: [.v6]
)
