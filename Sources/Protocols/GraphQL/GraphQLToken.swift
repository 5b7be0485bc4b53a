/// A position in a GraphQL document, 1-based, columns counted in Unicode scalars as the
/// GraphQL spec and graphql-js count them.
public struct GraphQLSourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
    public var json: JSONValue { .object([JSONMember("line", .int(Int64(line))), JSONMember("column", .int(Int64(column)))]) }
}

/// A syntax error with the position it was found at, worded as graphql-js words them.
public struct GraphQLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var location: GraphQLSourceLocation
    public init(_ message: String, at location: GraphQLSourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "Syntax Error: \(message) (\(location))" }
}

/// The lexical tokens of GraphQL (spec §2.1).
enum GraphQLTokenKind: Sendable, Equatable {
    case startOfFile, endOfFile
    case bang, dollar, ampersand, parenLeft, parenRight, spread, colon, equals, at, bracketLeft, bracketRight,
         braceLeft, pipe, braceRight
    case name, int, float, string, blockString

    var display: String {
        switch self {
        case .startOfFile: return "<SOF>"
        case .endOfFile: return "<EOF>"
        case .bang: return "'!'"
        case .dollar: return "'$'"
        case .ampersand: return "'&'"
        case .parenLeft: return "'('"
        case .parenRight: return "')'"
        case .spread: return "'...'"
        case .colon: return "':'"
        case .equals: return "'='"
        case .at: return "'@'"
        case .bracketLeft: return "'['"
        case .bracketRight: return "']'"
        case .braceLeft: return "'{'"
        case .pipe: return "'|'"
        case .braceRight: return "'}'"
        case .name: return "Name"
        case .int: return "Int"
        case .float: return "Float"
        case .string: return "String"
        case .blockString: return "BlockString"
        }
    }
}

struct GraphQLToken: Sendable {
    var kind: GraphQLTokenKind
    /// Byte offset of the token's first byte.
    var start: Int
    var end: Int
    /// The name, the number's text, or the string's decoded value.
    var value: String
}
