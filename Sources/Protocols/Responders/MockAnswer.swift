/// What a mock backend (or the gateway in its place) sends for one verdict, in its protocol's
/// terms: decided once by the protocol's responder, written by the recorder, sent by a daemon.
public struct MockAnswer: Sendable, Equatable {
    /// The body on the wire.
    public enum Body: Sendable, Equatable {
        case none
        /// Text: HTTP and GraphQL JSON.
        case text(String)
        /// Bytes: gRPC-Web frames (messages, then the trailers frame).
        case bytes([UInt8])
    }

    /// The HTTP status on the wire: 200 for every gRPC answer and for GraphQL answers carrying a
    /// backend's failure as errors, 101 for an opened WebSocket.
    public var wireStatus: Int
    public var headers: HTTPHeaders
    public var body: Body
    /// The gRPC status (code and message) the trailers carry; nil for other protocols.
    public var grpcStatus: GRPCStatus?
    /// The number of errors in a GraphQL answer; nil for other protocols or no GraphQL body.
    public var graphQLErrors: Int?

    public init(wireStatus: Int, headers: HTTPHeaders = [], body: Body = .none, grpcStatus: GRPCStatus? = nil, graphQLErrors: Int? = nil) {
        self.wireStatus = wireStatus
        self.headers = headers
        self.body = body
        self.grpcStatus = grpcStatus
        self.graphQLErrors = graphQLErrors
    }

    /// The protocol's own status: the gRPC code, or the number of GraphQL errors.
    public var protocolStatus: Int? {
        if let grpcStatus { return grpcStatus.code.rawValue }
        return graphQLErrors
    }

    /// The gRPC trailers (`grpc-status`, `grpc-message`); empty for other protocols.
    public var trailers: HTTPHeaders { grpcStatus?.trailers ?? [] }

    /// The body's bytes as they go on the wire.
    public var bodyBytes: [UInt8] {
        switch body {
        case .none: return []
        case .text(let text): return Array(text.utf8)
        case .bytes(let bytes): return bytes
        }
    }

    /// The answer as an HTTP/1.1 response (gRPC-Web carries its trailers in the body).
    public var httpResponse: HTTPResponse {
        HTTPResponse(status: wireStatus, headers: headers, body: bodyBytes)
    }

    /// The JSON error body an HTTP backend or the gateway sends with an error status.
    static func errorBody(status: Int) -> String {
        "{\"error\":{\"code\":\"\(status)\",\"message\":\"\(HTTPResponse.reason(for: status))\"}}"
    }

    static let json: HTTPHeaders = [("content-type", "application/json")]
}
