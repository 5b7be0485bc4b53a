/// Executes GraphQL documents against a mock schema (spec §6), producing the same data for
/// the same seed, document and variables: every scalar comes from its template or from a
/// hash of the seed and the field's identity (type, field, arguments, list position), so a
/// user's name is the same wherever the query asks for it.
public struct GraphQLExecutor: Sendable {
    public let schema: GraphQLMockSchema
    public let seed: UInt64

    public init(schema: GraphQLMockSchema, seed: UInt64) {
        self.schema = schema
        self.seed = seed
    }

    /// Parses and executes; a syntax error becomes a response with that error and no data.
    public func execute(query: String, operationName: String? = nil, variables: [JSONMember] = []) -> GraphQLResponse {
        do {
            let document = try GraphQLParser.parse(query)
            return execute(document: document, operationName: operationName, variables: variables)
        } catch {
            return GraphQLResponse(data: nil, errors: [GraphQLError("Syntax Error: \(error.message)", locations: [error.location])])
        }
    }

    /// Executes `document`. With `failure`, every root field fails with that message and
    /// code, as a backend in trouble answers inside a 200 response.
    public func execute(document: GraphQLDocument, operationName: String? = nil, variables: [JSONMember] = [],
                        failure: (message: String, code: String)? = nil) -> GraphQLResponse {
        let operation: GraphQLOperation
        switch select(document, operationName) {
        case .success(let chosen): operation = chosen
        case .failure(let error): return GraphQLResponse(data: nil, errors: [error])
        }
        var validator = GraphQLValidator(schema: schema, document: document, operation: operation)
        let problems = validator.run()
        if !problems.isEmpty { return GraphQLResponse(data: nil, errors: problems) }
        let coerced: [String: JSONValue]
        switch coerceVariables(operation, variables) {
        case .success(let values): coerced = values
        case .failure(let error): return GraphQLResponse(data: nil, errors: [error])
        }
        var run = GraphQLExecution(schema: schema, document: document, variables: coerced, seed: seed, failure: failure)
        let root = schema.rootType(for: operation.kind)
        let data = run.executeRoot(operation.selections, type: root)
        return GraphQLResponse(data: data ?? .null, errors: run.errors)
    }

    /// What stops `document` from executing here (operation choice and validation), without running it.
    public func problems(in document: GraphQLDocument, operationName: String? = nil) -> [GraphQLError] {
        switch select(document, operationName) {
        case .failure(let error): return [error]
        case .success(let operation):
            var validator = GraphQLValidator(schema: schema, document: document, operation: operation)
            return validator.run()
        }
    }

    private func select(_ document: GraphQLDocument, _ name: String?) -> Result<GraphQLOperation, GraphQLError> {
        if let name {
            guard let operation = document.operations.first(where: { $0.name == name }) else {
                return .failure(GraphQLError("Unknown operation named \"\(name)\"."))
            }
            return .success(operation)
        }
        guard document.operations.count == 1 else {
            return .failure(GraphQLError(document.operations.isEmpty ? "Must provide an operation."
                                         : "Must provide operation name if query contains multiple operations."))
        }
        return .success(document.operations[0])
    }

    private func coerceVariables(_ operation: GraphQLOperation, _ provided: [JSONMember]) -> Result<[String: JSONValue], GraphQLError> {
        var values: [String: JSONValue] = [:]
        for definition in operation.variables {
            let given = provided.first { $0.key == definition.name }?.value
            if let given {
                switch GraphQLCoercion.input(given, as: definition.type, schema: schema) {
                case .success(let value): values[definition.name] = value
                case .failure(let why):
                    return .failure(GraphQLError("Variable \"$\(definition.name)\" got invalid value \(given.text); \(why.reason)", locations: [definition.location]))
                }
            } else if let literal = definition.defaultValue {
                values[definition.name] = GraphQLCoercion.literal(literal, variables: [:])
            } else if definition.type.isNonNull {
                return .failure(GraphQLError("Variable \"$\(definition.name)\" of required type \"\(definition.type)\" was not provided.",
                                             locations: [definition.location]))
            }
        }
        return .success(values)
    }
}

/// One execution: collects fields, resolves them, completes values and bubbles nulls.
struct GraphQLExecution {
    let schema: GraphQLMockSchema
    let document: GraphQLDocument
    let variables: [String: JSONValue]
    let seed: UInt64
    let failure: (message: String, code: String)?
    var errors: [GraphQLError] = []
    /// Values an answer may hold: list sizes multiply with nesting, and a mock must never hang on
    /// a deep query. Past the budget, the field that overflows fails and its null bubbles.
    static let maximumValues = 100_000
    private var valuesLeft = GraphQLExecution.maximumValues

    init(schema: GraphQLMockSchema, document: GraphQLDocument, variables: [String: JSONValue], seed: UInt64,
         failure: (message: String, code: String)?) {
        self.schema = schema
        self.document = document
        self.variables = variables
        self.seed = seed
        self.failure = failure
    }

    mutating func executeRoot(_ selections: [GraphQLSelection], type: String) -> JSONValue? {
        executeSelections(selections, type: type, identity: type, path: [], inherited: [], isRoot: true)
    }

    /// The object's members, or nil when a non-null field failed and the null bubbles up.
    /// `inherited`: template variables from enclosing fields, nearest first (`{args.id}` of
    /// the field that fetched this object, `{index}` of the list it sits in).
    private mutating func executeSelections(_ selections: [GraphQLSelection], type: String, identity: String,
                                            path: [GraphQLError.PathElement], inherited: [(name: String, value: String)],
                                            isRoot: Bool = false) -> JSONValue? {
        var grouped: [(key: String, fields: [GraphQLField])] = []
        var visited: Set<String> = []
        collect(selections, type: type, into: &grouped, visited: &visited)
        var members: [JSONMember] = []
        for (key, fields) in grouped {
            let field = fields[0]
            let fieldPath = path + [.key(key)]
            if field.name == "__typename" {
                members.append(JSONMember(key, .string(type)))
                continue
            }
            guard let definition = schema.fields(of: type)?.first(where: { $0.name == field.name }) else { continue }
            let merged = fields.flatMap { $0.selections ?? [] }
            let arguments = coerceArguments(field, definition)
            let fieldIdentity = identity + "." + field.name + "(" + JSONValue.object(arguments).text + ")"
            if isRoot, let failure {
                errors.append(GraphQLError(failure.message, locations: [field.location], path: fieldPath, code: failure.code))
                if definition.type.isNonNull { return nil }
                members.append(JSONMember(key, .null))
                continue
            }
            if let message = definition.failure {
                errors.append(GraphQLError(message, locations: [field.location], path: fieldPath))
                if definition.type.isNonNull { return nil }
                members.append(JSONMember(key, .null))
                continue
            }
            let context = FieldContext(definition: definition, field: field, arguments: arguments, selections: merged, parentType: type,
                                       inherited: Self.argumentVariables(arguments) + inherited)
            // nil: null because of an error already reported; it bubbles up to the nearest nullable position.
            guard let value = complete(context, type: definition.type, identity: fieldIdentity, index: nil, path: fieldPath) else {
                if definition.type.isNonNull { return nil }
                members.append(JSONMember(key, .null))
                continue
            }
            members.append(JSONMember(key, value))
        }
        return .object(members)
    }

    private struct FieldContext {
        let definition: GraphQLMockSchema.Field
        let field: GraphQLField
        let arguments: [JSONMember]
        let selections: [GraphQLSelection]
        let parentType: String
        let inherited: [(name: String, value: String)]
    }

    /// A field's value for `type`; nil when it is null where null is not allowed.
    private mutating func complete(_ context: FieldContext, type: GraphQLTypeReference, identity: String, index: Int?,
                                   path: [GraphQLError.PathElement]) -> JSONValue? {
        valuesLeft -= 1
        if valuesLeft < 0 {
            if valuesLeft == -1 {
                errors.append(GraphQLError("The answer would hold more than \(Self.maximumValues) values; ask for fewer nested lists.",
                                           locations: [context.field.location], path: path))
            }
            return nil
        }
        switch type {
        case .nonNull(let inner):
            guard let value = complete(context, type: inner, identity: identity, index: index, path: path) else { return nil }
            if value == .null {
                errors.append(GraphQLError("Cannot return null for non-nullable field \(context.parentType).\(context.definition.name).",
                                           locations: [context.field.location], path: path))
                return nil
            }
            return value
        case .list(let element):
            var items: [JSONValue] = []
            for position in 0..<max(0, context.definition.listSize) {
                let item = complete(context, type: element, identity: identity + "[\(position)]", index: position, path: path + [.index(position)])
                if item == nil && element.isNonNull { return nil }
                items.append(item ?? .null)
            }
            return .array(items)
        case .named(let name):
            if schema.fields(of: name) != nil {
                let position = index.map { [(name: "index", value: String($0))] } ?? []
                return executeSelections(context.selections, type: name, identity: identity, path: path, inherited: position + context.inherited)
            }
            return leaf(context, type: name, identity: identity, index: index, path: path)
        }
    }

    /// A scalar or enum value; nil after reporting a template that does not fit the type.
    private mutating func leaf(_ context: FieldContext, type: String, identity: String, index: Int?,
                               path: [GraphQLError.PathElement]) -> JSONValue? {
        let hash = GraphQLExecution.hash(seed, identity)
        guard let template = context.definition.template else { return generated(type, hash: hash, field: context.definition.name) }
        let own = index.map { [(name: "index", value: String($0))] } ?? []
        let variables = own + context.inherited + [("index", "0"), ("field", context.definition.name), ("type", context.parentType),
                                                   ("hash", String(hash % 1_000_000)), ("path", GraphQLExecution.describe(path))]
        let text = BodyTemplate(template).render(variables)
        if text == "null" { return .null }
        switch type {
        case "Int":
            if let value = Int32(text) { return .int(Int64(value)) }
        case "Float":
            if let value = Double(text), value.isFinite { return .double(value) }
        case "Boolean":
            if text == "true" || text == "false" { return .bool(text == "true") }
        case "String", "ID":
            return .string(text)
        default:
            if case .enumeration(let values)? = schema.definition(of: type), values.contains(text) { return .string(text) }
        }
        errors.append(GraphQLError("\(type) cannot represent value: \(JSONValue.string(text).text)", locations: [context.field.location], path: path))
        return nil
    }

    private func generated(_ type: String, hash: UInt64, field: String) -> JSONValue {
        switch type {
        case "Int": return .int(Int64(hash % 1000))
        case "Float": return .double(Double(hash % 100_000) / 100)
        case "Boolean": return .bool(hash & 1 == 1)
        case "ID": return .string(String(hash % 1_000_000, radix: 36))
        case "String": return .string("\(field)-\(hash % 10_000)")
        default:
            if case .enumeration(let values)? = schema.definition(of: type), !values.isEmpty {
                return .string(values[Int(hash % UInt64(values.count))])
            }
            return .null
        }
    }

    private mutating func collect(_ selections: [GraphQLSelection], type: String, into grouped: inout [(key: String, fields: [GraphQLField])],
                                  visited: inout Set<String>) {
        for selection in selections {
            switch selection {
            case .field(let field):
                guard included(field.directives) else { continue }
                if let index = grouped.firstIndex(where: { $0.key == field.responseKey }) {
                    grouped[index].fields.append(field)
                } else {
                    grouped.append((field.responseKey, [field]))
                }
            case .fragmentSpread(let name, let directives, _):
                guard included(directives), visited.insert(name).inserted,
                      let fragment = document.fragments.first(where: { $0.name == name }), fragment.typeCondition == type else { continue }
                collect(fragment.selections, type: type, into: &grouped, visited: &visited)
            case .inlineFragment(let condition, let directives, let selections, _):
                guard included(directives), condition == nil || condition == type else { continue }
                collect(selections, type: type, into: &grouped, visited: &visited)
            }
        }
    }

    private func included(_ directives: [GraphQLDirective]) -> Bool {
        for directive in directives {
            let condition = directive.arguments.first { $0.name == "if" }.map { GraphQLCoercion.literal($0.value, variables: variables) }
            if directive.name == "skip", condition == .bool(true) { return false }
            if directive.name == "include", condition != .bool(true) { return false }
        }
        return true
    }

    private func coerceArguments(_ field: GraphQLField, _ definition: GraphQLMockSchema.Field) -> [JSONMember] {
        definition.arguments.compactMap { declared in
            if let given = field.arguments.first(where: { $0.name == declared.name }) {
                return JSONMember(declared.name, GraphQLCoercion.literal(given.value, variables: variables))
            }
            return declared.defaultValue.map { JSONMember(declared.name, GraphQLCoercion.literal($0, variables: [:])) }
        }
    }

    static func argumentVariables(_ arguments: [JSONMember]) -> [(name: String, value: String)] {
        arguments.map { argument in
            if case .string(let text) = argument.value { return ("args." + argument.key, text) }
            return ("args." + argument.key, argument.value.text)
        }
    }

    static func describe(_ path: [GraphQLError.PathElement]) -> String {
        path.map { element in
            switch element {
            case .key(let key): return key
            case .index(let index): return String(index)
            }
        }.joined(separator: ".")
    }

    /// FNV-1a of the identity from a basis keyed by the seed, finished with SplitMix64's mix.
    static func hash(_ seed: UInt64, _ identity: String) -> UInt64 {
        StableHash.mix(StableHash.fnv1a(identity, basis: StableHash.fnvOffsetBasis ^ seed))
    }
}
