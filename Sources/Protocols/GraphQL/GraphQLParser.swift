/// A recursive-descent parser for executable GraphQL documents (October 2021 spec, plus the
/// descriptions on operations, variables and fragments that graphql-js 17 and graphql-core 3.3
/// accept, and empty selection sets, which they also accept).
///
/// Type system definitions are recognised and rejected: the lab executes documents against a
/// mock schema declared in the scenario, never one sent by a client. Nesting deeper than 200
/// levels is rejected, as graphql-js does.
public struct GraphQLParser {
    public static let maximumNesting = 200

    private var lexer: GraphQLLexer
    private var token: GraphQLToken
    private var lookahead: GraphQLToken?
    private var depth = 0

    /// Parses `text`; throws the first syntax error with its line and column.
    public static func parse(_ text: String) throws(GraphQLSyntaxError) -> GraphQLDocument {
        try parse(bytes: Array(text.utf8))
    }

    public static func parse(bytes: [UInt8]) throws(GraphQLSyntaxError) -> GraphQLDocument {
        var parser = GraphQLParser(bytes)
        try parser.advance()
        return try parser.document()
    }

    private init(_ bytes: [UInt8]) {
        lexer = GraphQLLexer(bytes)
        token = GraphQLToken(kind: .startOfFile, start: 0, end: 0, value: "")
    }

    // MARK: Tokens

    private mutating func advance() throws(GraphQLSyntaxError) {
        if let next = lookahead {
            token = next
            lookahead = nil
        } else {
            token = try lexer.next()
        }
    }

    private mutating func peekNext() throws(GraphQLSyntaxError) -> GraphQLToken {
        if let next = lookahead { return next }
        let next = try lexer.next()
        lookahead = next
        return next
    }

    private mutating func here() -> GraphQLSourceLocation { lexer.location(of: token.start) }

    private mutating func unexpected(_ found: GraphQLToken? = nil) -> GraphQLSyntaxError {
        let found = found ?? token
        return GraphQLSyntaxError("Unexpected \(Self.describe(found)).", at: lexer.location(of: found.start))
    }

    private static func describe(_ token: GraphQLToken) -> String {
        switch token.kind {
        case .name: return "Name '\(token.value)'"
        case .int, .float: return "\(token.kind.display) '\(token.value)'"
        case .string: return "String"
        case .blockString: return "BlockString"
        default: return token.kind.display
        }
    }

    private mutating func expect(_ kind: GraphQLTokenKind) throws(GraphQLSyntaxError) -> GraphQLToken {
        guard token.kind == kind else {
            throw GraphQLSyntaxError("Expected \(kind.display), found \(Self.describe(token)).", at: here())
        }
        let taken = token
        try advance()
        return taken
    }

    private mutating func skip(_ kind: GraphQLTokenKind) throws(GraphQLSyntaxError) -> Bool {
        guard token.kind == kind else { return false }
        try advance()
        return true
    }

    private mutating func expectKeyword(_ keyword: String) throws(GraphQLSyntaxError) {
        guard token.kind == .name, token.value == keyword else {
            throw GraphQLSyntaxError("Expected '\(keyword)', found \(Self.describe(token)).", at: here())
        }
        try advance()
    }

    private mutating func name() throws(GraphQLSyntaxError) -> String { try expect(.name).value }

    private mutating func nest() throws(GraphQLSyntaxError) {
        depth += 1
        if depth > Self.maximumNesting {
            throw GraphQLSyntaxError("Document nests deeper than \(Self.maximumNesting) levels.", at: here())
        }
    }

    // MARK: Definitions

    private static let typeSystemKeywords: Set<String> = ["schema", "scalar", "type", "interface", "union", "enum", "input", "directive", "extend"]

    private mutating func document() throws(GraphQLSyntaxError) -> GraphQLDocument {
        var document = GraphQLDocument(operations: [], fragments: [])
        repeat {
            try definition(into: &document)
        } while token.kind != .endOfFile
        return document
    }

    private mutating func definition(into document: inout GraphQLDocument) throws(GraphQLSyntaxError) {
        if token.kind == .braceLeft {
            let location = here()
            document.operations.append(GraphQLOperation(kind: .query, name: nil, description: nil, variables: [], directives: [],
                                                        selections: try selectionSet(), location: location))
            return
        }
        let hasDescription = token.kind == .string || token.kind == .blockString
        let keyword = hasDescription ? try peekNext() : token
        if hasDescription && keyword.kind == .braceLeft {
            throw GraphQLSyntaxError("Unexpected description, descriptions are not supported on shorthand queries.", at: here())
        }
        guard keyword.kind == .name else { throw unexpected(keyword) }
        switch keyword.value {
        case "query", "mutation", "subscription":
            document.operations.append(try operation())
        case "fragment":
            document.fragments.append(try fragmentDefinition())
        case let word where Self.typeSystemKeywords.contains(word):
            throw GraphQLSyntaxError("Type system definitions are not executable; declare the schema in the scenario.",
                                     at: lexer.location(of: keyword.start))
        default:
            if hasDescription {
                throw GraphQLSyntaxError("Unexpected description, only GraphQL definitions support descriptions.", at: here())
            }
            throw unexpected(keyword)
        }
    }

    private mutating func description() throws(GraphQLSyntaxError) -> String? {
        guard token.kind == .string || token.kind == .blockString else { return nil }
        let text = token.value
        try advance()
        return text
    }

    private mutating func operation() throws(GraphQLSyntaxError) -> GraphQLOperation {
        let location = here()
        let description = try description()
        let kindToken = try expect(.name)
        guard let kind = GraphQLOperationKind(rawValue: kindToken.value) else { throw unexpected(kindToken) }
        let name = token.kind == .name ? try self.name() : nil
        return GraphQLOperation(kind: kind, name: name, description: description, variables: try variableDefinitions(),
                                directives: try directives(const: false), selections: try selectionSet(), location: location)
    }

    private mutating func variableDefinitions() throws(GraphQLSyntaxError) -> [GraphQLVariableDefinition] {
        guard try skip(.parenLeft) else { return [] }
        var definitions: [GraphQLVariableDefinition] = []
        repeat {
            let location = here()
            _ = try description()
            _ = try expect(.dollar)
            let name = try self.name()
            _ = try expect(.colon)
            let type = try typeReference()
            let defaultValue = try skip(.equals) ? try value(const: true) : nil
            definitions.append(GraphQLVariableDefinition(name: name, type: type, defaultValue: defaultValue,
                                                         directives: try directives(const: true), location: location))
        } while !(try skip(.parenRight))
        return definitions
    }

    private mutating func typeReference() throws(GraphQLSyntaxError) -> GraphQLTypeReference {
        var type: GraphQLTypeReference
        if try skip(.bracketLeft) {
            try nest()
            let inner = try typeReference()
            depth -= 1
            _ = try expect(.bracketRight)
            type = .list(inner)
        } else {
            type = .named(try name())
        }
        if try skip(.bang) { type = .nonNull(type) }
        return type
    }

    private mutating func fragmentDefinition() throws(GraphQLSyntaxError) -> GraphQLFragmentDefinition {
        let location = here()
        let description = try description()
        try expectKeyword("fragment")
        if token.kind == .name && token.value == "on" { throw unexpected() }
        let name = try self.name()
        try expectKeyword("on")
        let typeCondition = try self.name()
        return GraphQLFragmentDefinition(name: name, description: description, typeCondition: typeCondition,
                                         directives: try directives(const: false), selections: try selectionSet(), location: location)
    }

    // MARK: Selections

    private mutating func selectionSet() throws(GraphQLSyntaxError) -> [GraphQLSelection] {
        _ = try expect(.braceLeft)
        try nest()
        var selections: [GraphQLSelection] = []
        while !(try skip(.braceRight)) {
            selections.append(try selection())
        }
        depth -= 1
        return selections
    }

    private mutating func selection() throws(GraphQLSyntaxError) -> GraphQLSelection {
        let location = here()
        guard try skip(.spread) else { return .field(try field()) }
        let hasTypeCondition = token.kind == .name && token.value == "on"
        if hasTypeCondition { try advance() }
        if !hasTypeCondition && token.kind == .name {
            let name = try self.name()
            return .fragmentSpread(name: name, directives: try directives(const: false), location: location)
        }
        let typeCondition = hasTypeCondition ? try name() : nil
        return .inlineFragment(typeCondition: typeCondition, directives: try directives(const: false),
                               selections: try selectionSet(), location: location)
    }

    private mutating func field() throws(GraphQLSyntaxError) -> GraphQLField {
        let location = here()
        var alias: String?
        var name = try self.name()
        if try skip(.colon) {
            alias = name
            name = try self.name()
        }
        let arguments = try self.arguments(const: false)
        let directives = try self.directives(const: false)
        let selections = token.kind == .braceLeft ? try selectionSet() : nil
        return GraphQLField(alias: alias, name: name, arguments: arguments, directives: directives, selections: selections, location: location)
    }

    private mutating func arguments(const: Bool) throws(GraphQLSyntaxError) -> [GraphQLArgument] {
        guard try skip(.parenLeft) else { return [] }
        var arguments: [GraphQLArgument] = []
        repeat {
            let name = try self.name()
            _ = try expect(.colon)
            arguments.append(GraphQLArgument(name: name, value: try value(const: const)))
        } while !(try skip(.parenRight))
        return arguments
    }

    private mutating func directives(const: Bool) throws(GraphQLSyntaxError) -> [GraphQLDirective] {
        var directives: [GraphQLDirective] = []
        while token.kind == .at {
            let location = here()
            try advance()
            let name = try self.name()
            directives.append(GraphQLDirective(name: name, arguments: try arguments(const: const), location: location))
        }
        return directives
    }

    // MARK: Values

    private mutating func value(const: Bool) throws(GraphQLSyntaxError) -> GraphQLValue {
        let current = token
        switch current.kind {
        case .bracketLeft:
            try advance()
            try nest()
            var items: [GraphQLValue] = []
            while !(try skip(.bracketRight)) { items.append(try value(const: const)) }
            depth -= 1
            return .list(items)
        case .braceLeft:
            try advance()
            try nest()
            var fields: [GraphQLArgument] = []
            while !(try skip(.braceRight)) {
                let name = try self.name()
                _ = try expect(.colon)
                fields.append(GraphQLArgument(name: name, value: try value(const: const)))
            }
            depth -= 1
            return .object(fields)
        case .int:
            try advance()
            return .int(current.value)
        case .float:
            try advance()
            return .float(current.value)
        case .string, .blockString:
            try advance()
            return .string(current.value)
        case .name:
            try advance()
            switch current.value {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default: return .enumValue(current.value)
            }
        case .dollar:
            if const {
                let location = here()
                try advance()
                let name = token.kind == .name ? token.value : ""
                throw GraphQLSyntaxError("Unexpected variable '$\(name)' in constant value.", at: location)
            }
            try advance()
            return .variable(try name())
        default:
            throw unexpected()
        }
    }
}
