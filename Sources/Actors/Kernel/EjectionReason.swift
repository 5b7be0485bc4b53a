/// Why outlier detection ejected a backend: Envoy's detection types, plus the latency rule Envoy
/// lacks (envoyproxy/envoy#288).
public enum EjectionReason: Int32, Sendable, CaseIterable {
    case consecutive5xx = 0
    case consecutiveGatewayFailure = 1
    case successRate = 2
    case failurePercentage = 3
    case latency = 4

    /// The name used in metrics, reports and the recording.
    public var label: String {
        switch self {
        case .consecutive5xx: return "consecutive_5xx"
        case .consecutiveGatewayFailure: return "consecutive_gateway_failure"
        case .successRate: return "success_rate"
        case .failurePercentage: return "failure_percentage"
        case .latency: return "latency"
        }
    }
}
