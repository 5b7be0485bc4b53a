import Protocols

/// How a request's end shows in its protocol, from the lab's status and outcome.
enum ProtocolStatus {
    /// The gRPC status code a client sees: DEADLINE_EXCEEDED for a timeout, UNAVAILABLE when a
    /// breaker or a full queue refused the call, otherwise the code behind the gateway status.
    static func grpcCode(status: Int16, outcome: Outcome) -> GRPCStatusCode {
        switch outcome {
        case .timeout: return .deadlineExceeded
        case .circuitBreaker, .serviceUnavailable: return .unavailable
        default: return GRPCStatusCode(gatewayStatus: Int(status))
        }
    }
}
