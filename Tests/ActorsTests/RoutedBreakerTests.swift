import Testing
@testable import Actors
import Scenarios

/// Breakers of each type guarding routed traffic: scripted failures by count, answer rules, tickets
/// handed back, operations from the scenario's actions, and the metrics with the seeds' names.
@Suite struct RoutedBreakerTests {
    static func statuses(_ result: RunResult) -> [Int16] {
        result.events(.requestCompleted).compactMap {
            if case .requestCompleted(let c) = $0.view { return c.status } else { return nil }
        }
    }

    @Test func test_aClusterFailsItsFirstAnswersAndEveryNthByCount() throws {
        var cluster = Fixtures.cluster("a")
        cluster.fail = ScriptedFailures(first: 3, every: 5, status: 503)
        let result = try Fixtures.run(Fixtures.scenario(clusters: [cluster], rate: 10, duration: .milliseconds(1050)))  // 10 requests, one at a time
        #expect(Self.statuses(result) == [503, 503, 503, 200, 503, 200, 200, 200, 200, 503])
    }

    @Test func test_gobreakerTripsOnTheSixthConsecutiveFailureOfRoutedTraffic() throws {
        var cluster = Fixtures.cluster("a")
        cluster.fail = ScriptedFailures(first: 6)
        let scenario = Fixtures.scenario(clusters: [cluster], rate: 10, duration: .milliseconds(1050),
                                         breakers: BreakerPolicies(defaultPolicy: .consecutive(ConsecutiveBreakerPolicy(timeout: .seconds(60)))))
        let result = try Fixtures.run(scenario)
        #expect(Self.statuses(result) == Array(repeating: 500, count: 6) + Array(repeating: 503, count: 4))  // then refused: circuit_breaker
        #expect(result.summary.transitions.map { "\($0.from)->\($0.to)" } == ["closed->open"])
        #expect(result.metricsText.contains("circuit_breaker_state{name=\"a\"} 2"))  // 2: open, as the seeds number it
        #expect(result.metricsText.contains("circuit_breaker_requests_total{name=\"a\",state=\"closed\",result=\"failure\"} 6"))
        #expect(result.metricsText.contains("circuit_breaker_requests_total{name=\"a\",state=\"open\",result=\"rejected\"} 4"))
        #expect(result.metricsText.contains("circuit_breaker_state_changes_total{name=\"a\",from_state=\"closed\",to_state=\"open\"} 1"))
    }

    @Test func test_excludedAnswersCountAsNeitherForGobreaker() throws {
        var cluster = Fixtures.cluster("a")
        cluster.fail = ScriptedFailures(first: 10, status: 503)
        let policy = ConsecutiveBreakerPolicy(readyToTrip: .consecutiveFailures(0), exclude: [.status(503)])
        let result = try Fixtures.run(Fixtures.scenario(clusters: [cluster], rate: 10, duration: .milliseconds(1050), breakers: BreakerPolicies(defaultPolicy: .consecutive(policy))))
        #expect(result.summary.transitions.isEmpty)
        #expect(result.metricsText.contains("circuit_breaker_requests_total{name=\"a\",state=\"closed\",result=\"ignored\"} 10"))
    }

    @Test func test_resilience4jOpensOnSlowCallsWithoutAnyError() throws {
        let cluster = Fixtures.cluster("a", latency: .constant(.milliseconds(50)))
        let policy = WindowBreakerPolicy(slidingWindow: .init(type: .count, size: 5), minimumCalls: 5, slowCallRate: 100,
                                         slowCallDuration: .milliseconds(40), waitInOpen: .constant(.seconds(60)))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [cluster], rate: 10, duration: .milliseconds(1050), breakers: BreakerPolicies(defaultPolicy: .window(policy))))
        #expect(Self.statuses(result) == Array(repeating: 200, count: 5) + Array(repeating: 503, count: 5))
        #expect(result.summary.transitions.map { "\($0.from)->\($0.to)" } == ["closed->open"])
    }

    @Test func test_anActionForcesABreakerOpenAndARefusedOneIsTraced() throws {
        var scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a")], rate: 10, duration: .milliseconds(1050),
                                         breakers: BreakerPolicies(defaultPolicy: .window(WindowBreakerPolicy())))
        scenario.actions = [BreakerAction(at: .milliseconds(450), breaker: "a", operation: .forceOpen),
                            BreakerAction(at: .milliseconds(650), breaker: "a", operation: .metricsOnly),
                            BreakerAction(at: .milliseconds(750), breaker: "a", operation: .transitionToHalfOpen)]
        let result = try Fixtures.run(scenario)
        #expect(Self.statuses(result) == Array(repeating: 200, count: 4) + Array(repeating: 503, count: 2) + Array(repeating: 200, count: 4))
        let operations = result.events(.breakerOperation).map { $0.describe(in: scenario) }
        #expect(operations == ["t=450ms breaker a force_open", "t=650ms breaker a metrics_only",
                               "t=750ms breaker a transition_to_half_open refused: illegal_state_transition"])
        #expect(result.metricsText.contains(
            "circuit_breaker_operations_total{name=\"a\",operation=\"transition_to_half_open\",outcome=\"illegal_state_transition\"} 1"))
    }
}
