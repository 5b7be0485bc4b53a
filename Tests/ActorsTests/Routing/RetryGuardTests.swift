import Testing
@testable import Actors
import Scenarios

/// Retries under their guards, in virtual time: Envoy's fully jittered back-off, its retry
/// budget, the request deadline beside the per-try timeout, and retries to the same cluster.
@Suite struct RetryGuardTests {
    let ms: Int64 = 1_000_000

    @Test func test_backoffWaitsFollowEnvoysFullJitterBounds() throws {
        // Every answer fails at once: retry n waits a draw from [0, min((2^n - 1) × base, max)).
        let backoff = BackoffSpec(base: .milliseconds(10), max: .milliseconds(50))
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"],
                              retry: RetryPolicySpec(attempts: 4, on: RetryOn([.fiveXX]), sameCluster: true, backoff: backoff))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(1)), concurrency: 1000, errorRate: 1)],
                                                        route: route, rate: 50, duration: .seconds(20)))
        let answers = Dictionary(grouping: result.events(.attemptAnswered), by: \.request)
        var waits: [Int: [Int64]] = [:]
        for sent in result.events(.attemptSent) where sent.attempt > 0 {
            let previous = answers[sent.request]!.first { $0.attempt == sent.attempt - 1 }!
            waits[Int(sent.attempt), default: []].append(sent.time - previous.time)
        }
        for n in 1...4 {
            let bound = min(((1 << Int64(n)) - 1) * 10 * ms, 50 * ms)
            let w = waits[n] ?? []
            #expect(w.count > 500 && w.allSatisfy { $0 >= 0 && $0 < bound }, "retry \(n)")
            // Uniform: the mean is near half the bound (a few standard errors).
            let mean = Double(w.reduce(0, +)) / Double(w.count)
            #expect(abs(mean - Double(bound) / 2) < Double(bound) * 0.05, "retry \(n): mean \(mean) for bound \(bound)")
        }
        #expect(result.events(.requestCompleted).allSatisfy { $0.attempt == 5 && $0.status == 500 })
    }

    @Test func test_aBudgetCapsConcurrentRetriesToItsShareOfActiveRequests() throws {
        // A failure storm: every answer fails after 50ms; unbudgeted, each request retries 3 times.
        func run(_ budget: RetryBudgetSpec?) throws -> RunResult {
            let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"],
                                  retry: RetryPolicySpec(attempts: 3, on: RetryOn([.fiveXX]), sameCluster: true, budget: budget))
            return try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(50)), concurrency: 100_000, errorRate: 1)],
                                                      route: route, rate: 1000, arrival: .poisson, duration: .seconds(10)))
        }
        let storm = try run(nil), budgeted = try run(RetryBudgetSpec(percent: 20, minConcurrency: 3))
        #expect(storm.events(.requestCompleted).allSatisfy { $0.attempt == 4 })
        #expect(budgeted.summary.retries < storm.summary.retries / 2)
        // Replay the trace: no retry started while active retries had reached 20% of active requests (at least 3).
        var active = 0, activeRetries = 0, checked = 0
        var isRetry: Set<Int64> = []
        for e in budgeted.events ?? [] {
            switch e.kind {
            case .requestArrived: active += 1
            case .requestCompleted: active -= 1
            case .attemptSent where e.attempt > 0:
                #expect(activeRetries < max(active * 20 / 100, 3), "at \(e.time): \(activeRetries) retries of \(active) requests")
                activeRetries += 1
                isRetry.insert(e.request << 8 | Int64(e.attempt))
                checked += 1
            case .attemptAnswered where isRetry.remove(e.request << 8 | Int64(e.attempt)) != nil: activeRetries -= 1
            default: break
            }
        }
        #expect(checked > 1000)
    }

    @Test func test_theRequestDeadlineEndsRetriesThatPerTryTimeoutsWouldAllow() throws {
        // Envoy: the route timeout covers every retry; each attempt times out after 40ms, the request after 100ms.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"],
                              retry: RetryPolicySpec(attempts: 5, on: RetryOn([.timeout]), sameCluster: true),
                              timeout: .milliseconds(100), perTryTimeout: .milliseconds(40))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.seconds(1)), concurrency: 100)],
                                                        route: route, rate: 2, duration: .seconds(1)))
        let completed = result.events(.requestCompleted)
        #expect(!completed.isEmpty)
        #expect(completed.allSatisfy { $0.value == 100 * ms && $0.status == 504 && $0.attempt == 3 })
        let t0 = result.events(.requestArrived)[0].time
        let first = result.events(.attemptTimedOut).filter { $0.request == 0 }
        #expect(first.map { $0.time - t0 } == [40 * ms, 80 * ms, 100 * ms])
    }

    @Test func test_aTimeoutAloneIsTheRequestsDeadline() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], retry: RetryPolicySpec(attempts: 1, on: RetryOn([.timeout])),
                              timeout: .milliseconds(50))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(100)), concurrency: 100),
                                                                   Fixtures.cluster("b", concurrency: 100)], route: route, rate: 20))
        // Without perTryTimeout the deadline is the whole request's: no retry fits after it.
        let toA = result.events(.requestCompleted).filter { $0.status == 504 }
        #expect(!toA.isEmpty && toA.allSatisfy { $0.value == 50 * ms && $0.attempt == 1 })
        #expect(result.summary.retries == 0)
    }

    @Test func test_sameClusterLetsARetryGoBackToTheOnlyCluster() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"],
                              retry: RetryPolicySpec(attempts: 2, on: RetryOn([.fiveXX]), sameCluster: true))
        let cluster = ClusterSpec(name: "a", backends: 1, concurrency: 10, latency: .constant(.milliseconds(1)), fail: ScriptedFailures(first: 2, every: 0, status: 503))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [cluster], route: route, rate: 1, duration: .seconds(2)))
        #expect(result.events(.requestCompleted).map(\.status) == [200])
        #expect(result.events(.requestCompleted).map(\.attempt) == [3])
    }

    @Test func test_statusesAndGRPCNamesAreRetriedAsListed() throws {
        // 409 listed: retried; the default 5xx would not have retried it.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"],
                              retry: RetryPolicySpec(attempts: 1, on: RetryOn([], statuses: [409])))
        let conflict = ClusterSpec(name: "a", backends: 1, concurrency: 10, latency: .constant(.milliseconds(1)), fail: ScriptedFailures(first: 1, every: 0, status: 409))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [conflict, Fixtures.cluster("b", concurrency: 10)], route: route, rate: 1, duration: .seconds(2)))
        #expect(result.events(.requestCompleted).map(\.status) == [200])
        #expect(result.summary.retries == 1)
    }
}
