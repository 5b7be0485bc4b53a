import Protocols

/// The protocol a cluster's mock backends speak. Every cluster behind one route speaks the same
/// protocol, and every request routed there is of that protocol.
public enum ClusterProtocol: String, Sendable, CaseIterable {
    case http, grpc, websocket, graphql

    /// The status a healthy backend's answer carries in the lab's books: 200, or 101 for a
    /// WebSocket handshake (gRPC and GraphQL answer 200 and report failures inside).
    public func successStatus(http: HTTPResponseSpec) -> Int {
        switch self {
        case .http: return http.status
        case .grpc, .graphql: return 200
        case .websocket: return 101
        }
    }
}

/// What a cluster's mock backends answer, per protocol.
public enum MockBehaviour: Sendable, Equatable {
    case http(HTTPResponseSpec)
    /// The methods the service implements; a call to another answers UNIMPLEMENTED.
    case grpc([MockGRPCMethod])
    case websocket(MockWebSocketBehaviour)
    case graphql(GraphQLMockSchema)

    public var protocolKind: ClusterProtocol {
        switch self {
        case .http: return .http
        case .grpc: return .grpc
        case .websocket: return .websocket
        case .graphql: return .graphql
        }
    }
}
