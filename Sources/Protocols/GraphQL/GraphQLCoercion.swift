struct CoercionFailure: Error {
    let reason: String
}

/// Turning literals and variable values into plain JSON values (spec §3.5, §6.1.2).
enum GraphQLCoercion {
    /// A literal with variables substituted; absent variables become null.
    static func literal(_ value: GraphQLValue, variables: [String: JSONValue]) -> JSONValue {
        switch value {
        case .variable(let name): return variables[name] ?? .null
        case .int(let text): return Int64(text).map(JSONValue.int) ?? .double(Double(text) ?? 0)
        case .float(let text): return .double(Double(text) ?? 0)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .enumValue(let name): return .string(name)
        case .list(let items): return .array(items.map { literal($0, variables: variables) })
        case .object(let fields): return .object(fields.map { JSONMember($0.name, literal($0.value, variables: variables)) })
        }
    }

    /// A variable's JSON value checked against its declared type, or why it does not fit.
    static func input(_ value: JSONValue, as type: GraphQLTypeReference, schema: GraphQLMockSchema) -> Result<JSONValue, CoercionFailure> {
        switch type {
        case .nonNull(let inner):
            if value == .null { return .failure(CoercionFailure(reason: "Expected non-nullable type \"\(type)\" not to be null.")) }
            return input(value, as: inner, schema: schema)
        case .list(let element):
            if value == .null { return .success(.null) }
            guard case .array(let items) = value else { return input(value, as: element, schema: schema).map { .array([$0]) } }
            var coerced: [JSONValue] = []
            for item in items {
                switch input(item, as: element, schema: schema) {
                case .success(let value): coerced.append(value)
                case .failure(let why): return .failure(why)
                }
            }
            return .success(.array(coerced))
        case .named(let name):
            if value == .null { return .success(.null) }
            switch (name, value) {
            case ("Int", .int(let number)) where Int64(Int32.min)...Int64(Int32.max) ~= number: return .success(value)
            case ("Int", .double(let number)) where number == number.rounded() && abs(number) <= Double(Int32.max):
                return .success(.int(Int64(number)))
            case ("Float", .int(let number)): return .success(.double(Double(number)))
            case ("Float", .double): return .success(value)
            case ("String", .string), ("Boolean", .bool), ("ID", .string): return .success(value)
            case ("ID", .int(let number)): return .success(.string(String(number)))
            default:
                if case .enumeration(let values)? = schema.definition(of: name), case .string(let text) = value, values.contains(text) {
                    return .success(value)
                }
                return .failure(CoercionFailure(reason: "\(name) cannot represent \(value.text)."))
            }
        }
    }
}
