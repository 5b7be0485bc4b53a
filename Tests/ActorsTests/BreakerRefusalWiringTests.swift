import Testing
@testable import Actors
import Scenarios

/// Each breaker's refusals reach the run's summary and metrics (needs HeadlessLab to hand the breakers to MetricsActor).
@Suite struct BreakerRefusalWiringTests {
    let policy = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5, openFor: .seconds(60), halfOpenCalls: 1))

    @Test func test_aBreakerThatStaysOpenCountsItsRefusalsThoughAnotherClusterTakesTheRequests() throws {
        // "a" fails every call, opens early and stays open; "b" answers every request a refused.
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10, errorRate: 1), Fixtures.cluster("b", concurrency: 10)],
                                         rate: 100, breakers: BreakerPolicies(defaultPolicy: policy))
        let result = try Fixtures.run(scenario)
        #expect(result.summary.refusedByEveryBreaker == 0)
        let refused = try #require(result.summary.clusters[0].refused)
        #expect(refused > 0)
        #expect(result.summary.clusters[1].refused == 0)
        #expect(result.metricsText.contains("circuit_breaker_rejections_total{name=\"a\"} \(refused)"))
    }

    @Test func test_withOneClusterEveryRefusalIsARequestRefusedByEveryBreaker() throws {
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10, errorRate: 1)], rate: 100,
                                         breakers: BreakerPolicies(defaultPolicy: policy))
        let result = try Fixtures.run(scenario)
        #expect(result.summary.refusedByEveryBreaker > 0)
        #expect(result.summary.clusters[0].refused == result.summary.refusedByEveryBreaker)
    }
}
