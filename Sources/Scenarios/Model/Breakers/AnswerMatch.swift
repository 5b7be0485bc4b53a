/// A set of attempt answers a breaker rule names (`exclude`, `record`, `ignore`): a status (`503`), a
/// status class (`"5xx"`), or an outcome (`"timeout"`, `"internal_error"`, `"chaos"`,
/// `"service_unavailable"`).
public enum AnswerMatch: Sendable, Hashable, CustomStringConvertible {
    case status(Int)
    /// 1 … 5: the hundreds digit of the status.
    case statusClass(Int)
    case outcome(AnswerOutcome)

    /// Whether an answer with this status and outcome belongs to the set.
    public func matches(status: Int, outcome: AnswerOutcome) -> Bool {
        switch self {
        case .status(let s): return s == status
        case .statusClass(let c): return status / 100 == c
        case .outcome(let o): return o == outcome
        }
    }

    public var description: String {
        switch self {
        case .status(let s): return String(s)
        case .statusClass(let c): return "\(c)xx"
        case .outcome(let o): return o.rawValue
        }
    }
}

/// Why an attempt ended as it did, in the words of recordings and metrics.
public enum AnswerOutcome: String, Sendable, Hashable, CaseIterable {
    case ok
    case internalError = "internal_error"
    case chaos
    case serviceUnavailable = "service_unavailable"
    case timeout
    case reset
    case refused
    case protocolError = "protocol_error"
    case truncated
}

extension Array where Element == AnswerMatch {
    /// Whether any member matches the answer.
    public func matches(status: Int, outcome: AnswerOutcome) -> Bool {
        contains { $0.matches(status: status, outcome: outcome) }
    }
}
