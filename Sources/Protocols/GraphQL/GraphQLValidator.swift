/// The checks a GraphQL server runs before executing a document against its schema (a subset
/// of spec §5 that matters for a mock): fields, arguments, leaf and object selections,
/// fragments (known, applicable, not cyclic), directives and variables defined.
struct GraphQLValidator {
    let schema: GraphQLMockSchema
    let document: GraphQLDocument
    let operation: GraphQLOperation
    private(set) var errors: [GraphQLError] = []
    /// Fragments spreading fragments this deep are refused, so validation and execution recurse boundedly.
    static let maximumSpreadDepth = 100
    private var visiting: [String] = []

    init(schema: GraphQLMockSchema, document: GraphQLDocument, operation: GraphQLOperation) {
        self.schema = schema
        self.document = document
        self.operation = operation
    }

    mutating func run() -> [GraphQLError] {
        let root = schema.rootType(for: operation.kind)
        guard schema.fields(of: root) != nil else {
            return [GraphQLError("Schema is not configured to execute \(operation.kind.rawValue) operation.", locations: [operation.location])]
        }
        var seen: Set<String> = []
        for variable in operation.variables {
            if !seen.insert(variable.name).inserted {
                errors.append(GraphQLError("There can be only one variable named \"$\(variable.name)\".", locations: [variable.location]))
            }
            if !schema.isInputType(variable.type.namedType) {
                errors.append(GraphQLError("Variable \"$\(variable.name)\" cannot be non-input type \"\(variable.type)\".", locations: [variable.location]))
            }
        }
        check(directives: operation.directives)
        check(operation.selections, in: root)
        if errors.isEmpty { checkMerging(operation.selections, in: root, owner: nil) }
        return errors
    }

    /// Fields answering to one response key must be the same field with the same arguments,
    /// or the response could not hold both (spec §5.3.2, "Field Selection Merging").
    private mutating func checkMerging(_ selections: [GraphQLSelection], in type: String, owner: String?) {
        var groups: [(key: String, fields: [GraphQLField])] = []
        var visited: Set<String> = []
        gather(selections, into: &groups, visited: &visited)
        for (key, fields) in groups {
            let first = fields[0]
            let prefix = owner.map { "Fields \"\($0)\" conflict because subfields" } ?? "Fields"
            if let other = fields.first(where: { $0.name != first.name }) {
                errors.append(GraphQLError("\(prefix) \"\(key)\" conflict because \"\(first.name)\" and \"\(other.name)\" are different fields. Use different aliases on the fields to fetch both if this was intentional.",
                                           locations: [first.location, other.location]))
                continue
            }
            let arguments = Self.canonical(first.arguments)
            if let other = fields.first(where: { Self.canonical($0.arguments) != arguments }) {
                errors.append(GraphQLError("\(prefix) \"\(key)\" conflict because they have differing arguments. Use different aliases on the fields to fetch both if this was intentional.",
                                           locations: [first.location, other.location]))
                continue
            }
            if let definition = schema.fields(of: type)?.first(where: { $0.name == first.name }), schema.fields(of: definition.type.namedType) != nil {
                checkMerging(fields.flatMap { $0.selections ?? [] }, in: definition.type.namedType, owner: key)
            }
        }
    }

    private func gather(_ selections: [GraphQLSelection], into groups: inout [(key: String, fields: [GraphQLField])], visited: inout Set<String>) {
        for selection in selections {
            switch selection {
            case .field(let field):
                if let index = groups.firstIndex(where: { $0.key == field.responseKey }) {
                    groups[index].fields.append(field)
                } else {
                    groups.append((field.responseKey, [field]))
                }
            case .fragmentSpread(let name, _, _):
                guard visited.insert(name).inserted, let fragment = document.fragments.first(where: { $0.name == name }) else { continue }
                gather(fragment.selections, into: &groups, visited: &visited)
            case .inlineFragment(_, _, let inner, _):
                gather(inner, into: &groups, visited: &visited)
            }
        }
    }

    private static func canonical(_ arguments: [GraphQLArgument]) -> [GraphQLArgument] {
        arguments.sorted { $0.name < $1.name }
    }

    private mutating func check(_ selections: [GraphQLSelection], in type: String) {
        for selection in selections {
            switch selection {
            case .field(let field):
                check(field, in: type)
            case .fragmentSpread(let name, let directives, let location):
                check(directives: directives)
                guard let fragment = document.fragments.first(where: { $0.name == name }) else {
                    errors.append(GraphQLError("Unknown fragment \"\(name)\".", locations: [location]))
                    continue
                }
                if visiting.contains(name) {
                    errors.append(GraphQLError("Cannot spread fragment \"\(name)\" within itself.", locations: [location]))
                    continue
                }
                if visiting.count >= Self.maximumSpreadDepth {
                    errors.append(GraphQLError("Fragment spreads nest deeper than \(Self.maximumSpreadDepth) levels.", locations: [location]))
                    continue
                }
                guard checkCondition(fragment.typeCondition, in: type, location: location, fragment: name) else { continue }
                visiting.append(name)
                check(directives: fragment.directives)
                check(fragment.selections, in: fragment.typeCondition)
                visiting.removeLast()
            case .inlineFragment(let condition, let directives, let selections, let location):
                check(directives: directives)
                let target = condition ?? type
                guard checkCondition(target, in: type, location: location, fragment: nil) else { continue }
                check(selections, in: target)
            }
        }
    }

    private mutating func checkCondition(_ condition: String, in type: String, location: GraphQLSourceLocation, fragment: String?) -> Bool {
        guard schema.fields(of: condition) != nil else {
            errors.append(GraphQLError(schema.definition(of: condition) == nil ? "Unknown type \"\(condition)\"."
                                       : "Fragment cannot condition on non composite type \"\(condition)\".", locations: [location]))
            return false
        }
        if condition != type {
            let subject = fragment.map { "Fragment \"\($0)\"" } ?? "Fragment"
            errors.append(GraphQLError("\(subject) cannot be spread here as objects of type \"\(type)\" can never be of type \"\(condition)\".",
                                       locations: [location]))
            return false
        }
        return true
    }

    private mutating func check(_ field: GraphQLField, in type: String) {
        check(directives: field.directives)
        if field.name == "__typename" {
            if field.selections != nil {
                errors.append(GraphQLError("Field \"__typename\" must not have a selection since type \"String!\" has no subfields.", locations: [field.location]))
            }
            return
        }
        guard let definition = schema.fields(of: type)?.first(where: { $0.name == field.name }) else {
            errors.append(GraphQLError("Cannot query field \"\(field.name)\" on type \"\(type)\".", locations: [field.location]))
            return
        }
        check(arguments: field.arguments, declared: definition.arguments, owner: "field \"\(type).\(field.name)\"", location: field.location)
        for declared in definition.arguments where declared.type.isNonNull && declared.defaultValue == nil {
            if !field.arguments.contains(where: { $0.name == declared.name }) {
                errors.append(GraphQLError("Field \"\(field.name)\" argument \"\(declared.name)\" of type \"\(declared.type)\" is required, but it was not provided.",
                                           locations: [field.location]))
            }
        }
        let named = definition.type.namedType
        if schema.isLeaf(named) {
            if field.selections != nil {
                errors.append(GraphQLError("Field \"\(field.name)\" must not have a selection since type \"\(definition.type)\" has no subfields.",
                                           locations: [field.location]))
            }
        } else if let selections = field.selections {
            check(selections, in: named)
        } else {
            errors.append(GraphQLError("Field \"\(field.name)\" of type \"\(definition.type)\" must have a selection of subfields. Did you mean \"\(field.name) { ... }\"?",
                                       locations: [field.location]))
        }
    }

    private mutating func check(arguments: [GraphQLArgument], declared: [GraphQLMockSchema.Argument], owner: String, location: GraphQLSourceLocation) {
        for argument in arguments {
            if !declared.contains(where: { $0.name == argument.name }) {
                errors.append(GraphQLError("Unknown argument \"\(argument.name)\" on \(owner).", locations: [location]))
            }
            checkVariables(in: argument.value, location: location)
        }
    }

    private mutating func check(directives: [GraphQLDirective]) {
        for directive in directives {
            guard directive.name == "skip" || directive.name == "include" else {
                errors.append(GraphQLError("Unknown directive \"@\(directive.name)\".", locations: [directive.location]))
                continue
            }
            let boolean = GraphQLMockSchema.Argument(name: "if", type: .nonNull(.named("Boolean")))
            check(arguments: directive.arguments, declared: [boolean], owner: "directive \"@\(directive.name)\"", location: directive.location)
            if !directive.arguments.contains(where: { $0.name == "if" }) {
                errors.append(GraphQLError("Directive \"@\(directive.name)\" argument \"if\" of type \"Boolean!\" is required, but it was not provided.",
                                           locations: [directive.location]))
            }
        }
    }

    private mutating func checkVariables(in value: GraphQLValue, location: GraphQLSourceLocation) {
        switch value {
        case .variable(let name):
            if !operation.variables.contains(where: { $0.name == name }) {
                let named = operation.name.map { " by operation \"\($0)\"" } ?? ""
                errors.append(GraphQLError("Variable \"$\(name)\" is not defined\(named).", locations: [location, operation.location]))
            }
        case .list(let items):
            for item in items { checkVariables(in: item, location: location) }
        case .object(let fields):
            for field in fields { checkVariables(in: field.value, location: location) }
        default:
            break
        }
    }
}
