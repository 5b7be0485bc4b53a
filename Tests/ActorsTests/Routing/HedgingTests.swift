import Testing
@testable import Actors
import Scenarios

/// Request hedging through the router, in virtual time (Envoy's request hedging, gRPC's hedging
/// policy): a hedge goes out after `delay` while the first attempt is still out, the first
/// acceptable answer wins and the others are cancelled.
@Suite struct HedgingTests {
    let ms: Int64 = 1_000_000

    private func run(hedge: HedgeSpec?, seed: UInt64 = 3) throws -> RunResult {
        // A long tail: median 10ms, p99 200ms, on two clusters with room for everyone.
        let tail = LatencySpec.lognormal(p50: .milliseconds(10), p99: .milliseconds(200))
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], hedge: hedge)
        return try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: tail, backends: 4, concurrency: 100),
                                                             Fixtures.cluster("b", latency: tail, backends: 4, concurrency: 100)],
                                                  route: route, rate: 200, arrival: .poisson, duration: .seconds(20)), seed: seed)
    }

    private func p99(_ result: RunResult) -> Int64 {
        let latencies = result.events(.requestCompleted).map(\.value).sorted()
        return latencies[latencies.count * 99 / 100]
    }

    @Test func test_aHedgeLowersTheP99UnderALongTail() throws {
        let plain = try run(hedge: nil), hedged = try run(hedge: HedgeSpec(delay: .milliseconds(25), max: 1))
        #expect(plain.events(.requestArrived).count == hedged.events(.requestArrived).count)
        // With a hedge after 25ms, a request is slow only when both of its attempts are.
        #expect(p99(hedged) * 2 < p99(plain), "p99 \(p99(hedged)) hedged vs \(p99(plain)) plain")
    }

    @Test func test_aHedgedRequestIsAnsweredOnceAndItsLoserIsCancelledNeverCounted() throws {
        let result = try run(hedge: HedgeSpec(delay: .milliseconds(25), max: 2))
        let completed = result.events(.requestCompleted)
        #expect(Set(completed.map(\.request)).count == completed.count, "one answer per request")
        #expect(completed.allSatisfy { $0.status == 200 })
        let sent = result.events(.attemptSent), cancelled = result.events(.attemptCancelled)
        let hedges = sent.filter(\.hedged)
        #expect(!hedges.isEmpty && !cancelled.isEmpty)
        // Every attempt is either answered before its request completed, cancelled, or the winner:
        // attempts sent = answers in time + cancelled (no attempt was lost or counted twice).
        let completedAt = Dictionary(uniqueKeysWithValues: completed.map { ($0.request, $0.time) })
        let inTime = result.events(.attemptAnswered).filter { answer in completedAt[answer.request].map { answer.time <= $0 } ?? false }
        #expect(sent.filter { completedAt[$0.request] != nil }.count == inTime.count + cancelled.count)
        // The run's figures count hedges apart from retries.
        #expect(result.summary.retries == 0)
        // No request has more than 1 + max attempts.
        #expect(completed.allSatisfy { $0.attempt <= 3 })
    }

    @Test func test_hedgesGoOutEveryDelayWhileTheAttemptsAreOut() throws {
        // Every answer takes 100ms: hedges at 25ms and 50ms, then the first attempt wins at 100ms.
        let slow = LatencySpec.constant(.milliseconds(100))
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b", "c"], hedge: HedgeSpec(delay: .milliseconds(25), max: 2))
        let result = try Fixtures.run(Fixtures.scenario(clusters: ["a", "b", "c"].map { Fixtures.cluster($0, latency: slow, concurrency: 10) },
                                                        route: route, rate: 1, duration: .seconds(2)))
        let t0 = result.events(.requestArrived)[0].time
        #expect(result.events(.attemptSent).map { $0.time - t0 } == [0, 25 * ms, 50 * ms])
        #expect(result.events(.attemptSent).map(\.hedged) == [false, true, true])
        #expect(result.events(.requestCompleted).map(\.value) == [100 * ms])
        #expect(result.events(.attemptCancelled).map(\.value) == [75 * ms, 50 * ms])
    }

    @Test func test_withoutADelayTheHedgeGoesOutAtThePerTryTimeoutAndTheFirstAttemptKeepsRunning() throws {
        // Envoy's hedge_on_per_try_timeout: the timeout sends the hedge instead of failing the attempt.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["slow", "fast"], perTryTimeout: .milliseconds(30),
                              hedge: HedgeSpec(delay: nil, max: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("slow", latency: .constant(.milliseconds(50)), concurrency: 10),
                                                                   Fixtures.cluster("fast", latency: .constant(.milliseconds(30)), concurrency: 10)],
                                                        route: route, rate: 1, duration: .seconds(2)))
        let t0 = result.events(.requestArrived)[0].time
        #expect(result.events(.attemptTimedOut).isEmpty)
        #expect(result.events(.attemptSent).map { $0.time - t0 } == [0, 30 * ms])
        // The first attempt answers at 50ms, before the hedge (30 + 30ms): it wins.
        #expect(result.events(.requestCompleted).map(\.value) == [50 * ms])
        #expect(result.events(.attemptCancelled).count == 1)
    }

    @Test func test_aFailedAttemptWaitsForTheHedgeStillOut() throws {
        // "a" fails at once with 503 (retryable); the hedge at "b" answers 200: the client gets 200.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], retry: RetryPolicySpec(attempts: 0, on: RetryOn([.fiveXX])),
                              hedge: HedgeSpec(delay: .milliseconds(5), max: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(20)), concurrency: 10, errorRate: 1),
                                                                   Fixtures.cluster("b", latency: .constant(.milliseconds(20)), concurrency: 10)],
                                                        route: route, rate: 1, duration: .seconds(2)))
        #expect(result.events(.requestCompleted).map(\.status) == [200])
        #expect(result.events(.requestCompleted).map(\.value) == [25 * ms])
        #expect(result.events(.attemptCancelled).isEmpty)
    }

    @Test func test_theSameSeedGivesTheSameHedgedTrace() throws {
        let a = try run(hedge: HedgeSpec(delay: .milliseconds(25), max: 2), seed: 9)
        let b = try run(hedge: HedgeSpec(delay: .milliseconds(25), max: 2), seed: 9)
        #expect(a.traceHash == b.traceHash)
    }

    @Test func test_aHedgeWaitingForAConnectionIsGivenUpWhenTheFirstAttemptWins() throws {
        // One connection: the hedge waits for it behind its own first attempt; the first attempt's
        // answer wins and the waiting hedge is never sent (the connection goes on only after).
        var cluster = Fixtures.cluster("a", latency: .constant(.milliseconds(20)), concurrency: 10)
        cluster.pool = PoolSpec(maxConnections: 1, maxPendingRequests: 10)
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], hedge: HedgeSpec(delay: .milliseconds(5), max: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [cluster], route: route, rate: 10, duration: .seconds(2)))
        let completed = result.events(.requestCompleted)
        #expect(!completed.isEmpty && completed.allSatisfy { $0.attempt == 1 && $0.status == 200 })
        #expect(result.events(.attemptCancelled).isEmpty)
        #expect(result.events(.attemptSent).allSatisfy { !$0.hedged })
    }

    @Test func test_theHedgeDelayRunsFromTheLatestAttempt() throws {
        // A retry resets the delay: "a" fails at once (10ms) and is retried on "b" at 10ms; the first
        // attempt's hedge timer (due at 30ms) no longer sends, the retry's (due at 40ms) does.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b", "c"], retry: RetryPolicySpec(attempts: 1, on: RetryOn([.fiveXX])),
                              hedge: HedgeSpec(delay: .milliseconds(30), max: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(10)), concurrency: 10, errorRate: 1),
                                                                   Fixtures.cluster("b", latency: .constant(.milliseconds(100)), concurrency: 10),
                                                                   Fixtures.cluster("c", latency: .constant(.milliseconds(100)), concurrency: 10)],
                                                        route: route, rate: 1, duration: .seconds(2)))
        let t0 = result.events(.requestArrived)[0].time
        #expect(result.events(.attemptSent).map { $0.time - t0 } == [0, 10 * ms, 40 * ms])
        #expect(result.events(.attemptSent).map(\.hedged) == [false, false, true])
    }
}
