/// Envoy's consecutive 5xx and consecutive gateway failure counters, one pair per backend
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier, "Consecutive 5xx",
/// "Consecutive Gateway Failure"), in Envoy's unsplit mode: a local-origin failure (reset, timeout)
/// counts as a gateway failure and as a 5xx.
///
/// Per answer, as Envoy's `putHttpResponseCode`: a success (not 5xx, not a local-origin failure)
/// clears both counters; a gateway failure (502, 503, 504, local origin) adds to both; any other 5xx
/// adds to the 5xx counter and clears the gateway counter. A counter detects an outlier when it
/// becomes exactly equal to its threshold (so a threshold of 0 never detects), gateway first.
struct ConsecutiveFailureRule: Sendable {
    /// What one answer detected.
    struct Detection: Sendable, Equatable {
        var gatewayFailure = false
        var fiveXX = false
        var any: Bool { gatewayFailure || fiveXX }
    }

    private var fiveXX: [Int32]
    private var gateway: [Int32]
    private let fiveXXThreshold: Int32
    private let gatewayThreshold: Int32

    init(backends: Int, consecutive5xx: Int, consecutiveGatewayFailure: Int) {
        fiveXX = Array(repeating: 0, count: backends)
        gateway = Array(repeating: 0, count: backends)
        fiveXXThreshold = Int32(clamping: consecutive5xx)
        gatewayThreshold = Int32(clamping: consecutiveGatewayFailure)
    }

    /// Whether an answer is a failure for outlier detection: 5xx or a local-origin failure.
    @inline(__always)
    static func isFailure(status: Int, gatewayFailure: Bool) -> Bool { gatewayFailure || status >= 500 }

    /// Whether a failure is a gateway failure: 502, 503, 504 or a local-origin failure.
    @inline(__always)
    static func isGatewayFailure(status: Int, gatewayFailure: Bool) -> Bool {
        gatewayFailure || (status >= 502 && status <= 504)
    }

    /// Counts one answer of `backend`.
    @inline(__always)
    mutating func record(backend: Int, status: Int, gatewayFailure: Bool) -> Detection {
        guard Self.isFailure(status: status, gatewayFailure: gatewayFailure) else {
            fiveXX[backend] = 0
            gateway[backend] = 0
            return Detection()
        }
        var detection = Detection()
        if Self.isGatewayFailure(status: status, gatewayFailure: gatewayFailure) {
            gateway[backend] &+= 1
            detection.gatewayFailure = gateway[backend] == gatewayThreshold
        } else {
            gateway[backend] = 0
        }
        fiveXX[backend] &+= 1
        detection.fiveXX = fiveXX[backend] == fiveXXThreshold
        return detection
    }

    /// Envoy resets the counter whose detection was handled (enforced or not) so the next bout of
    /// failures can detect again without an interleaved success.
    mutating func reset(_ reason: EjectionReason, backend: Int) {
        switch reason {
        case .consecutive5xx: fiveXX[backend] = 0
        case .consecutiveGatewayFailure: gateway[backend] = 0
        default: break
        }
    }

    /// Envoy clears both counters when a host returns, "to avoid re-ejection on very few new errors".
    mutating func clear(backend: Int) {
        fiveXX[backend] = 0
        gateway[backend] = 0
    }

    func count(_ reason: EjectionReason, backend: Int) -> Int {
        reason == .consecutiveGatewayFailure ? Int(gateway[backend]) : Int(fiveXX[backend])
    }
}
