import Foundation

/// Paths to the repository's scenario files, found from this source file's location.
enum ScenarioFixtures {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static func path(_ name: String) -> String { root + "/Scenarios/" + name }
}
