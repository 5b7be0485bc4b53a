import Testing
@testable import Actors
import Scenarios

/// Queueing, retries, timeouts and chaos, observed in the trace of small runs in virtual time.
@Suite struct RequestFlowTests {
    let ms: Int64 = 1_000_000

    @Test func test_backendQueuesInFIFOOrderBeyondItsConcurrency() throws {
        // One backend, one slot, 10 ms per request, an arrival every 5 ms: each waits 5 ms longer than the last.
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a")], rate: 200, duration: .milliseconds(60)))
        let completed = result.events(.requestCompleted)
        #expect(completed.map(\.request) == completed.map(\.request).sorted())
        #expect(completed.prefix(5).map(\.value) == [10, 15, 20, 25, 30].map { $0 * ms })
    }

    @Test func test_newAttemptGoesToTheBackendWithFewestOutstanding() throws {
        // Two backends, one slot each, arrivals 1 ms apart: the second request does not wait for the first.
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", backends: 2)], rate: 1000, duration: .milliseconds(13)))
        #expect(result.events(.requestCompleted).map(\.value) == [10 * ms, 10 * ms])
    }

    @Test func test_fullQueueAnswers503AtOnce() throws {
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", queue: 0)], rate: 200, duration: .milliseconds(100)))
        let refused = result.events(.requestCompleted).filter { $0.status == 503 }
        #expect(!refused.isEmpty)
        #expect(refused.allSatisfy { $0.value == 0 && $0.detail == Outcome.serviceUnavailable.rawValue })
    }

    @Test func test_serverErrorIsRetriedOnADifferentCluster() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["bad", "good"], retry: RetryPolicySpec(attempts: 1, on: [.serverError]))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("bad", errorRate: 1), Fixtures.cluster("good", backends: 4)],
                                                        route: route, rate: 50))
        #expect(result.summary.failed == 0)
        #expect(result.summary.retries == result.answers(from: "bad").first { $0.status == 500 }?.count)
        for sent in result.events(.attemptSent) where sent.attempt == 1 { #expect(sent.subject == 1) }
    }

    @Test func test_withoutRetriesServerErrorsReachTheClient() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["bad", "good"])
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("bad", errorRate: 1), Fixtures.cluster("good", backends: 4)],
                                                        route: route, rate: 50))
        // Round-robin starts at "bad": of an odd number of requests, one more went there.
        #expect(result.summary.failed == (result.summary.completed + 1) / 2)
        #expect(result.summary.retries == 0)
    }

    @Test func test_attemptPastItsDeadlineFailsWith504AndIsRetried() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["slow", "fast"],
                              retry: RetryPolicySpec(attempts: 1, on: [.timeout]), perTryTimeout: .milliseconds(50))
        let result = try Fixtures.run(Fixtures.scenario(
            clusters: [Fixtures.cluster("slow", latency: .constant(.milliseconds(100)), concurrency: 100), Fixtures.cluster("fast", concurrency: 100)],
            route: route, rate: 20))
        #expect(result.summary.failed == 0)
        let timedOut = result.events(.attemptTimedOut)
        #expect(!timedOut.isEmpty && timedOut.allSatisfy { $0.value == 50 * ms && $0.subject == 0 })
        // Requests that went to "slow" first took the deadline plus the fast cluster's 10 ms.
        let retried = Set(timedOut.map(\.request))
        for done in result.events(.requestCompleted) where retried.contains(done.request) { #expect(done.value == 60 * ms) }
        // The late answers still arrive and are traced.
        #expect(result.events(.attemptAnswered).contains { $0.subject == 0 && $0.value == 100 * ms })
    }

    @Test func test_chaosErrorWindowStrikesOnlyInsideTheWindow() throws {
        let chaos = ChaosSpec(name: "storm", at: .milliseconds(300), duration: .milliseconds(300), target: "a", fault: .error(status: 503, rate: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10)], rate: 100, chaos: [chaos]))
        let answers = result.events(.attemptAnswered)
        let sent = Dictionary(uniqueKeysWithValues: result.events(.attemptSent).map { ($0.request, $0.time) })
        for answer in answers {
            let at = sent[answer.request]!
            let inside = at >= 300 * ms && at < 600 * ms
            #expect((answer.status == 503) == inside)
            if inside { #expect(answer.detail == Outcome.chaos.rawValue) }
        }
        #expect(result.events(.chaosBegan).map(\.time) == [300 * ms])
        #expect(result.events(.chaosEnded).map(\.time) == [600 * ms])
    }

    @Test func test_chaosLatencyAddsItsDelayBeforeService() throws {
        let chaos = ChaosSpec(name: "slow", at: .zero, duration: .seconds(1), target: "a", fault: .latency(delay: .milliseconds(30), rate: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10)], rate: 50, chaos: [chaos]))
        #expect(result.events(.requestCompleted).allSatisfy { $0.value == 40 * ms })
    }

    @Test func test_chaosHangIsEndedByTheRouteTimeout() throws {
        let chaos = ChaosSpec(name: "hang", at: .zero, duration: .seconds(1), target: "a", fault: .hang(rate: 1))
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], timeout: .milliseconds(200))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a")], route: route, rate: 10, chaos: [chaos]))
        let done = result.events(.requestCompleted)
        #expect(!done.isEmpty && done.allSatisfy { $0.status == 504 && $0.value == 200 * ms })
        #expect(result.events(.attemptAnswered).isEmpty)
    }

    @Test func test_noAdmittingClusterFailsFastWithCircuitBreaker() throws {
        let policy = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5, openFor: .seconds(60), halfOpenCalls: 1))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10, errorRate: 1)], rate: 100,
                                                        breakers: BreakerPolicies(defaultPolicy: policy)))
        #expect(result.summary.rejectedByBreakers > 0)
        #expect(result.events(.requestCompleted).filter { $0.attempt == 0 }.allSatisfy {
            $0.status == 503 && $0.detail == Outcome.circuitBreaker.rawValue && $0.value == 0
        })
    }
}
