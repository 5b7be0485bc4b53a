/// A line and column in a source file, both counted from 1 (columns in Unicode scalars).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public var description: String { "\(line):\(column)" }
}

/// A parsed JSON5 value that remembers where it was written, so every later error can point at it.
public struct JSON5Node: Sendable {
    public var value: JSON5Value
    public var location: SourceLocation
    public init(_ value: JSON5Value, at location: SourceLocation) { self.value = value; self.location = location }
}

/// One member of a JSON5 object, in source order, with the key's own location.
public struct JSON5Member: Sendable {
    public var key: String
    public var keyLocation: SourceLocation
    public var value: JSON5Node
}

/// The JSON5 data model. Objects keep their members in source order (never a Dictionary),
/// so anything derived from a file is independent of Swift's per-process hashing seed.
public enum JSON5Value: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON5Node])
    case object([JSON5Member])

    /// The kind's name as an error message shows it ("a string", "an object").
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? "\(Int64(n))" : "\(n)"
        case .string(let s): return "\"\(s)\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A syntax error in a JSON5 document, with the position a user can jump to.
public struct JSON5SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation
    public var description: String { "\(location): \(message)" }
}
