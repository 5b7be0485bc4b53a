/// What a gRPC backend answers for the lab's verdict, as gRPC-Web: always HTTP 200 on the wire,
/// the outcome in `grpc-status`. A healthy call streams the method's messages and its status; a
/// failed one sends the trailers alone, with the code the verdict maps to (DEADLINE_EXCEEDED for
/// a timeout, UNAVAILABLE for a full queue or an open breaker, the code behind the status
/// otherwise) — or the method's configured failure, when the backend failed as configured.
///
/// It also says what the lab books for the call: a method configured to fail is booked at its
/// code's HTTP status, and a server-streaming method holds its backend for the whole stream.
public struct GRPCResponder: Sendable {
    /// The mock method the call reached; nil when the cluster has none (or no cluster answered).
    public let method: MockGRPCMethod?
    /// The cluster whose name fills `{cluster}` in the messages; nil for the gateway alone.
    public let cluster: String?

    public init(method: MockGRPCMethod?, cluster: String?) {
        self.method = method
        self.cluster = cluster
    }

    /// The status the lab books for a call the backend serves: the HTTP status of the method's
    /// configured failure, or the cluster's `healthy` status.
    public func bookedStatus(healthy: Int) -> Int {
        guard let configured = method?.status, configured.code != .ok else { return healthy }
        return configured.code.httpStatus
    }

    /// How long the call holds its backend beyond the service time, in nanoseconds: a streaming
    /// method sends its messages one interval apart (none when it fails as configured).
    public var hold: Int64 {
        guard let method, method.status.code == .ok else { return 0 }
        return Int64(method.messageCount - 1) * method.streamInterval
    }

    public func answer(verdict: MockVerdict) -> MockAnswer {
        var code = Self.code(for: verdict)
        var message = code == .ok ? "" : HTTPResponse.reason(for: verdict.status)
        if let configured = method?.status, configured.code != .ok, !verdict.byGateway,
           verdict.reason == .ok || verdict.reason == .internalError, configured.code.httpStatus == verdict.status {
            code = configured.code
            message = configured.message
        }
        if verdict.reason == .timeout { message = "deadline exceeded" }
        let status = code == .ok ? GRPCStatus.ok : GRPCStatus(code, message)
        // The trailers always carry the status decided here, so the body and the status agree.
        var messages: [[UInt8]] = []
        if code == .ok, let method {
            messages = (0..<method.messageCount).map { method.message(index: $0, cluster: cluster ?? "") }
        }
        return MockAnswer(wireStatus: 200, headers: Self.headers, body: .bytes(GRPCFrame.webResponseBody(messages: messages, status: status)),
                          grpcStatus: status)
    }

    /// The gRPC code a client sees for the lab's verdict: DEADLINE_EXCEEDED for a timeout,
    /// UNAVAILABLE when a breaker, a full queue or pool or a broken connection refused the call,
    /// RESOURCE_EXHAUSTED for a rate limit, CANCELLED for a lost hedge, otherwise the code behind the
    /// status (as a gateway maps it back).
    public static func code(for verdict: MockVerdict) -> GRPCStatusCode {
        switch verdict.reason {
        case .timeout: return .deadlineExceeded
        case .circuitBreaker, .serviceUnavailable, .overflow, .reset, .refused: return .unavailable
        case .rateLimit: return .resourceExhausted
        case .cancelled: return .cancelled
        default: return GRPCStatusCode(gatewayStatus: verdict.status)
        }
    }

    static let headers: HTTPHeaders = [("content-type", "application/grpc-web+proto")]
}
