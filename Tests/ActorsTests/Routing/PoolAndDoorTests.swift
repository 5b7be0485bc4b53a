import Testing
@testable import Actors
import Scenarios

/// A cluster's connection pool (Envoy's circuit-breaker thresholds) and what a route answers
/// before any cluster: its local rate limit (a token bucket) and its response cache.
@Suite struct PoolAndDoorTests {
    let ms: Int64 = 1_000_000

    private func pooled(_ pool: PoolSpec, rate: Double = 200) throws -> RunResult {
        var cluster = Fixtures.cluster("a", latency: .constant(.milliseconds(50)), concurrency: 1000)
        cluster.pool = pool
        return try Fixtures.run(Fixtures.scenario(clusters: [cluster], rate: rate, duration: .seconds(2)))
    }

    @Test func test_aPoolOverflowAnswers503WithItsOwnOutcomeAndNoAttempt() throws {
        // Envoy: with every connection busy and no pending room, the request overflows.
        let result = try pooled(PoolSpec(maxConnections: 2, maxPendingRequests: 0))
        let overflowed = result.events(.requestCompleted).filter { $0.detail == Outcome.overflow.rawValue }
        #expect(!overflowed.isEmpty)
        #expect(overflowed.allSatisfy { $0.status == 503 && $0.attempt == 0 && $0.value == 0 })
        #expect(result.summary.errors.count(.serviceUnavailable) == overflowed.count)
    }

    @Test func test_aPoolNeverHasMoreAttemptsOutThanConnectionsAndServesPendingInOrder() throws {
        let result = try pooled(PoolSpec(maxConnections: 3, maxPendingRequests: 1000))
        var out = 0, most = 0
        for e in result.events ?? [] {
            if e.kind == .attemptSent { out += 1; most = max(most, out) }
            if e.kind == .attemptAnswered { out -= 1 }
        }
        #expect(most == 3)
        // Pending requests go out oldest first.
        let sent = result.events(.attemptSent).map(\.request)
        #expect(sent == sent.sorted())
        #expect(result.events(.requestCompleted).allSatisfy { $0.status == 200 })
    }

    @Test func test_maxRequestsOverflowsEvenWithConnectionsFree() throws {
        let result = try pooled(PoolSpec(maxConnections: 10, maxPendingRequests: 10, maxRequests: 2))
        #expect(result.events(.requestCompleted).contains { $0.detail == Outcome.overflow.rawValue })
        var out = 0, most = 0
        for e in result.events ?? [] {
            if e.kind == .attemptSent { out += 1; most = max(most, out) }
            if e.kind == .attemptAnswered { out -= 1 }
        }
        #expect(most == 2)
    }

    @Test func test_theRateLimitAnswers429OnceTheBucketIsEmpty() throws {
        // Envoy's local rate limit: burst 5, 10 tokens a second; arrivals every 10ms for 2s.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], rateLimit: RateLimitSpec(rate: 10, burst: 5))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 100)], route: route, rate: 100, duration: .seconds(2)))
        let completed = result.events(.requestCompleted)
        let limited = completed.filter { $0.detail == Outcome.rateLimit.rawValue }
        #expect(limited.allSatisfy { $0.status == 429 && $0.attempt == 0 && $0.value == 0 })
        // Granted by the last arrival (1.99s): the burst plus ⌊10 × 1.99⌋ tokens.
        #expect(completed.count - limited.count == 5 + 19)
    }

    @Test func test_theCacheAnswersFreshRepeatsWithoutAnAttempt() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], cache: CacheSpec(ttl: .milliseconds(200)))
        var scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 100)], route: route, rate: 100, duration: .seconds(2))
        scenario.traffic[0].mix[0].idRange = 4
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: 1, keepEvents: true))
        let arrived = Dictionary(uniqueKeysWithValues: result.events(.requestArrived).map { ($0.request, $0.value) })
        let completed = result.events(.requestCompleted)
        let hits = completed.filter { $0.attempt == 0 }
        #expect(hits.count > completed.count / 2)
        #expect(hits.allSatisfy { $0.status == 200 && $0.value == 0 && $0.detail == Outcome.ok.rawValue })
        // A hit follows a miss of the same id, stored less than the ttl before.
        var storedAt: [Int64: Int64] = [:]
        for e in completed {
            let id = arrived[e.request]!
            if e.attempt == 0 {
                #expect(storedAt[id].map { e.time - $0 < 200 * ms } == true, "request \(e.request)")
            } else {
                storedAt[id] = e.time
            }
        }
        let text = result.metricsText
        #expect(text.contains("cache_hits_total{route=\"r\"} \(hits.count)"))
    }

    @Test func test_theRequestDeadlineRunsWhileTheAttemptWaitsForAConnection() throws {
        // One connection; "slow" requests hold it 1s without a deadline, "quick" ones (150ms deadline)
        // that arrive meanwhile wait for it and give up at their deadline without an attempt.
        var slow = Fixtures.cluster("a", latency: .constant(.seconds(1)), concurrency: 10)
        slow.pool = PoolSpec(maxConnections: 1, maxPendingRequests: 100)
        var scenario = Fixtures.scenario(clusters: [slow], rate: 20, duration: .seconds(5))
        scenario.routes = [RouteSpec(name: "quick", pathPattern: "/quick/*", clusters: ["a"], timeout: .milliseconds(150)),
                           RouteSpec(name: "slow", pathPattern: "/slow/*", clusters: ["a"])]
        scenario.traffic[0].mix = [RequestTemplate(path: "/quick/{id}"), RequestTemplate(path: "/slow/{id}")]
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: 1, keepEvents: true))
        let gaveUp = result.events(.requestCompleted).filter { $0.subject == 0 && $0.status == 504 && $0.attempt == 0 }
        #expect(!gaveUp.isEmpty && gaveUp.allSatisfy { $0.value == 150 * ms && $0.detail == Outcome.timeout.rawValue })
        // The connection is never shared: one attempt out at a time.
        var out = 0, most = 0
        for e in result.events ?? [] {
            if e.kind == .attemptSent { out += 1; most = max(most, out) }
            if e.kind == .attemptAnswered || e.kind == .attemptTimedOut { out -= 1 }
        }
        #expect(most == 1)
    }
}
