/// What a breaker decided about the calls it saw, by its state at the time and the result:
/// `circuit_breaker_requests_total{name,state,result}`. Counted by the breaker itself (refusals
/// leave no event in the trace), read when the run ends.
public struct BreakerTally: Sendable, Equatable {
    public enum Result: Int, Sendable, CaseIterable, CustomStringConvertible {
        /// A result recorded as a success.
        case success
        case failure
        /// A result counted as neither (excluded, ignored).
        case ignored
        /// An admission refused.
        case rejected

        public var description: String {
            switch self {
            case .success: return "success"
            case .failure: return "failure"
            case .ignored: return "ignored"
            case .rejected: return "rejected"
            }
        }
    }

    private var counts = [Int](repeating: 0, count: BreakerState.allCases.count * Result.allCases.count)

    public init() {}

    @inline(__always)
    mutating func add(_ result: Result, in state: BreakerState) {
        counts[Int(state.rawValue) * Result.allCases.count + result.rawValue] += 1
    }

    public func count(_ result: Result, in state: BreakerState) -> Int {
        counts[Int(state.rawValue) * Result.allCases.count + result.rawValue]
    }

    /// Every admission refused, whatever the state.
    public var rejected: Int { BreakerState.allCases.reduce(0) { $0 + count(.rejected, in: $1) } }
}
