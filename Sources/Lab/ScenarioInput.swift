import Foundation
import Scenarios

/// The scenario file a command was given, checked before it is loaded so that a directory, a
/// missing file or a file the user may not read is named as such, with the system's reason.
enum ScenarioInput {
    /// A scenario file as read: its bytes, exactly, and the scenario they decode to. A reproduction
    /// bundle keeps the bytes, so that a replay runs what the run ran even if the file changes later.
    struct Read {
        var scenario: Scenario
        var bytes: [UInt8]
    }

    /// Loads the scenario at `path`; every problem, the file's own included, is an issue.
    static func load(_ path: String) throws(ScenarioLoadError) -> Scenario {
        try read(path).scenario
    }

    /// Reads the file at `path` once and decodes those bytes; every problem, the file's own included, is an issue.
    static func read(_ path: String) throws(ScenarioLoadError) -> Read {
        if let problem = problem(at: path) {
            throw ScenarioLoadError(issues: [ScenarioIssue(file: path, location: nil, path: "", message: problem)])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioLoadError(issues: [ScenarioIssue(file: path, location: nil, path: "", message: "cannot be read")])
        }
        let bytes = [UInt8](data)
        return Read(scenario: try ScenarioLoader.decode(bytes: bytes, file: path), bytes: bytes)
    }

    /// Why `path` cannot be read as a scenario file, or nil when it can be opened for reading.
    static func problem(at path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let reason = errno
            if reason == ENOENT { return "does not exist" }
            return "cannot be read: \(String(cString: strerror(reason)))"
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            return "is a directory, not a scenario file" + suggestions(in: path)
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "cannot be read: \(String(cString: strerror(errno)))" }
        close(descriptor)
        return nil
    }

    /// " (it holds a.json5, b.json5)": the scenario files a directory holds, sorted, the first five.
    private static func suggestions(in directory: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json5") }.sorted()
        guard !names.isEmpty else { return "" }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
        return " (it holds \(shown))"
    }
}
