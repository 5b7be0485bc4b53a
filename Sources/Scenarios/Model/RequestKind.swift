import Protocols

/// What a traffic request is, beyond its method and path: which protocol it speaks and what it
/// carries. HTTP requests are the method and path alone.
public enum RequestKind: Sendable, Equatable {
    case http
    case grpc(GRPCCall)
    case websocket(WebSocketScript)
    case graphql(GraphQLCall)

    public var protocolKind: ClusterProtocol {
        switch self {
        case .http: return .http
        case .grpc: return .grpc
        case .websocket: return .websocket
        case .graphql: return .graphql
        }
    }
}

/// A gRPC call: the method and the request message (a protobuf description whose strings may
/// hold `{id}`), sent as `POST /package.Service/Method`.
public struct GRPCCall: Sendable, Equatable {
    public var method: GRPCMethodPath
    public var message: JSONValue
    public init(method: GRPCMethodPath, message: JSONValue = .object([])) {
        self.method = method
        self.message = message
    }
}

/// A WebSocket session a client opens: the upgrade on `path`, then `messages` one every
/// `every`, then a normal close after one more `every` (unless the server closes first).
public struct WebSocketScript: Sendable, Equatable {
    public var messages: [String]
    public var every: TimeSpan
    public init(messages: [String], every: TimeSpan) {
        self.messages = messages
        self.every = every
    }
}

/// A GraphQL request: the document (parsed when the scenario loads), the operation to run and
/// its variables (strings may hold `{id}`), sent as `POST` to the template's path.
public struct GraphQLCall: Sendable, Equatable {
    public var query: String
    public var document: GraphQLDocument
    public var operationName: String?
    public var variables: [JSONMember]
    public init(query: String, document: GraphQLDocument, operationName: String? = nil, variables: [JSONMember] = []) {
        self.query = query
        self.document = document
        self.operationName = operationName
        self.variables = variables
    }

    /// The operation's name for reports: the one chosen, or the document's single operation's.
    public var operationLabel: String {
        operationName ?? document.operations.first?.name ?? document.operations.first?.kind.rawValue ?? "query"
    }

    /// The variables with `{id}` filled by `parameter`: a variable that is exactly "{id}" and
    /// declared Int or Float becomes the number itself, any other string gets the text.
    public func variables(filledWith parameter: String) -> [JSONMember] {
        let operation = document.operations.first { operationName == nil || $0.name == operationName }
        return variables.map { member in
            let declared = operation?.variables.first { $0.name == member.key }?.type.namedType
            if case .string("{id}") = member.value, declared == "Int" || declared == "Float", let number = Int64(parameter) {
                return JSONMember(member.key, .int(number))
            }
            return JSONMember(member.key, Self.fill(member.value, parameter))
        }
    }

    private static func fill(_ value: JSONValue, _ parameter: String) -> JSONValue {
        switch value {
        case .string(let text): return .string(BodyTemplate(text).render([("id", parameter)]))
        case .array(let items): return .array(items.map { fill($0, parameter) })
        case .object(let members): return .object(members.map { JSONMember($0.key, fill($0.value, parameter)) })
        default: return value
        }
    }

    /// The request body as a GraphQL-over-HTTP client sends it, for `parameter`.
    public func body(parameter: String) -> JSONValue {
        var members = [JSONMember("query", .string(query))]
        if let operationName { members.append(JSONMember("operationName", .string(operationName))) }
        if !variables.isEmpty { members.append(JSONMember("variables", .object(variables(filledWith: parameter)))) }
        return .object(members)
    }
}
