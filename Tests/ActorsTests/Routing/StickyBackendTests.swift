import Testing
@testable import Actors
import Scenarios

/// A cluster that hashes its backends (Envoy's ring hash) with the key its route takes from the
/// request: every request for one id reaches the same backend, so a fault on one backend strikes
/// all of an id's requests or none of them.
@Suite struct StickyBackendTests {
    private func run(hashKey: RouteHashKey?) throws -> RunResult {
        var cluster = Fixtures.cluster("a", backends: 6, concurrency: 100)
        cluster.balancer = BackendBalancerSpec(.ringHash)
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], balancer: .ringHash, hashKey: hashKey)
        let bad = ChaosSpec(name: "bad-backend", at: .zero, duration: nil, target: .backend(cluster: "a", index: 2),
                            fault: .error(status: 503))
        var scenario = Fixtures.scenario(clusters: [cluster], route: route, rate: 200, duration: .seconds(10), chaos: [bad])
        scenario.traffic[0].mix[0].idRange = 50
        return try Laboratory(scenario: scenario).run(RunOptions(seed: 4, keepEvents: true))
    }

    /// Per id: how many of its requests failed, out of how many.
    private func failures(_ result: RunResult) -> [Int64: (failed: Int, all: Int)] {
        let id = Dictionary(uniqueKeysWithValues: result.events(.requestArrived).map { ($0.request, $0.value) })
        var counts: [Int64: (failed: Int, all: Int)] = [:]
        for done in result.events(.requestCompleted) {
            let key = id[done.request]!
            var c = counts[key, default: (0, 0)]
            c.all += 1
            if done.status >= 500 { c.failed += 1 }
            counts[key] = c
        }
        return counts
    }

    @Test func test_theRoutesKeyKeepsEachIdOnOneBackend() throws {
        let counts = failures(try run(hashKey: .pathParameter("id")))
        #expect(counts.values.allSatisfy { $0.failed == 0 || $0.failed == $0.all })
        let struck = counts.values.filter { $0.failed > 0 }.count
        #expect(struck > 0 && struck < counts.count, "\(struck) of \(counts.count) ids on the bad backend")
    }

    @Test func test_withoutAKeyEachRequestHashesByItsIdAndIdsSpreadOverBackends() throws {
        let counts = failures(try run(hashKey: nil))
        // Requests of one id land on different backends: some of its requests fail, others do not.
        #expect(counts.values.contains { $0.failed > 0 && $0.failed < $0.all })
    }
}
