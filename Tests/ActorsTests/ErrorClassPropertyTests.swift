import Protocols
import Testing
@testable import Actors
import Scenarios

/// Over seeded (status, outcome) pairs: every failed completion has exactly one error class and a
/// completion that did not fail has none (the error classification of seed 003 partitions the
/// failures). Each class is restated here as its own membership rule, from the table in
/// Docs/SCENARIOS.md, and the rules must not overlap.
@Suite struct ErrorClassPropertyTests {
    /// Outcomes that fail a request whatever its status.
    static let failingOutcomes: Set<Outcome> = [.internalError, .serviceUnavailable, .timeout, .circuitBreaker, .overflow,
                                               .rateLimit, .reset, .refused, .protocolError, .truncated]
    /// Outcomes that name the cause, so the status is not read.
    static let causeOutcomes: Set<Outcome> = failingOutcomes.subtracting([.internalError])

    static func failed(_ status: Int16, _ outcome: Outcome) -> Bool { status >= 400 || failingOutcomes.contains(outcome) }

    /// Whether a (status, outcome) pair belongs to `c`, one rule per class.
    static func belongs(_ status: Int16, _ outcome: Outcome, to c: ErrorClass) -> Bool {
        let byStatus = !causeOutcomes.contains(outcome)
        switch c {
        case .authentication: return byStatus && status == 401
        case .authorization: return byStatus && status == 403
        case .notFound: return byStatus && status == 404
        case .validation: return byStatus && (400...499).contains(status) && ![401, 403, 404, 408, 429].contains(status)
        case .timeout: return outcome == .timeout || (byStatus && (status == 408 || status == 504))
        case .rateLimit: return outcome == .rateLimit || (byStatus && status == 429)
        case .circuitBreaker: return outcome == .circuitBreaker
        case .serviceUnavailable: return [.serviceUnavailable, .overflow, .reset, .refused].contains(outcome) || (byStatus && status == 503)
        case .internal:
            return outcome == .protocolError || outcome == .truncated || (outcome == .internalError && status < 400)
                || (byStatus && status >= 500 && status != 503 && status != 504)
        }
    }

    @Test func test_everyFailedCompletionHasExactlyOneClassAndOthersNone() {
        var generator = SeededGenerator(seed: 3, stream: "error-classes")
        let outcomes = Outcome.allCases
        var seen = Set<ErrorClass>()
        for _ in 0..<20_000 {
            // Mostly real HTTP statuses, sometimes any Int16 at all.
            let status = generator.nextIndex(below: 8) == 0 ? Int16(truncatingIfNeeded: generator.next())
                                                             : Int16(100 + generator.nextIndex(below: 500))
            let outcome = outcomes[generator.nextIndex(below: outcomes.count)]
            let members = ErrorClass.allCases.filter { Self.belongs(status, outcome, to: $0) }
            let found = ErrorClass.of(status: status, outcome: outcome)
            if Self.failed(status, outcome) {
                #expect(members.count == 1, "\(status) \(outcome): \(members.map(\.name))")
                #expect(found == members.first, "\(status) \(outcome)")
            } else {
                #expect(members.isEmpty && found == nil, "\(status) \(outcome)")
            }
            if let found { seen.insert(found) }
        }
        #expect(seen.count == ErrorClass.allCases.count)
    }
}
