import Protocols

/// A GraphQL cluster's schema: `{ Query: { user: { type: "User", args: { id: "ID!" } } }, User: { id: "ID!", ... }, Role: { enum: [...] } }`.
extension ScenarioDecoding {
    func graphQLSchema(_ node: JSON5Node, _ path: String) -> GraphQLMockSchema? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, path, "expected an object of types, like { Query: { hello: \"String\" } }")
            return nil
        }
        var types: [(name: String, definition: GraphQLMockSchema.TypeDefinition)] = []
        var valid = true
        for member in members {
            let typePath = ObjectNode.join(path, member.key)
            guard isGraphQLName(member.key) else {
                reader.report(member.keyLocation, typePath, "\"\(member.key)\" is not a GraphQL name (letters, digits and _, not starting with a digit)")
                valid = false
                continue
            }
            guard let definition = graphQLType(member.value, typePath) else { valid = false; continue }
            types.append((member.key, definition))
        }
        guard valid else { return nil }
        let schema = GraphQLMockSchema(types: types)
        let problems = schema.problems()
        for problem in problems { reader.report(node.location, path, problem) }
        return problems.isEmpty ? schema : nil
    }

    private func graphQLType(_ node: JSON5Node, _ path: String) -> GraphQLMockSchema.TypeDefinition? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, path, "expected an object of fields, or { enum: [\"A\", \"B\"] }")
            return nil
        }
        if members.count == 1, members[0].key == "enum" {
            guard let values = strings(members[0].value, ObjectNode.join(path, "enum")) else { return nil }
            for (index, value) in values.enumerated() where !isGraphQLName(value) || ["true", "false", "null"].contains(value) {
                reader.report(members[0].value.location, "\(ObjectNode.join(path, "enum"))[\(index)]", "\"\(value)\" is not a valid enum value")
                return nil
            }
            return .enumeration(values)
        }
        var fields: [GraphQLMockSchema.Field] = []
        var valid = true
        for member in members {
            let fieldPath = ObjectNode.join(path, member.key)
            guard isGraphQLName(member.key), !member.key.hasPrefix("__") else {
                reader.report(member.keyLocation, fieldPath, "\"\(member.key)\" is not a field name (a GraphQL name not starting with __)")
                valid = false
                continue
            }
            guard let field = graphQLField(member.key, member.value, fieldPath) else { valid = false; continue }
            fields.append(field)
        }
        return valid ? .object(fields) : nil
    }

    private func graphQLField(_ name: String, _ node: JSON5Node, _ path: String) -> GraphQLMockSchema.Field? {
        if case .string = node.value {
            return typeReference(node, path).map { GraphQLMockSchema.Field(name: name, type: $0) }
        }
        guard let object = reader.object(node, path, known: ["type", "args", "size", "value", "error"]) else { return nil }
        guard let type = object.required("type", reader, expected: "a type like \"String\" or \"[User!]!\"").flatMap({ typeReference($0, object.path("type")) })
        else { return nil }
        var field = GraphQLMockSchema.Field(name: name, type: type)
        if let size = object["size"] {
            guard let value = reader.integer(size, object.path("size"), in: 0...10_000, expected: "a list size from 0 to 10000") else { return nil }
            field.listSize = value
        }
        if let value = object["value"] {
            guard let template = reader.string(value, object.path("value"), nonEmpty: false) else { return nil }
            field.template = template
        }
        if let failure = object["error"] {
            guard let message = reader.string(failure, object.path("error")) else { return nil }
            field.failure = message
        }
        if let argsNode = object["args"] {
            guard case .object(let members) = argsNode.value else {
                reader.report(argsNode.location, object.path("args"), "expected an object of arguments, like { id: \"ID!\" }")
                return nil
            }
            for member in members {
                let argumentPath = ObjectNode.join(object.path("args"), member.key)
                guard isGraphQLName(member.key) else {
                    reader.report(member.keyLocation, argumentPath, "\"\(member.key)\" is not an argument name")
                    return nil
                }
                guard let argument = graphQLArgument(member.key, member.value, argumentPath) else { return nil }
                field.arguments.append(argument)
            }
        }
        return field
    }

    private func graphQLArgument(_ name: String, _ node: JSON5Node, _ path: String) -> GraphQLMockSchema.Argument? {
        if case .string = node.value {
            return typeReference(node, path).map { GraphQLMockSchema.Argument(name: name, type: $0) }
        }
        guard let object = reader.object(node, path, known: ["type", "default"]),
              let type = object.required("type", reader, expected: "a type like \"Int\"").flatMap({ typeReference($0, object.path("type")) })
        else { return nil }
        var argument = GraphQLMockSchema.Argument(name: name, type: type)
        if let defaultNode = object["default"] {
            argument.defaultValue = graphQLLiteral(defaultNode.jsonValue)
        }
        return argument
    }

    private func graphQLLiteral(_ value: JSONValue) -> GraphQLValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(String(number))
        case .double(let number): return .float(String(number))
        case .string(let text): return .string(text)
        case .array(let items): return .list(items.map(graphQLLiteral))
        case .object(let members): return .object(members.map { GraphQLArgument(name: $0.key, value: graphQLLiteral($0.value)) })
        }
    }

    private func typeReference(_ node: JSON5Node, _ path: String) -> GraphQLTypeReference? {
        guard let text = reader.string(node, path) else { return nil }
        guard let type = GraphQLTypeReference(parsing: text) else {
            reader.report(node.location, path, "expected a GraphQL type like \"String\", \"User!\" or \"[User!]!\", found \"\(text)\"")
            return nil
        }
        return type
    }

    func isGraphQLName(_ text: String) -> Bool {
        guard let first = text.utf8.first, first < 0x80, !(48...57).contains(first) else { return false }
        return text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
    }
}
