import Protocols

/// Which requests a chaos window sees, after Toxiproxy's conditional toxics (#518: a toxic that
/// applies only to requests carrying a header): the method, the path (a glob as routes write it,
/// `*` any run of characters, `{name}` one segment), headers the request carries (names without
/// case, values exact) and the operation (a gRPC method `/package.Service/Method` or a GraphQL
/// operation name, as a glob). Every given condition must hold.
///
/// Requests are traffic templates, so a run decides once per template which windows match it; no
/// request pays for the match.
public struct ChaosMatch: Sendable, Equatable {
    public var method: String?
    public var path: String?
    public var headers: [(name: String, value: String)]
    public var operation: String?

    public init(method: String? = nil, path: String? = nil, headers: [(name: String, value: String)] = [], operation: String? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.operation = operation
    }

    public static func == (a: ChaosMatch, b: ChaosMatch) -> Bool {
        a.method == b.method && a.path == b.path && a.operation == b.operation
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// Whether requests made from `template` match.
    public func matches(_ template: RequestTemplate) -> Bool {
        if let method, method.uppercased() != template.method.uppercased() { return false }
        if let path, !PathPattern(path).matches(PathTemplate(template.path).render(id: 1)) { return false }
        if !headers.isEmpty {
            let sent = template.sentHeaders
            for wanted in headers where !sent.contains(where: { $0.name.lowercased() == wanted.name.lowercased() && $0.value == wanted.value }) {
                return false
            }
        }
        if let operation {
            switch template.kind {
            case .grpc, .graphql: if !PathPattern(operation).matches(template.operation) { return false }
            case .http, .websocket: return false
            }
        }
        return true
    }
}

extension RequestTemplate {
    /// The headers the lab's client sends with requests from this template, beyond the request
    /// line: what a conditional chaos window can match on. Templates declare no headers of their
    /// own; these are the protocol's (gRPC-Web's content type, GraphQL-over-HTTP's, a WebSocket
    /// upgrade's).
    public var sentHeaders: [(name: String, value: String)] {
        switch kind {
        case .http: return []
        case .grpc: return [("content-type", "application/grpc-web+proto"), ("x-grpc-web", "1")]
        case .graphql: return [("content-type", "application/json")]
        case .websocket: return [("upgrade", "websocket"), ("connection", "Upgrade")]
        }
    }
}
