import Protocols

/// One entry of a traffic mix: `{ weight, http | grpc | websocket | graphql: {...} }` (which route
/// takes it, and whether its clusters can answer it, is `ScenarioValidation`'s to check).
extension ScenarioDecoding {
    static let requestKinds = ["http", "grpc", "websocket", "graphql"]

    func requestTemplate(_ node: JSON5Node, _ path: String) -> RequestTemplate? {
        guard let object = reader.object(node, path, known: ["weight"] + Self.requestKinds) else { return nil }
        let weight = object["weight"].map { reader.number($0, object.path("weight"), ScenarioLimits.mixWeight) } ?? 1
        let given = Self.requestKinds.filter { object[$0] != nil }
        guard given.count == 1, let kindName = given.first, let kindNode = object[kindName] else {
            reader.report(object.location, path, given.isEmpty
                          ? "missing; expected one request: http, grpc, websocket or graphql, like http: { method: \"GET\", path: \"/api/items/{id}\" }"
                          : "give one request per mix entry, found \(given.joined(separator: " and "))")
            return nil
        }
        let kindPath = object.path(kindName)
        let template: RequestTemplate?
        switch kindName {
        case "grpc": template = grpcRequest(kindNode, kindPath)
        case "websocket": template = webSocketRequest(kindNode, kindPath)
        case "graphql": template = graphQLRequest(kindNode, kindPath)
        default: template = httpRequest(kindNode, kindPath)
        }
        guard let weight, var request = template else { return nil }
        request.weight = weight
        return request
    }

    private func idRange(_ object: ObjectNode) -> Int? {
        object["idRange"].map { reader.integer($0, object.path("idRange"), ScenarioLimits.idRange) } ?? 1000
    }

    private func requestPath(_ object: ObjectNode, default fallback: String? = nil) -> String? {
        let node = object["path"]
        guard let node else {
            if let fallback { return fallback }
            reader.report(object.location, object.path("path"), "missing; expected a path like \"/api/items/{id}\"")
            return nil
        }
        guard let text = reader.string(node, object.path("path")) else { return nil }
        guard text.hasPrefix("/") else {
            reader.report(node.location, object.path("path"), "expected a path starting with '/', found \"\(text)\"")
            return nil
        }
        return text
    }

    private func httpRequest(_ node: JSON5Node, _ path: String) -> RequestTemplate? {
        guard let http = reader.object(node, path, known: ["method", "path", "idRange"]) else { return nil }
        let method = http["method"].map { reader.string($0, http.path("method")).map { $0.uppercased() } } ?? "GET"
        let requestPath = requestPath(http)
        let range = idRange(http)
        guard let method, let requestPath, let range else { return nil }
        return RequestTemplate(method: method, path: requestPath, idRange: range)
    }

    private func grpcRequest(_ node: JSON5Node, _ path: String) -> RequestTemplate? {
        guard let grpc = reader.object(node, path, known: ["method", "message", "idRange"]) else { return nil }
        let method = grpc.required("method", reader, expected: "a method path like \"/shop.v1.Catalog/GetItem\"").flatMap { node -> GRPCMethodPath? in
            guard let text = reader.string(node, grpc.path("method")) else { return nil }
            guard let parsed = GRPCMethodPath(text) else {
                reader.report(node.location, grpc.path("method"), "expected a method path like \"/shop.v1.Catalog/GetItem\", found \"\(text)\"")
                return nil
            }
            return parsed
        }
        var message = JSONValue.object([])
        if let messageNode = grpc["message"] {
            do {
                _ = try ProtobufWire.encode(messageNode.jsonValue)
                message = messageNode.jsonValue
            } catch {
                reader.report(messageNode.location, grpc.path("message"), "\(error)")
                return nil
            }
        }
        guard let method, let range = idRange(grpc) else { return nil }
        return RequestTemplate(method: "POST", path: method.description, idRange: range, kind: .grpc(GRPCCall(method: method, message: message)))
    }

    private func webSocketRequest(_ node: JSON5Node, _ path: String) -> RequestTemplate? {
        guard let ws = reader.object(node, path, known: ["path", "messages", "every", "idRange"]) else { return nil }
        let requestPath = requestPath(ws)
        let messages = ws["messages"].map { strings($0, ws.path("messages")) } ?? []
        let every = ws["every"].map { reader.duration($0, ws.path("every"), allowZero: false) } ?? TimeSpan(nanoseconds: 1_000_000_000)
        guard let requestPath, let messages, let every, let range = idRange(ws) else { return nil }
        return RequestTemplate(method: "GET", path: requestPath, idRange: range, kind: .websocket(WebSocketScript(messages: messages, every: every)))
    }

    private func graphQLRequest(_ node: JSON5Node, _ path: String) -> RequestTemplate? {
        guard let gql = reader.object(node, path, known: ["path", "query", "operationName", "variables", "idRange"]) else { return nil }
        let requestPath = requestPath(gql, default: "/graphql")
        var call: GraphQLCall?
        if let queryNode = gql.required("query", reader, expected: "a GraphQL document like \"{ user(id: 1) { name } }\""),
           let query = reader.string(queryNode, gql.path("query")) {
            do {
                let document = try GraphQLParser.parse(query)
                call = GraphQLCall(query: query, document: document)
            } catch {
                reader.report(queryNode.location, gql.path("query"), "GraphQL syntax error at \(error.location) of the query: \(error.message)")
            }
        }
        let operationName: String?? = gql["operationName"].map { reader.string($0, gql.path("operationName")) }
        var variables: [JSONMember] = []
        if let variablesNode = gql["variables"] {
            guard case .object(let members) = variablesNode.jsonValue else {
                reader.report(variablesNode.location, gql.path("variables"), "expected an object of variables, like { id: \"{id}\" }")
                return nil
            }
            variables = members
        }
        guard let requestPath, var call, let range = idRange(gql) else { return nil }
        if case .some(.none) = operationName { return nil }
        call.operationName = operationName ?? nil
        call.variables = variables
        return RequestTemplate(method: "POST", path: requestPath, idRange: range, kind: .graphql(call))
    }
}
