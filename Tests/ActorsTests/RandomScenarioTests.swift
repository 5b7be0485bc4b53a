import Testing
@testable import Actors
import Scenarios

/// Property test: seeded random scenarios (odd but valid values included) run without a crash,
/// keep their books balanced, and repeat exactly.
@Suite struct RandomScenarioTests {
    static func randomScenario(_ seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed, stream: "scenario")
        func pick<T>(_ options: [T]) -> T { options[rng.nextIndex(below: options.count)] }
        let clusterCount = 1 + rng.nextIndex(below: 4)
        let clusters = (0..<clusterCount).map { i in
            ClusterSpec(name: "c\(i)", backends: 1 + rng.nextIndex(below: 3), concurrency: 1 + rng.nextIndex(below: 3),
                        queueLimit: pick([nil, 0, 1, 5]),
                        latency: pick([.constant(.zero), .constant(.milliseconds(5)), .uniform(min: .zero, max: .milliseconds(30)),
                                       .exponential(mean: .milliseconds(10)), .normal(mean: .milliseconds(10), standardDeviation: .milliseconds(20)),
                                       .lognormal(p50: .milliseconds(10), p99: .milliseconds(90))]),
                        errorRate: pick([0, 0.01, 0.5, 1]), errorStatus: pick([500, 503, 404]))
        }
        let names = clusters.map(\.name)
        let timeout: TimeSpan? = pick([nil, .milliseconds(1), .milliseconds(20), .seconds(1)])
        let balancer = pick(BalancerKind.allCases)
        let drawn: [Double] = (0..<clusterCount).map { _ in pick([0, 1, 5]) }
        let weights: [Double] = drawn.enumerated().map { $0.offset == 0 ? max($0.element, 1) : $0.element }
        // Weights only where the balancer reads them: anywhere else validation refuses them.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: names, balancer: balancer,
                              weights: balancer == .weighted ? weights : [],
                              retry: RetryPolicySpec(attempts: rng.nextIndex(below: clusterCount), on: pick([[.serverError], [.timeout], [.serverError, .timeout]])),
                              timeout: timeout)
        let breaker = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 1 + rng.nextIndex(below: 10), failureRate: pick([0.1, 0.5, 1]),
                                    openFor: pick([.milliseconds(1), .milliseconds(200)]), halfOpenCalls: 1 + rng.nextIndex(below: 3)))
        var chaos: [ChaosSpec] = []
        for i in 0..<rng.nextIndex(below: 3) {
            let fault: ChaosFault = timeout == nil
                ? pick([.error(status: 503, rate: 0.7), .latency(delay: .milliseconds(15), rate: 0.5)])
                : pick([.error(status: 503, rate: 0.7), .latency(delay: .milliseconds(15), rate: 0.5), .hang(rate: 0.5)])
            chaos.append(ChaosSpec(name: "x\(i)", at: .milliseconds(Double(rng.nextIndex(below: 1500))), duration: .milliseconds(400),
                                   target: pick(names), fault: fault))
        }
        return Scenario(name: "random-\(seed)", seed: seed, duration: .seconds(2), clusters: clusters, routes: [route],
                        breakers: BreakerPolicies(defaultPolicy: pick([nil, breaker])),
                        traffic: [TrafficSpec(name: "t", rate: pick([1, 50, 400]), arrival: pick(ArrivalProcess.allCases),
                                              mix: [RequestTemplate(path: "/x/{id}")])],
                        chaos: chaos)
    }

    @Test(arguments: 1...60 as ClosedRange<UInt64>)
    func test_randomScenarioRunsBalancedAndRepeats(seed: UInt64) throws {
        let scenario = Self.randomScenario(seed)
        let first = try Laboratory(scenario: scenario).run(RunOptions(keepEvents: true))
        let s = first.summary
        #expect(s.completed <= s.requests)
        #expect(s.ok + s.failed == s.completed)
        #expect(first.events(.requestCompleted).count == s.completed)
        #expect(first.events(.requestArrived).count == s.requests)
        #expect(first.events(.attemptSent).count >= first.events(.attemptAnswered).count)
        let second = try Laboratory(scenario: scenario).run()
        #expect(second.traceHash == first.traceHash)
    }
}
