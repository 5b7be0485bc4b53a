/// One problem with a scenario file: where it is, which key, and what was expected.
public struct ScenarioIssue: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    /// The key path, as `clusters[1].latency.p99`; empty for the whole document.
    public var path: String
    public var message: String

    public init(file: String, location: SourceLocation?, path: String, message: String) {
        self.file = file
        self.location = location
        self.path = path
        self.message = message
    }

    /// The issues sorted by line, then column; issues without a location follow, in the order given.
    /// The sort is stable, so issues at one position keep the order they were found in.
    public static func inFileOrder(_ issues: [ScenarioIssue]) -> [ScenarioIssue] {
        issues.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (x?, y?): return (x.line, x.column, a.offset) < (y.line, y.column, b.offset)
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// `file:line:column: path: message`, the shape editors and terminals turn into links.
    public var description: String {
        var text = file
        if let location { text += ":\(location.line):\(location.column)" }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}

/// Every problem found in a scenario file; loading reports them all at once, in file order.
public struct ScenarioLoadError: Error, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]
    public init(issues: [ScenarioIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
