import Scenarios

/// How a breaker's policy judges an attempt's answer: `count`: a 5xx or a timeout fails, anything
/// else succeeds. `consecutive`: answers matching `exclude` count as neither; otherwise the same
/// rule. `window`: answers matching `ignore` are not buffered; then answers matching `record` fail (by
/// default every 5xx and every timeout) and every other answer succeeds.
///
/// A small value apart from the machine, so judging an answer on the hot path reads a few words.
public struct AnswerRules: Sendable {
    /// Answers that count as neither (exclusions, ignored).
    private let neither: [AnswerMatch]?
    /// Answers that fail; nil: the default rule.
    private let failures: [AnswerMatch]?

    public init(policy: BreakerPolicy) {
        switch policy {
        case .count: (neither, failures) = (nil, nil)
        case .consecutive(let p): (neither, failures) = (p.exclude.isEmpty ? nil : p.exclude, nil)
        case .window(let p): (neither, failures) = (p.ignore.isEmpty ? nil : p.ignore, p.record)
        }
    }

    @inline(__always)
    public func verdict(status: Int, outcome: AnswerOutcome) -> CallVerdict {
        if let neither, neither.matches(status: status, outcome: outcome) { return .ignored }
        if let failures { return failures.matches(status: status, outcome: outcome) ? .failure : .success }
        return status >= 500 || outcome == .timeout ? .failure : .success
    }
}
