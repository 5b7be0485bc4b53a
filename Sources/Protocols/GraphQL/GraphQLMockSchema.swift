/// The schema a mock GraphQL backend serves, declared in the scenario: object types with
/// fields, list sizes and value templates, and enums. Root types are `Query`, `Mutation` and
/// `Subscription`. Built-in scalars: Int, Float, String, Boolean, ID.
public struct GraphQLMockSchema: Sendable, Equatable {
    public struct Argument: Sendable, Equatable {
        public var name: String
        public var type: GraphQLTypeReference
        public var defaultValue: GraphQLValue?
        public init(name: String, type: GraphQLTypeReference, defaultValue: GraphQLValue? = nil) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
        }
    }

    public struct Field: Sendable, Equatable {
        public var name: String
        public var type: GraphQLTypeReference
        public var arguments: [Argument]
        /// How many items a list field returns (each nested list level alike).
        public var listSize: Int
        /// Text for a scalar's value with `{variables}`; without one, values come from the seed.
        public var template: String?
        /// When set, resolving the field fails with this message (a scripted field error).
        public var failure: String?

        public init(name: String, type: GraphQLTypeReference, arguments: [Argument] = [], listSize: Int = 3,
                    template: String? = nil, failure: String? = nil) {
            self.name = name
            self.type = type
            self.arguments = arguments
            self.listSize = listSize
            self.template = template
            self.failure = failure
        }
    }

    public enum TypeDefinition: Sendable, Equatable {
        case object([Field])
        case enumeration([String])
    }

    public static let builtInScalars: Set<String> = ["Int", "Float", "String", "Boolean", "ID"]

    public private(set) var types: [(name: String, definition: TypeDefinition)]

    public init(types: [(name: String, definition: TypeDefinition)]) {
        self.types = types
    }

    public static func == (lhs: GraphQLMockSchema, rhs: GraphQLMockSchema) -> Bool {
        lhs.types.map(\.name) == rhs.types.map(\.name) && lhs.types.map(\.definition) == rhs.types.map(\.definition)
    }

    public func definition(of type: String) -> TypeDefinition? {
        types.first { $0.name == type }?.definition
    }

    public func fields(of type: String) -> [Field]? {
        if case .object(let fields)? = definition(of: type) { return fields }
        return nil
    }

    public func rootType(for kind: GraphQLOperationKind) -> String {
        switch kind {
        case .query: return "Query"
        case .mutation: return "Mutation"
        case .subscription: return "Subscription"
        }
    }

    /// Problems with the declaration itself: unknown field types, no Query type, empty enums.
    public func problems() -> [String] {
        var problems: [String] = []
        if fields(of: "Query") == nil { problems.append("the schema needs an object type named Query") }
        for (name, declared) in types {
            if Self.builtInScalars.contains(name) { problems.append("\(name) is a built-in scalar and cannot be redeclared") }
            switch declared {
            case .enumeration(let values):
                if values.isEmpty { problems.append("enum \(name) has no values") }
            case .object(let fields):
                if fields.isEmpty { problems.append("type \(name) has no fields") }
                for field in fields {
                    let named = field.type.namedType
                    if !Self.builtInScalars.contains(named) && definition(of: named) == nil {
                        problems.append("\(name).\(field.name) has unknown type \(named)")
                    }
                    for argument in field.arguments where !isInputType(argument.type.namedType) {
                        problems.append("\(name).\(field.name)(\(argument.name):) has type \(argument.type.namedType), which is not a scalar or enum")
                    }
                }
            }
        }
        return problems
    }

    /// The schema in GraphQL's schema definition language, for people and for peers.
    public var sdl: String {
        types.map { name, definition in
            switch definition {
            case .enumeration(let values):
                return "enum \(name) {\n" + values.map { "  \($0)\n" }.joined() + "}\n"
            case .object(let fields):
                return "type \(name) {\n" + fields.map { field in
                    let arguments = field.arguments.isEmpty ? "" : "(" + field.arguments.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + ")"
                    return "  \(field.name)\(arguments): \(field.type)\n"
                }.joined() + "}\n"
            }
        }.joined(separator: "\n")
    }

    func isInputType(_ name: String) -> Bool {
        if Self.builtInScalars.contains(name) { return true }
        if case .enumeration? = definition(of: name) { return true }
        return false
    }

    func isLeaf(_ name: String) -> Bool { isInputType(name) }
}

extension GraphQLTypeReference {
    /// The type with list and non-null wrappers removed.
    public var namedType: String {
        switch self {
        case .named(let name): return name
        case .list(let inner), .nonNull(let inner): return inner.namedType
        }
    }

    public var isNonNull: Bool {
        if case .nonNull = self { return true }
        return false
    }

    /// Parses a type written as in SDL: `String`, `[User!]!`.
    public init?(parsing text: String) {
        var text = Substring(text.trimmingSpaces())
        var nonNull = false
        if text.hasSuffix("!") {
            nonNull = true
            text = text.dropLast()
        }
        var inner: GraphQLTypeReference
        if text.hasPrefix("[") && text.hasSuffix("]") {
            guard let element = GraphQLTypeReference(parsing: String(text.dropFirst().dropLast())) else { return nil }
            inner = .list(element)
        } else {
            let bytes = Array(text.utf8)
            guard let first = bytes.first, GraphQLLexer.isNameStart(first), bytes.allSatisfy(GraphQLLexer.isNameContinue) else { return nil }
            inner = .named(String(text))
        }
        self = nonNull ? .nonNull(inner) : inner
    }
}
