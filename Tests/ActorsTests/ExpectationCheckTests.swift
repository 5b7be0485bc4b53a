import Testing
@testable import Actors
import Scenarios

/// Expectations are met, failed, or not evaluated when the run could not judge them — a window
/// past the run's end, a "never" over a run shorter than the story, no request completed — and
/// only a failed one fails the run.
@Suite struct ExpectationCheckTests {
    let policy = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5, openFor: .seconds(60), halfOpenCalls: 1))

    /// A cluster "a" with a breaker, failing every call when `failing`, in a story of 10 s.
    func story(failing: Bool, expect: [Scenarios.Expectation], latency: TimeSpan = .milliseconds(10)) -> Scenario {
        var scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(latency), concurrency: 10, errorRate: failing ? 1 : 0)],
                                         rate: 100, duration: .seconds(10), breakers: BreakerPolicies(defaultPolicy: policy))
        scenario.expectations = expect
        return scenario
    }

    func run(_ scenario: Scenario, for duration: TimeSpan) throws -> RunResult {
        try Laboratory(scenario: scenario).run(RunOptions(seed: 1, duration: duration))
    }

    @Test func test_aWindowPastTheRunsEndWithTheStateNotReachedIsNotEvaluatedAndDoesNotFailTheRun() throws {
        let result = try run(story(failing: false, expect: [.breakerReaches(cluster: "a", state: .open, within: .seconds(5))]), for: .seconds(2))
        let e = try #require(result.expectations.first)
        #expect(e.status == .notEvaluated(reason: "the run ended at 2s, before the window's end at 5s"))
        #expect(!e.met)
        #expect(result.passed)
    }

    @Test func test_aWindowPastTheRunsEndIsMetWhenTheStateWasReachedBeforeTheEnd() throws {
        let result = try run(story(failing: true, expect: [.breakerReaches(cluster: "a", state: .open, within: .seconds(5))]), for: .seconds(2))
        #expect(result.expectations.first?.status == .met)
        #expect(result.passed)
    }

    @Test func test_aWindowInsideTheRunThatTheBreakerMissedFails() throws {
        let result = try run(story(failing: false, expect: [.breakerReaches(cluster: "a", state: .open, within: .seconds(1))]), for: .seconds(2))
        #expect(result.expectations.first?.status == .failed)
        #expect(result.expectations.first?.observed == "never open")
        #expect(!result.passed)
    }

    @Test func test_neverOverARunShorterThanTheStoryIsNotEvaluatedUnlessTheStateWasEntered() throws {
        let quiet = try run(story(failing: false, expect: [.breakerNever(cluster: "a", state: .open)]), for: .seconds(2))
        #expect(quiet.expectations.first?.status == .notEvaluated(reason: "the run ended at 2s, before the story's end at 10s"))
        #expect(quiet.passed)
        let failing = try run(story(failing: true, expect: [.breakerNever(cluster: "a", state: .open)]), for: .seconds(2))
        #expect(failing.expectations.first?.status == .failed)
        #expect(!failing.passed)
        let whole = try run(story(failing: false, expect: [.breakerNever(cluster: "a", state: .open)]), for: .seconds(10))
        #expect(whole.expectations.first?.status == .met)
    }

    @Test func test_successRatioAndP99WithNoRequestCompletedAreNotEvaluated() throws {
        // Every request takes 5 s at the backend; the run ends after 1 s with none completed.
        let scenario = story(failing: false, expect: [.minimumSuccessRatio(0.9), .maximumP99(.milliseconds(100))], latency: .seconds(5))
        let result = try run(scenario, for: .seconds(1))
        #expect(result.summary.requests > 0 && result.summary.completed == 0)
        #expect(result.expectations.map(\.status) == [.notEvaluated(reason: "no request completed"), .notEvaluated(reason: "no request completed")])
        #expect(result.passed)
    }

    @Test func test_successRatioOverAShortenedRunIsJudgedAndSaysSo() throws {
        let result = try run(story(failing: false, expect: [.minimumSuccessRatio(0.9)]), for: .seconds(2))
        #expect(result.expectations.first?.status == .met)
        #expect(result.expectations.first?.observed == "success ratio 1.0 over the run's 2s of the story's 10s")
    }
}
