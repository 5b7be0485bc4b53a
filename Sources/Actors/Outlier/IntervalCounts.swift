/// Each backend's attempts and successes in the current interval: the data of Envoy's success-rate
/// and failure-percentage rules, cleared at every interval sweep (Envoy swaps its success-rate
/// buckets at each interval timer).
struct IntervalCounts: Sendable {
    private(set) var requests: [Int32]
    private(set) var successes: [Int32]

    init(backends: Int) {
        requests = Array(repeating: 0, count: backends)
        successes = Array(repeating: 0, count: backends)
    }

    @inline(__always)
    mutating func record(backend: Int, success: Bool) {
        requests[backend] &+= 1
        if success { successes[backend] &+= 1 }
    }

    /// The backend's success rate in percent (0 … 100) over the interval; nil with no attempts (Envoy
    /// leaves such a host out of both rules).
    func successRate(of backend: Int) -> Double? {
        let total = requests[backend]
        return total == 0 ? nil : Double(successes[backend]) * 100.0 / Double(total)
    }

    mutating func clear() {
        for i in requests.indices {
            requests[i] = 0
            successes[i] = 0
        }
    }
}
