import Testing
@testable import Actors
import Scenarios

@Suite struct BreakerTests {
    let countPolicy = CountBreakerPolicy(windowSize: 50, minimumCalls: 20, failureRate: 0.5, openFor: .seconds(10), halfOpenCalls: 5)
    var policy: BreakerPolicy { .count(countPolicy) }
    let second: Int64 = 1_000_000_000

    @Test func test_breakerStaysClosedBelowMinimumCalls() {
        var breaker = CountBreaker(policy: countPolicy)
        for _ in 0..<19 { #expect(breaker.record(success: false, at: 0) == nil) }
        #expect(breaker.state == .closed)
    }

    @Test func test_breakerOpensAfterFailureRateReached() {
        var breaker = CountBreaker(policy: countPolicy)
        for _ in 0..<10 { _ = breaker.record(success: true, at: 0) }
        for _ in 0..<9 { #expect(breaker.record(success: false, at: 0) == nil) }
        #expect(breaker.record(success: false, at: 5) == BreakerTransition(from: .closed, to: .open))
        #expect(breaker.admit(at: 6).admitted == false)
    }

    @Test func test_windowSlidesOverTheLastCalls() {
        var breaker = CountBreaker(policy: countPolicy)
        for _ in 0..<24 { _ = breaker.record(success: false, at: 0) ; if breaker.state == .open { break } }
        #expect(breaker.state == .open)
        var fresh = CountBreaker(policy: countPolicy)
        for _ in 0..<26 { _ = fresh.record(success: true, at: 0) }
        for _ in 0..<24 { _ = fresh.record(success: false, at: 0) }
        #expect(fresh.state == .closed)
        #expect(fresh.record(success: false, at: 0) == BreakerTransition(from: .closed, to: .open))
    }

    @Test func test_openBreakerTurnsHalfOpenOnFirstCallAfterOpenFor() {
        var breaker = opened(at: 0)
        #expect(breaker.admit(at: 10 * second - 1).admitted == false)
        let (admitted, transition) = breaker.admit(at: 10 * second)
        #expect(admitted)
        #expect(transition == BreakerTransition(from: .open, to: .halfOpen))
        for _ in 0..<4 { #expect(breaker.admit(at: 10 * second).admitted) }
        #expect(breaker.admit(at: 10 * second).admitted == false)
    }

    @Test func test_halfOpenClosesWithThreeSuccessesOfFive() {
        var breaker = halfOpen()
        for ok in [true, false, true, false] { #expect(breaker.record(success: ok, at: 11 * second) == nil) }
        #expect(breaker.record(success: true, at: 11 * second) == BreakerTransition(from: .halfOpen, to: .closed))
    }

    @Test func test_halfOpenReopensWithTwoSuccessesOfFive() {
        var breaker = halfOpen()
        for ok in [true, false, true, false] { _ = breaker.record(success: ok, at: 11 * second) }
        #expect(breaker.record(success: false, at: 12 * second) == BreakerTransition(from: .halfOpen, to: .open))
        #expect(breaker.admit(at: 21 * second).admitted == false)
        #expect(breaker.admit(at: 22 * second).transition == BreakerTransition(from: .open, to: .halfOpen))
    }

    @Test func test_outcomesArrivingWhileOpenAreDropped() {
        var breaker = opened(at: 0)
        for _ in 0..<100 { #expect(breaker.record(success: true, at: second) == nil) }
        #expect(breaker.state == .open)
    }

    @Test func test_closingClearsTheWindow() {
        var breaker = halfOpen()
        for _ in 0..<5 { _ = breaker.record(success: true, at: 11 * second) }
        #expect(breaker.state == .closed)
        for _ in 0..<19 { _ = breaker.record(success: false, at: 12 * second) }
        #expect(breaker.state == .closed)
    }

    @Test func test_breakerActorTracesTransitionsInTheLab() throws {
        let scenario = Fixtures.scenario(
            clusters: [Fixtures.cluster("a", errorRate: 1), Fixtures.cluster("b")],
            route: RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], retry: RetryPolicySpec(attempts: 1, on: [.serverError])),
            rate: 100, duration: .seconds(30), breakers: BreakerPolicies(defaultPolicy: policy))
        let result = try Fixtures.run(scenario)
        let transitions = result.summary.transitions.filter { $0.cluster == "a" }
        #expect(transitions.first?.to == .open)
        // Every later opening follows a failed half-open trial, 10 s after the previous opening at the earliest.
        let opens = transitions.filter { $0.to == .open }.map(\.at)
        for (earlier, later) in zip(opens, opens.dropFirst()) { #expect(later - earlier >= 10 * second) }
        #expect(result.summary.failed == 0)
        #expect(!result.summary.transitions.contains { $0.cluster == "b" })
    }

    private func opened(at time: Int64) -> CountBreaker {
        var breaker = CountBreaker(policy: countPolicy)
        for _ in 0..<20 { _ = breaker.record(success: false, at: time) }
        return breaker
    }

    private func halfOpen() -> CountBreaker {
        var breaker = opened(at: 0)
        _ = breaker.admit(at: 10 * second)
        #expect(breaker.state == .halfOpen)
        return breaker
    }
}
