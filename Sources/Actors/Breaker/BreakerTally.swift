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

    static let size = BreakerState.allCases.count * Result.allCases.count

    @inline(__always)
    static func slot(_ result: Result, _ state: BreakerState) -> Int { Int(state.rawValue) * Result.allCases.count + result.rawValue }

    private var counts: [Int]

    public init() { counts = Array(repeating: 0, count: Self.size) }

    init(counts: [Int]) { self.counts = counts }

    public func count(_ result: Result, in state: BreakerState) -> Int { counts[Self.slot(result, state)] }

    /// Every admission refused, whatever the state.
    public var rejected: Int { BreakerState.allCases.reduce(0) { $0 + count(.rejected, in: $1) } }
}

/// The counters behind a breaker's tally, in memory of their own: counting on the hot path is one
/// increment, with no copy-on-write check. Used only on the lab's thread.
final class TallyCounters {
    private let storage = UnsafeMutablePointer<Int>.allocate(capacity: BreakerTally.size)

    init() { storage.initialize(repeating: 0, count: BreakerTally.size) }

    deinit { storage.deallocate() }

    @inline(__always)
    func add(_ result: BreakerTally.Result, in state: BreakerState) { storage[BreakerTally.slot(result, state)] += 1 }

    /// The counts so far, as a value.
    var tally: BreakerTally { BreakerTally(counts: Array(UnsafeBufferPointer(start: storage, count: BreakerTally.size))) }
}
