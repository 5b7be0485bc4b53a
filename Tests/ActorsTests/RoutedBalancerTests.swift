import Testing
@testable import Actors
import Scenarios

/// Envoy's balancers and priority levels on routed traffic, through whole runs: where each
/// request's first attempt went, as the trace has it.
@Suite struct RoutedBalancerTests {
    /// Request id → cluster index of its first attempt.
    static func firstClusters(_ result: RunResult) -> [Int64: Int32] {
        var clusters: [Int64: Int32] = [:]
        for event in result.events(.attemptSent) where event.attempt == 0 { clusters[event.request] = event.subject }
        return clusters
    }

    /// Request id → its parameter (what fills `{id}`).
    static func parameters(_ result: RunResult) -> [Int64: Int64] {
        Dictionary(uniqueKeysWithValues: result.events(.requestArrived).map { ($0.request, $0.value) })
    }

    static func attempts(_ result: RunResult, after: Int64 = 0) -> [Int32] {
        result.events(.attemptSent).filter { $0.time >= after }.map(\.subject)
    }

    static let breakers = BreakerPolicies(defaultPolicy: .window(WindowBreakerPolicy()))

    // MARK: Least request

    /// Envoy's P2C: of two clusters drawn the one with fewer active requests wins, so a slow,
    /// loaded cluster only gets the picks that drew it twice (a quarter), where round-robin gives it half.
    @Test func test_leastRequestSendsLessToTheSlowLoadedCluster() throws {
        let clusters = [Fixtures.cluster("fast", latency: .constant(.milliseconds(1)), concurrency: 100),
                        Fixtures.cluster("slow", latency: .constant(.milliseconds(200)), concurrency: 100)]
        func slowShare(_ balancer: BalancerKind) throws -> Double {
            let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["fast", "slow"], balancer: balancer)
            let sent = Self.attempts(try Fixtures.run(Fixtures.scenario(clusters: clusters, route: route, rate: 200, duration: .seconds(2))))
            return Double(sent.filter { $0 == 1 }.count) / Double(sent.count)
        }
        let p2c = try slowShare(.leastRequest)
        #expect(p2c > 0.2, "\(p2c)")
        let roundRobin = try slowShare(.roundRobin)
        #expect(abs(roundRobin - 0.5) < 0.01, "\(roundRobin)")
        #expect(p2c < 0.3, "\(p2c)")
    }

    // MARK: Ring hash

    static let ten = (0..<10).map { Fixtures.cluster("c\($0)", latency: .constant(.milliseconds(1)), concurrency: 100) }

    static func hashed(_ balancer: BalancerKind, key: RouteHashKey, actions: [BreakerAction] = []) throws -> (byKey: [Int64: Set<Int32>], result: RunResult) {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ten.map(\.name), balancer: balancer, hashKey: key)
        var scenario = Fixtures.scenario(clusters: ten, route: route, rate: 1000, duration: .seconds(2), breakers: breakers)
        scenario.actions = actions
        let result = try Fixtures.run(scenario)
        let parameters = Self.parameters(result)
        var byKey: [Int64: Set<Int32>] = [:]
        for (request, cluster) in Self.firstClusters(result) { byKey[parameters[request]!, default: []].insert(cluster) }
        return (byKey, result)
    }

    /// Envoy's ring hash: requests with the same key (here the `{id}` path parameter) go to the
    /// same cluster; when one of ten clusters' breaker is forced open only its keys move.
    @Test func test_ringHashKeepsEachKeyOnOneClusterAndMovesOnlyAnOpenClustersKeys() throws {
        let before = try Self.hashed(.ringHash, key: .pathParameter("id")).byKey
        #expect(before.count > 800)
        #expect(before.values.allSatisfy { $0.count == 1 })
        #expect(Set(before.values.map { $0.first! }).count == 10)
        let after = try Self.hashed(.ringHash, key: .pathParameter("id"),
                                    actions: [BreakerAction(at: .zero, breaker: "c3", operation: .forceOpen)]).byKey
        #expect(after.values.allSatisfy { $0.count == 1 })
        var moved = 0
        for (key, clusters) in after {
            guard let was = before[key]?.first else { continue }
            if was == 3 { moved += 1; #expect(clusters.first != 3) } else { #expect(clusters.first == was, "key \(key) moved") }
        }
        #expect(moved > 40)
    }

    // MARK: Maglev

    /// Maglev's table gives every cluster nearly the same share of keys (each request its own key).
    @Test func test_maglevSpreadsRequestKeysEvenlyOverItsClusters() throws {
        let result = try Self.hashed(.maglev, key: .requestId).result
        let sent = Self.attempts(result)
        for cluster in Int32(0)..<10 {
            let share = Double(sent.filter { $0 == cluster }.count) / Double(sent.count)
            #expect(abs(share - 0.1) < 0.025, "c\(cluster): \(share)")
        }
    }

    // MARK: Priority levels

    static let tiered = [Fixtures.cluster("a", latency: .constant(.milliseconds(1)), concurrency: 100),
                         Fixtures.cluster("b", latency: .constant(.milliseconds(1)), concurrency: 100),
                         Fixtures.cluster("c", latency: .constant(.milliseconds(1)), concurrency: 100)]

    static func tieredRun(_ balancer: BalancerKind = .roundRobin, open: [String], at: TimeSpan = .zero, seed: UInt64 = 1) throws -> RunResult {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b", "c"], balancer: balancer, priorities: [0, 0, 1])
        var scenario = Fixtures.scenario(clusters: tiered, route: route, rate: 500, duration: .seconds(2), breakers: breakers)
        scenario.actions = open.map { BreakerAction(at: at, breaker: $0, operation: .forceOpen) }
        return try Fixtures.run(scenario, seed: seed)
    }

    /// Envoy's priority load: a healthy P=0 takes all the traffic; P=1 is only a standby.
    @Test func test_allTrafficGoesToTier0WhileItIsHealthy() throws {
        for balancer in BalancerKind.allCases where balancer != .weighted {
            let sent = Self.attempts(try Self.tieredRun(balancer, open: []))
            #expect(!sent.isEmpty && !sent.contains(2), "\(balancer)")
        }
    }

    /// When P=0's clusters fail (breakers forced open) its traffic goes to P=1, and no request
    /// fails for it.
    @Test func test_whenTier0sBreakersOpenTrafficGoesToTier1() throws {
        let result = try Self.tieredRun(open: ["a", "b"], at: .milliseconds(500))
        let opened = TimeSpan.milliseconds(500).nanoseconds
        #expect(!result.events(.attemptSent).filter { $0.time < opened }.contains { $0.subject == 2 })
        let later = Self.attempts(result, after: opened)
        #expect(!later.isEmpty && later.allSatisfy { $0 == 2 })
        #expect(RoutedBreakerTests.statuses(result).allSatisfy { $0 == 200 })
    }

    /// At partial health the split follows Envoy's priority load: P=0 with one of two clusters
    /// healthy has health 50 × 1.4 = 70, so P=1 takes about 30% of the traffic.
    @Test func test_theTierSplitFollowsPriorityLoadAtPartialHealth() throws {
        let sent = Self.attempts(try Self.tieredRun(open: ["a"]))
        let spilled = Double(sent.filter { $0 == 2 }.count) / Double(sent.count)
        #expect(abs(spilled - 0.3) < 0.04, "\(spilled)")
        #expect(sent.filter { $0 == 0 }.isEmpty)
    }

    // MARK: Determinism

    @Test func test_sameSeedSameTraceWithEnvoysBalancersAndTiers() throws {
        for balancer in [BalancerKind.leastRequest, .ringHash, .maglev] {
            let first = try Self.tieredRun(balancer, open: ["a"], seed: 7)
            let second = try Self.tieredRun(balancer, open: ["a"], seed: 7)
            #expect(first.traceHash == second.traceHash, "\(balancer)")
            #expect(TraceDivergence.first(first.events!, second.events!) == nil)
            #expect(try Self.tieredRun(balancer, open: ["a"], seed: 8).traceHash != first.traceHash, "\(balancer)")
        }
    }
}
