@testable import Actors
import Scenarios
import Testing

/// Envoy's cluster circuit breakers as a pool (arch_overview/upstream/circuit_breaking): maximum
/// connections, pending requests, requests and active retries, with 1024/1024/1024/3 as defaults.
@Suite struct ConnectionPoolTests {
    @Test func test_defaultsAreEnvoys() {
        let pool = ConnectionPool(PoolSpec.envoyDefault)
        #expect([pool.maxConnections, pool.maxPendingRequests, pool.maxRequests, pool.maxRetries] == [1024, 1024, 1024, 3])
    }

    @Test func test_withEveryConnectionBusy_requestsPend_thenOverflowWhenPendingIsFull() {
        // "Cluster maximum pending requests: … If this circuit breaker overflows the
        // upstream_rq_pending_overflow counter for the cluster will increment."
        var pool = ConnectionPool(maxConnections: 2, maxPendingRequests: 3, maxRequests: 100, maxRetries: 3)
        let verdicts = (0..<7).map { _ in pool.admit() }
        #expect(verdicts == [.proceed, .proceed, .pend, .pend, .pend, .overflow, .overflow])
        #expect(pool.active == 2 && pool.pending == 3 && pool.overflows == 2)
    }

    @Test func test_aFinishedRequestHandsItsConnectionToAPendingOne() {
        var pool = ConnectionPool(maxConnections: 1, maxPendingRequests: 2, maxRequests: 100, maxRetries: 3)
        _ = (0..<3).map { _ in pool.admit() }
        let handed = pool.finished(), handedAgain = pool.finished(), idle = pool.finished()
        #expect(handed && handedAgain && !idle)
        #expect(pool.active == 0 && pool.pending == 0)
    }

    @Test func test_maxRequestsOverflowsAtOnce_evenWithConnectionsFree() {
        // "Cluster maximum requests: … If this circuit breaker overflows the upstream_rq_pending_overflow counter … will increment."
        var pool = ConnectionPool(maxConnections: 10, maxPendingRequests: 10, maxRequests: 3, maxRetries: 3)
        let verdicts = (0..<5).map { _ in pool.admit() }
        #expect(verdicts == [.proceed, .proceed, .proceed, .overflow, .overflow])
        #expect(pool.pending == 0, "a free connection means no waiting: the request limit refuses it")
        let handed = pool.finished(), after = pool.admit()
        #expect(!handed && after == .proceed)
    }

    @Test func test_noPendingQueueOverflowsAsSoonAsConnectionsAreBusy() {
        var pool = ConnectionPool(maxConnections: 1, maxPendingRequests: 0, maxRequests: 5, maxRetries: 3)
        let verdicts = [pool.admit(), pool.admit()]
        #expect(verdicts == [.proceed, .overflow])
    }

    @Test func test_maxRetriesLimitsConcurrentRetries() {
        // "Cluster maximum active retries: … upstream_rq_retry_overflow"
        var pool = ConnectionPool(PoolSpec())
        let first = (0..<5).map { _ in pool.tryStartRetry() }
        #expect(first == [true, true, true, false, false])
        #expect(pool.activeRetries == 3 && pool.retryOverflows == 2)
        pool.retryFinished()
        let again = pool.tryStartRetry()
        #expect(again)
        var none = ConnectionPool(PoolSpec(maxRetries: 0))
        let refused = none.tryStartRetry()
        #expect(!refused)
    }

    @Test func test_anAbandonedPendingRequestFreesItsPlace() {
        var pool = ConnectionPool(maxConnections: 1, maxPendingRequests: 1, maxRequests: 5, maxRetries: 3)
        let verdicts = [pool.admit(), pool.admit(), pool.admit()]
        #expect(verdicts == [.proceed, .pend, .overflow])
        pool.abandonPending()
        let after = pool.admit()
        #expect(after == .pend)
    }

    /// Seeded arrivals and completions against a reference model of the thresholds.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func test_seededTraffic_keepsEveryThreshold(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "pool")
        let connections = 1 + random.nextIndex(below: 8), pendingLimit = random.nextIndex(below: 6)
        let requests = 1 + random.nextIndex(below: 10)
        var pool = ConnectionPool(maxConnections: connections, maxPendingRequests: pendingLimit, maxRequests: requests, maxRetries: 3)
        for _ in 0..<20_000 {
            let (active, pending) = (pool.active, pool.pending)
            if random.nextIndex(below: 2) == 0 {
                let verdict = pool.admit()
                let expected: ConnectionPool.Verdict = active < connections
                    ? (active < requests ? .proceed : .overflow)
                    : (pending < pendingLimit ? .pend : .overflow)
                #expect(verdict == expected, "seed \(seed): \(active) active, \(pending) pending")
            } else if active > 0 {
                _ = pool.finished()
            } else if pending > 0 {
                pool.abandonPending()
            }
            #expect(pool.active <= min(connections, requests) && pool.pending <= pendingLimit)
            #expect(pool.pending == 0 || pool.active == connections, "seed \(seed): a request waits while a connection is free")
        }
        #expect(pool.overflows > 0)
    }
}
