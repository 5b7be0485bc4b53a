import Foundation
import Testing
@testable import Scenarios

/// Clusters behind unbounded queues that the traffic offers more than they can serve get a warning.
@Suite struct CapacityCheckTests {
    @Test func test_meanServiceTimeOfEachDistribution() {
        #expect(CapacityCheck.meanServiceTime(.constant(.milliseconds(20))) == 0.02)
        #expect(abs(CapacityCheck.meanServiceTime(.uniform(min: .milliseconds(20), max: .milliseconds(60))) - 0.04) < 1e-12)
        #expect(CapacityCheck.meanServiceTime(.exponential(mean: .milliseconds(30))) == 0.03)
        #expect(abs(CapacityCheck.meanServiceTime(.lognormal(median: .milliseconds(20), sigma: 0.5)) - 0.02 * exp(0.125)) < 1e-12)
        #expect(abs(CapacityCheck.meanServiceTime(.normal(mean: .milliseconds(10), standardDeviation: .zero)) - 0.01) < 1e-12)
        // Clamped at zero: a normal draw centred on 0 has mean sigma / sqrt(2 pi).
        #expect(abs(CapacityCheck.meanServiceTime(.normal(mean: .zero, standardDeviation: .milliseconds(10))) - 0.01 / (2 * Double.pi).squareRoot()) < 1e-12)
    }

    @Test(arguments: ["reference.json5", "quickstart.json5", "timeouts-and-hangs.json5", "overload.json5",
                      "grpc-catalog.json5", "websocket-chat.json5", "graphql-social.json5"])
    func test_shippedScenariosGetNoWarning(name: String) throws {
        #expect(CapacityCheck.warnings(for: try ScenarioLoader.load(path: ScenarioFixtures.path(name))).isEmpty)
    }

    @Test func test_overloadWithoutQueueLimitsWarnsForBothClusters() throws {
        var scenario = try ScenarioLoader.load(path: ScenarioFixtures.path("overload.json5"))
        for index in scenario.clusters.indices { scenario.clusters[index].queueLimit = nil }
        let warnings = CapacityCheck.warnings(for: scenario)
        #expect(warnings.map(\.path) == ["clusters[0]", "clusters[1]"])
        // small: 2 × 4 ÷ 40ms = 200/s; least-outstanding gives it its share of capacity of the 2000/s peak.
        let small = warnings[0]
        #expect(abs(small.capacity - 200) < 1e-9)
        let large = CapacityCheck.capacity(of: scenario.clusters[1])
        #expect(abs(small.offeredRate - 2000 * 200 / (200 + large)) < 1e-6)
        #expect(small.message.hasPrefix("cluster \"small\" is offered 245 requests/s at peak but serves at most 200/s"))
        #expect(small.message.contains("grows without bound") && small.message.contains("queue: N"))
    }

    @Test func test_offeredLoadFollowsMixRouteAndBalancer() {
        let fast = ClusterSpec(name: "fast", backends: 1, concurrency: 10, latency: .constant(.milliseconds(100)))   // 100/s
        let slow = ClusterSpec(name: "slow", backends: 1, concurrency: 1, latency: .constant(.milliseconds(100)))    // 10/s
        let bounded = ClusterSpec(name: "bounded", backends: 1, concurrency: 1, queueLimit: 5, latency: .constant(.seconds(1)))
        let routes = [
            RouteSpec(name: "w", pathPattern: "/w/*", clusters: ["fast", "slow"], balancer: .weighted, weights: [9, 1]),
            RouteSpec(name: "rr", pathPattern: "/rr/*", clusters: ["fast", "slow"]),
            RouteSpec(name: "b", pathPattern: "/*", clusters: ["bounded"]),
        ]
        func warned(_ mix: [RequestTemplate], rate: Double) -> [String] {
            let scenario = Scenario(name: "c", duration: .seconds(60), clusters: [fast, slow, bounded], routes: routes,
                                    traffic: [TrafficSpec(name: "t", rate: rate, mix: mix)])
            return CapacityCheck.warnings(for: scenario).map(\.cluster)
        }
        #expect(warned([RequestTemplate(path: "/w/1")], rate: 90) == [], "9:1 of 90/s is 81 and 9")
        #expect(warned([RequestTemplate(path: "/w/1")], rate: 120) == ["fast", "slow"], "108/s and 12/s")
        #expect(warned([RequestTemplate(path: "/rr/1")], rate: 30) == ["slow"], "an equal split sends 15/s to a 10/s cluster")
        #expect(warned([RequestTemplate(weight: 1, path: "/rr/1"), RequestTemplate(weight: 3, path: "/x")], rate: 100) == ["slow"], "a quarter of 100/s, split in two")
        #expect(warned([RequestTemplate(path: "/x")], rate: 1000) == [], "a bounded queue sheds its excess")
    }

    @Test func test_theRateIsThePeakOfOverlappingSources() {
        let cluster = ClusterSpec(name: "a", backends: 1, concurrency: 1, latency: .constant(.milliseconds(10)))    // 100/s
        func offered(_ traffic: [TrafficSpec]) -> Double? {
            let scenario = Scenario(name: "p", duration: .seconds(100), clusters: [cluster],
                                    routes: [RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"])], traffic: traffic)
            return CapacityCheck.warnings(for: scenario).first?.offeredRate
        }
        let early = TrafficSpec(name: "early", rate: 60, end: .seconds(10), mix: [RequestTemplate(path: "/x")])
        let late = TrafficSpec(name: "late", rate: 60, start: .seconds(10), mix: [RequestTemplate(path: "/x")])
        let overlapping = TrafficSpec(name: "overlap", rate: 60, start: .seconds(5), mix: [RequestTemplate(path: "/x")])
        #expect(offered([early, late]) == nil, "one after the other: 60/s at most")
        #expect(offered([early, overlapping]) == 120)
    }
}
