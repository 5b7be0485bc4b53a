@testable import Actors
import Scenarios

/// Small scenarios built in code for focused, virtual-time tests.
enum Fixtures {
    static func cluster(_ name: String, latency: LatencySpec = .constant(.milliseconds(10)), backends: Int = 1,
                        concurrency: Int = 1, queue: Int? = nil, errorRate: Double = 0) -> ClusterSpec {
        ClusterSpec(name: name, backends: backends, concurrency: concurrency, queueLimit: queue, latency: latency, errorRate: errorRate)
    }

    static func scenario(clusters: [ClusterSpec], route: RouteSpec? = nil, rate: Double = 100, arrival: ArrivalProcess = .constant,
                         duration: TimeSpan = .seconds(1), breakers: BreakerPolicies = BreakerPolicies(), chaos: [ChaosSpec] = []) -> Scenario {
        Scenario(name: "fixture", seed: 1, duration: duration, clusters: clusters,
                 routes: [route ?? RouteSpec(name: "r", pathPattern: "/*", clusters: clusters.map(\.name))],
                 breakers: breakers,
                 traffic: [TrafficSpec(name: "t", rate: rate, arrival: arrival, mix: [RequestTemplate(path: "/x/{id}")])],
                 chaos: chaos)
    }

    static func run(_ scenario: Scenario, seed: UInt64 = 1) throws -> RunResult {
        try Laboratory(scenario: scenario).run(RunOptions(seed: seed, keepEvents: true))
    }
}

extension RunResult {
    func events(_ kind: LabEvent.Kind) -> [LabEvent] { (events ?? []).filter { $0.kind == kind } }
}
