@testable import Scenarios

/// Loading scenario text in tests: the issues, or none when it loads.
enum Load {
    static func issues(_ text: String, file: String = "bad.json5") -> [ScenarioIssue] {
        do {
            _ = try ScenarioLoader.decode(text, file: file)
            return []
        } catch {
            return error.issues
        }
    }

    static func described(_ issues: [ScenarioIssue]) -> [String] { issues.map { "\($0.path): \($0.message)" } }

    /// `text` with `old` replaced, failing loudly when `old` is not there (a test that edits nothing proves nothing).
    static func replacing(_ text: String, _ old: String, _ new: String) -> String {
        precondition(text.contains(old), "fixture lacks \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }
}
