import Scenarios

/// One cluster's pool and bulkhead accounting against Envoy's circuit-breaker thresholds: who may
/// go out now, who waits, who overflows, and whether a retry may start.
///
/// The lab's connections carry one request at a time (HTTP/1.1 in Envoy's terms) and connect at
/// once, so connections in use equal active requests. `admit` follows Envoy's connection pool: with
/// a connection free (fewer than `maxConnections` in use) the request is sent unless `maxRequests`
/// are already outstanding, which overflows it; with none free it joins the pending requests unless
/// `maxPendingRequests` are already waiting, which overflows it (`upstream_rq_pending_overflow`).
/// A finished request hands its connection to the oldest pending one; the caller keeps the queue.
///
/// Retries are counted from `tryStartRetry` until `retryFinished`; a retry budget, where the
/// cluster has one, replaces `maxRetries` (`upstream_rq_retry_overflow` when refused).
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto#config-cluster-v3-circuitbreakers-thresholds
public struct ConnectionPool: Sendable, Equatable {
    public enum Verdict: UInt8, Sendable {
        /// Send the attempt now.
        case proceed
        /// Every connection is busy: queue the attempt until `finished` hands it one.
        case pend
        /// A threshold is full: answer 503 without sending (`Outcome.overflow`).
        case overflow
    }

    public let maxConnections: Int
    public let maxPendingRequests: Int
    public let maxRequests: Int
    public let maxRetries: Int

    /// Requests sent and not yet finished (each holds a connection).
    public private(set) var active = 0
    /// Requests waiting for a connection.
    public private(set) var pending = 0
    /// Retries started and not yet finished.
    public private(set) var activeRetries = 0
    /// Requests refused by `maxRequests` or `maxPendingRequests` (Envoy's `upstream_rq_pending_overflow`).
    public private(set) var overflows = 0
    /// Retries refused by `maxRetries` or the budget (Envoy's `upstream_rq_retry_overflow`).
    public private(set) var retryOverflows = 0

    public init(maxConnections: Int, maxPendingRequests: Int, maxRequests: Int, maxRetries: Int) {
        precondition(maxConnections >= 1 && maxPendingRequests >= 0 && maxRequests >= 1 && maxRetries >= 0,
                     "a pool needs at least one connection and one request")
        self.maxConnections = maxConnections
        self.maxPendingRequests = maxPendingRequests
        self.maxRequests = maxRequests
        self.maxRetries = maxRetries
    }

    public init(_ spec: PoolSpec) {
        self.init(maxConnections: spec.maxConnections, maxPendingRequests: spec.maxPendingRequests,
                  maxRequests: spec.maxRequests, maxRetries: spec.maxRetries)
    }

    /// What becomes of a request (first attempt or retry) arriving now.
    @inline(__always)
    public mutating func admit() -> Verdict {
        if active < maxConnections {
            guard active < maxRequests else {
                overflows += 1
                return .overflow
            }
            active += 1
            return .proceed
        }
        guard pending < maxPendingRequests else {
            overflows += 1
            return .overflow
        }
        pending += 1
        return .pend
    }

    /// An active request finished. True when the oldest pending request takes its connection: the
    /// caller sends it now (it already counts as active).
    @inline(__always)
    public mutating func finished() -> Bool {
        precondition(active > 0, "finished() without an active request")
        active -= 1
        guard pending > 0, active < maxConnections, active < maxRequests else { return false }
        pending -= 1
        active += 1
        return true
    }

    /// A pending request gave up before it was sent (its deadline passed, its hedge lost).
    @inline(__always)
    public mutating func abandonPending() {
        precondition(pending > 0, "abandonPending() without a pending request")
        pending -= 1
    }

    /// Whether a retry may start now; counts it as active when it may. With a `budget` the budget
    /// decides over active and pending requests; without one, `maxRetries` does.
    @inline(__always)
    public mutating func tryStartRetry(budget: RetryBudget? = nil) -> Bool {
        let allowed = budget.map { $0.allows(activeRequests: active + pending, activeRetries: activeRetries) }
            ?? (activeRetries < maxRetries)
        if allowed { activeRetries += 1 } else { retryOverflows += 1 }
        return allowed
    }

    /// A retry admitted by `tryStartRetry` ended (answered, timed out, overflowed or abandoned).
    @inline(__always)
    public mutating func retryFinished() {
        precondition(activeRetries > 0, "retryFinished() without an active retry")
        activeRetries -= 1
    }
}
