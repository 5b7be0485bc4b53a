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

    // MARK: A breaker's state at an instant

    /// The failing story's breaker opens once, early, and stays open for the rest of the 10 s.
    func firstOpen(_ result: RunResult) throws -> Int64 {
        try #require(result.summary.transitions.first { $0.cluster == "a" && $0.to == .open }).at
    }

    @Test func test_aStateAtAnInstantIsTheStateAfterEveryTransitionAtOrBeforeIt() throws {
        let result = try run(story(failing: true, expect: [
            .breakerState(cluster: "a", state: .open, at: .seconds(5)),
            .breakerState(cluster: "a", state: .closed, at: .seconds(5)),
            .breakerState(cluster: "a", state: .closed, at: .zero),
        ]), for: .seconds(10))
        let opened = try firstOpen(result)
        #expect(opened > 0 && opened < 1_000_000_000)
        #expect(result.expectations.map(\.status) == [.met, .failed, .met])
        #expect(result.expectations.map(\.observed) == [
            "open at 5s (since \(ExpectationCheck.seconds(opened)))", "open at 5s (since \(ExpectationCheck.seconds(opened)))",
            "closed at 0s (no transition by then)",
        ])
        // At the very instant of the transition, the state is the one it entered.
        let atTheInstant = try run(story(failing: true, expect: [.breakerState(cluster: "a", state: .open, at: TimeSpan(nanoseconds: opened))]),
                                   for: .seconds(10))
        #expect(atTheInstant.expectations.first?.status == .met)
    }

    @Test func test_aStateAtAnInstantPastTheRunsEndIsNotEvaluated() throws {
        let result = try run(story(failing: true, expect: [.breakerState(cluster: "a", state: .closed, at: .seconds(5))]), for: .seconds(2))
        let e = try #require(result.expectations.first)
        #expect(e.status == .notEvaluated(reason: "the run ended at 2s, before the instant 5s"))
        #expect(e.observed == "open at the run's end (since \(ExpectationCheck.seconds(try firstOpen(result))))")
        #expect(result.passed)
    }

    // MARK: Opens and transitions

    @Test func test_opensAreCountedAgainstTheirBoundsOverTheWholeStory() throws {
        let failing = try run(story(failing: true, expect: [
            .breakerOpens(cluster: "a", ExpectedRange(min: 1, max: 1)),
            .breakerOpens(cluster: "a", ExpectedRange(max: 0)),
            .breakerOpens(cluster: "a", ExpectedRange(min: 2)),
        ]), for: .seconds(10))
        #expect(failing.breakers.first?.opens == 1)
        #expect(failing.expectations.map(\.status) == [.met, .failed, .failed])
        #expect(failing.expectations.map(\.observed) == ["opened 1 time", "opened 1 time, more than 0", "opened 1 time, fewer than 2"])
        let quiet = try run(story(failing: false, expect: [.breakerOpens(cluster: "a", ExpectedRange(max: 3))]), for: .seconds(10))
        #expect(quiet.expectations.first?.status == .met)
        #expect(quiet.expectations.first?.observed == "opened 0 times")
    }

    @Test func test_opensOverARunShorterThanTheStoryFailOnlyAboveTheMaxAndAreMetOnlyByAMinAlone() throws {
        let unfinished = ExpectationStatus.notEvaluated(reason: "the run ended at 2s, before the story's end at 10s; the rest could change the count")
        let quiet = try run(story(failing: false, expect: [
            .breakerOpens(cluster: "a", ExpectedRange(max: 3)),
            .breakerOpens(cluster: "a", ExpectedRange(min: 1)),
        ]), for: .seconds(2))
        #expect(quiet.expectations.map(\.status) == [unfinished, unfinished])
        #expect(quiet.expectations.map(\.observed) == ["opened 0 times by 2s", "opened 0 times by 2s"])
        #expect(quiet.passed)
        let failing = try run(story(failing: true, expect: [
            .breakerOpens(cluster: "a", ExpectedRange(min: 1)),
            .breakerOpens(cluster: "a", ExpectedRange(max: 0)),
            .breakerOpens(cluster: "a", ExpectedRange(min: 1, max: 2)),
        ]), for: .seconds(2))
        #expect(failing.expectations.map(\.status) == [.met, .failed, unfinished])
        #expect(!failing.passed)
    }

    @Test func test_transitionsCountEveryStateChangeOfTheBreaker() throws {
        // Open for 1 s only: the breaker keeps probing (half-open) and opening again.
        let flapping = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5, openFor: .seconds(1), halfOpenCalls: 1))
        var scenario = story(failing: true, expect: [
            .breakerTransitions(cluster: "a", ExpectedRange(max: 3)),
            .breakerTransitions(cluster: "a", ExpectedRange(min: 4)),
            .breakerOpens(cluster: "a", ExpectedRange(min: 2)),
        ])
        scenario.breakers = BreakerPolicies(defaultPolicy: flapping)
        let result = try run(scenario, for: .seconds(10))
        let figures = try #require(result.breakers.first)
        #expect(figures.transitions > 4 && figures.opens >= 2)
        #expect(result.expectations.map(\.status) == [.failed, .met, .met])
        #expect(result.expectations.map(\.observed) == [
            "\(figures.transitions) transitions, more than 3", "\(figures.transitions) transitions", "opened \(figures.opens) times",
        ])
    }

    // MARK: Routes, clusters and attempts

    /// Cluster "a" fails every call in 10 ms, "b" answers in 30 ms. Route "retrying" balances
    /// between them and retries a's failures on b; route "direct" sends to b only. No breakers.
    func twoRoutes(expect: [Scenarios.Expectation], latency: TimeSpan = .milliseconds(30)) -> Scenario {
        var scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(10)), concurrency: 100, errorRate: 1),
                                                    Fixtures.cluster("b", latency: .constant(latency), concurrency: 100)],
                                         rate: 100, duration: .seconds(10))
        scenario.routes = [
            RouteSpec(name: "retrying", pathPattern: "/retry/*", clusters: ["a", "b"], retry: RetryPolicySpec(attempts: 1, on: [.serverError])),
            RouteSpec(name: "direct", pathPattern: "/direct/*", clusters: ["b"]),
        ]
        scenario.traffic = [TrafficSpec(name: "t", rate: 100, arrival: .constant,
                                        mix: [RequestTemplate(path: "/retry/{id}"), RequestTemplate(path: "/direct/{id}")])]
        scenario.expectations = expect
        return scenario
    }

    @Test func test_successRatioPerRouteCountsCompletedRequestsAndPerClusterItsAttemptsConcluded() throws {
        let result = try run(twoRoutes(expect: [
            .successRatio(min: 1, of: .route("retrying")),
            .successRatio(min: 0.5, of: .cluster("a")),
            .successRatio(min: 1, of: .cluster("b")),
            .minimumSuccessRatio(1),
        ]), for: .seconds(10))
        let route = result.summary.routes[0], a = result.summary.clusters[0], b = result.summary.clusters[1]
        #expect(route.completed > 0 && route.ok == route.completed && a.answered > 0 && b.answered > 0)
        #expect(result.expectations.map(\.status) == [.met, .failed, .met, .met])
        #expect(result.expectations.map(\.observed) == [
            "success ratio 1.0 (\(route.ok) of \(route.completed) completed requests answered below 500)",
            "success ratio 0.0 (0 of \(a.answered) attempts concluded answered below 500 in time)",
            "success ratio 1.0 (\(b.answered) of \(b.answered) attempts concluded answered below 500 in time)",
            "success ratio 1.0",
        ])
    }

    @Test func test_quantilesPerRouteAreEndToEndAndPerClusterTheAttemptsLatency() throws {
        let result = try run(twoRoutes(expect: [
            .latency(.p50, max: .milliseconds(20), of: .cluster("a")),
            .latency(.p50, max: .milliseconds(20), of: .cluster("b")),
            .latency(.p99, max: .milliseconds(35), of: .route("direct")),
            .latency(.p99, max: .milliseconds(35), of: .route("retrying")),
            .latency(.p999, max: .milliseconds(50), of: .run),
            .maximumP99(.milliseconds(50)),
        ]), for: .seconds(10))
        #expect(result.expectations.map(\.status) == [.met, .failed, .met, .failed, .met, .met])
        let s = result.summary
        func ms(_ ns: Int64) -> String { "\(Double(ns / 1000) / 1000) ms" }
        #expect(result.expectations.map(\.observed) == [
            "p50 \(ms(s.clusters[0].latency.quantile(0.5)))", "p50 \(ms(s.clusters[1].latency.quantile(0.5)))",
            "p99 \(ms(s.routes[1].latency.quantile(0.99)))", "p99 \(ms(s.routes[0].latency.quantile(0.99)))",
            "p999 \(ms(s.latency.quantile(0.999)))", "p99 \(ms(s.latency.quantile(0.99)))",
        ])
        // A retried request waits for both attempts: 10 ms at a, then 30 ms at b (the histogram's buckets round a little).
        #expect(s.routes[0].latency.quantile(0.99) > 39_000_000)
    }

    @Test func test_attemptsPerRequestIsTheMeanOverCompletedRequestsOfTheRunOrOneRoute() throws {
        let result = try run(twoRoutes(expect: [
            .attemptsPerRequest(ExpectedRange(min: 1.1, max: 1.9), route: "retrying"),
            .attemptsPerRequest(ExpectedRange(max: 1), route: "direct"),
            .attemptsPerRequest(ExpectedRange(max: 1.2), route: nil),
            .attemptsPerRequest(ExpectedRange(min: 1.5), route: "direct"),
        ]), for: .seconds(10))
        let s = result.summary
        let retrying = s.routes[0], direct = s.routes[1]
        // The routes' attempts add up to the run's, counted apart by the attempts each request sent.
        #expect(retrying.attempts + direct.attempts == s.attempts.enumerated().reduce(0) { $0 + $1.offset * $1.element })
        #expect(direct.attempts == direct.completed && retrying.attempts - retrying.completed <= s.retries)
        #expect(retrying.meanAttempts > 1.1 && retrying.meanAttempts < 1.9 && s.meanAttempts > 1.2)
        let sent = retrying.attempts + direct.attempts
        #expect(result.expectations.map(\.status) == [.met, .met, .failed, .failed])
        func mean(_ sent: Int, _ completed: Int) -> Double { (Double(sent) / Double(completed) * 10_000).rounded() / 10_000 }
        #expect(result.expectations.map(\.observed) == [
            "\(mean(retrying.attempts, retrying.completed)) attempts per completed request (\(retrying.attempts) sent for \(retrying.completed))",
            "1.0 attempts per completed request (\(direct.completed) sent for \(direct.completed))",
            "\(mean(sent, s.completed)) attempts per completed request (\(sent) sent for \(s.completed)), more than 1.2",
            "1.0 attempts per completed request (\(direct.completed) sent for \(direct.completed)), fewer than 1.5",
        ])
    }

    @Test func test_routeAndClusterFiguresWithNothingCountedAreNotEvaluated() throws {
        // b takes 5 s: after 1 s no request of "direct" completed; a answered, so a's figures are judged.
        let result = try run(twoRoutes(expect: [
            .successRatio(min: 0.5, of: .route("direct")),
            .latency(.p90, max: .seconds(1), of: .route("direct")),
            .attemptsPerRequest(ExpectedRange(max: 2), route: "direct"),
            .successRatio(min: 0.5, of: .cluster("b")),
            .latency(.p50, max: .seconds(1), of: .cluster("b")),
            .latency(.p50, max: .seconds(1), of: .cluster("a")),
            .attemptsPerRequest(ExpectedRange(max: 2), route: nil),
        ], latency: .seconds(5)), for: .seconds(1))
        #expect(result.summary.completed == 0 && result.summary.clusters[0].answered > 0)
        #expect(result.expectations.map(\.status) == [
            .notEvaluated(reason: "no request of route \"direct\" completed"), .notEvaluated(reason: "no request of route \"direct\" completed"),
            .notEvaluated(reason: "no request of route \"direct\" completed"),
            .notEvaluated(reason: "no attempt at cluster \"b\" concluded"), .notEvaluated(reason: "no attempt at cluster \"b\" concluded"),
            .met, .notEvaluated(reason: "no request completed"),
        ])
        #expect(result.expectations.map(\.observed) == [
            "no success ratio", "no p90", "no attempts per request", "no success ratio", "no p50",
            "p50 \(Double(result.summary.clusters[0].latency.quantile(0.5) / 1000) / 1000) ms over the run's 1s of the story's 10s",
            "no attempts per request",
        ])
        #expect(result.passed)
    }
}
