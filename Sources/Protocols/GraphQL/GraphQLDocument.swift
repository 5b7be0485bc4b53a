/// An executable GraphQL document (spec §2.2): operations and fragments.
public struct GraphQLDocument: Sendable, Equatable {
    public var operations: [GraphQLOperation]
    public var fragments: [GraphQLFragmentDefinition]
}

public enum GraphQLOperationKind: String, Sendable, Equatable {
    case query, mutation, subscription
}

public struct GraphQLOperation: Sendable, Equatable {
    public var kind: GraphQLOperationKind
    public var name: String?
    public var description: String?
    public var variables: [GraphQLVariableDefinition]
    public var directives: [GraphQLDirective]
    public var selections: [GraphQLSelection]
    public var location: GraphQLSourceLocation
}

public struct GraphQLFragmentDefinition: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var typeCondition: String
    public var directives: [GraphQLDirective]
    public var selections: [GraphQLSelection]
    public var location: GraphQLSourceLocation
}

public struct GraphQLVariableDefinition: Sendable, Equatable {
    public var name: String
    public var type: GraphQLTypeReference
    public var defaultValue: GraphQLValue?
    public var directives: [GraphQLDirective]
    public var location: GraphQLSourceLocation
}

public indirect enum GraphQLTypeReference: Sendable, Equatable, CustomStringConvertible {
    case named(String)
    case list(GraphQLTypeReference)
    case nonNull(GraphQLTypeReference)

    public var description: String {
        switch self {
        case .named(let name): return name
        case .list(let inner): return "[\(inner)]"
        case .nonNull(let inner): return "\(inner)!"
        }
    }
}

public indirect enum GraphQLSelection: Sendable, Equatable {
    case field(GraphQLField)
    case fragmentSpread(name: String, directives: [GraphQLDirective], location: GraphQLSourceLocation)
    case inlineFragment(typeCondition: String?, directives: [GraphQLDirective], selections: [GraphQLSelection], location: GraphQLSourceLocation)
}

public struct GraphQLField: Sendable, Equatable {
    public var alias: String?
    public var name: String
    public var arguments: [GraphQLArgument]
    public var directives: [GraphQLDirective]
    /// Nil for a leaf field; possibly empty for `field {}` (which graphql-js parses).
    public var selections: [GraphQLSelection]?
    public var location: GraphQLSourceLocation

    /// The key the field's value has in the response.
    public var responseKey: String { alias ?? name }
}

public struct GraphQLArgument: Sendable, Equatable {
    public var name: String
    public var value: GraphQLValue
    public init(name: String, value: GraphQLValue) {
        self.name = name
        self.value = value
    }
}

public struct GraphQLDirective: Sendable, Equatable {
    public var name: String
    public var arguments: [GraphQLArgument]
    public var location: GraphQLSourceLocation
}

/// A value literal as written; numbers keep their text until execution coerces them.
public indirect enum GraphQLValue: Sendable, Equatable {
    case variable(String)
    case int(String)
    case float(String)
    case string(String)
    case bool(Bool)
    case null
    case enumValue(String)
    case list([GraphQLValue])
    case object([GraphQLArgument])
}
