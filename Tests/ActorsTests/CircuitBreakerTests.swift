import Testing
@testable import Actors
import Scenarios

/// The breaker value as Swift code drives it on its own (the README's example), and the answer rules.
@Suite struct CircuitBreakerTests {
    @Test func test_theReadmesExampleForcesAWindowBreakerOpen() {
        var transitions: [String] = []
        var breaker = CircuitBreaker(policy: .window(WindowBreakerPolicy(minimumCalls: 2)))
        let admission = breaker.admit(at: 0) { transitions.append($0.description) }
        breaker.record(.failure, duration: 0, ticket: admission.ticket, at: 0) { transitions.append($0.description) }
        #expect(breaker.state == .closed)  // one call buffered, two needed
        #expect(breaker.apply(.forceOpen, at: 1_000_000_000) { transitions.append($0.description) } == nil)
        #expect(transitions == ["closed->forced_open"])
        #expect(breaker.state == .forcedOpen)
        #expect(breaker.admit(at: 2_000_000_000) { _ in } == Admission(refusal: .open))
    }

    @Test func test_eachTypeKeepsItsStateBesideTheMachine() {
        for policy: BreakerPolicy in [.count(CountBreakerPolicy(windowSize: 2, minimumCalls: 1)),
                                      .consecutive(ConsecutiveBreakerPolicy(readyToTrip: .consecutiveFailures(0))),
                                      .window(WindowBreakerPolicy(minimumCalls: 1))] {
            var breaker = CircuitBreaker(policy: policy)
            let admission = breaker.admit(at: 0) { _ in }
            breaker.record(.failure, duration: 0, ticket: admission.ticket, at: 0) { _ in }
            #expect(breaker.state == .open, "\(policy.typeName)")
            #expect(breaker.admit(at: 1) { _ in }.refusal == .open, "\(policy.typeName)")
        }
    }

    @Test func test_answerRulesFollowEachPolicy() {
        let count = AnswerRules(policy: .count(CountBreakerPolicy()))
        #expect(count.verdict(status: 503, outcome: .internalError) == .failure)
        #expect(count.verdict(status: 504, outcome: .timeout) == .failure)
        #expect(count.verdict(status: 404, outcome: .ok) == .success)
        let consecutive = AnswerRules(policy: .consecutive(ConsecutiveBreakerPolicy(exclude: [.status(503)])))
        #expect(consecutive.verdict(status: 503, outcome: .chaos) == .ignored)
        #expect(consecutive.verdict(status: 500, outcome: .internalError) == .failure)
        let window = AnswerRules(policy: .window(WindowBreakerPolicy(record: [.status(429), .outcome(.timeout)], ignore: [.statusClass(4)])))
        #expect(window.verdict(status: 429, outcome: .ok) == .ignored)      // ignore is checked first
        #expect(window.verdict(status: 504, outcome: .timeout) == .failure)
        #expect(window.verdict(status: 500, outcome: .internalError) == .success)  // not in record: a success, as resilience4j records it
        #expect(AnswerRules(policy: .window(WindowBreakerPolicy())).verdict(status: 500, outcome: .internalError) == .failure)
    }
}
