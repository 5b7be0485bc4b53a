import Foundation

/// Turns scenario files (JSON5) into `Scenario` values, reporting every problem with its
/// file, line, column, key path and expectation.
public enum ScenarioLoader {
    /// Reads and decodes the file at `path`.
    public static func load(path: String) throws(ScenarioLoadError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "does not exist"
            throw ScenarioLoadError(issues: [ScenarioIssue(file: path, location: nil, path: "", message: "the file \(reason)")])
        }
        return try decode(bytes: [UInt8](data), file: path)
    }

    /// Decodes scenario text; `file` names it in error messages.
    public static func decode(_ text: String, file: String = "<scenario>") throws(ScenarioLoadError) -> Scenario {
        try decode(bytes: Array(text.utf8), file: file)
    }

    public static func decode(bytes: [UInt8], file: String) throws(ScenarioLoadError) -> Scenario {
        let root: JSON5Node
        // A duplicate key is reported and the parse goes on, so the file's other problems are listed too.
        var duplicates: [JSON5SyntaxError] = []
        let reader = NodeReader(file: file)
        do {
            var parser = JSON5Parser(bytes: bytes)
            root = try parser.parseDocument(duplicateKeys: &duplicates)
        } catch {
            for duplicate in duplicates { reader.report(duplicate.location, "", duplicate.message) }
            reader.report(error.location, "", error.message)
            throw ScenarioLoadError(issues: ScenarioIssue.inFileOrder(reader.issues))
        }
        for duplicate in duplicates { reader.report(duplicate.location, "", duplicate.message) }
        let scenario = ScenarioDecoding(reader: reader).scenario(root)
        if let scenario, reader.issues.isEmpty { return scenario }
        if reader.issues.isEmpty {
            throw ScenarioLoadError(issues: [ScenarioIssue(file: file, location: root.location, path: "", message: "not a scenario")])
        }
        throw ScenarioLoadError(issues: ScenarioIssue.inFileOrder(reader.issues))
    }
}
