/// A cluster's connection pool and bulkhead: Envoy's circuit-breaker thresholds, with Envoy's
/// defaults for every key left out (1024 connections, 1024 pending requests, 1024 requests,
/// 3 concurrent retries).
///
/// A request goes out while a connection is free (fewer than `maxConnections` in use) and fewer
/// than `maxRequests` are outstanding; with every connection busy it waits among at most
/// `maxPendingRequests` pending requests; past either limit it overflows, answered 503 without an
/// attempt (Envoy's `upstream_rq_pending_overflow`). A retry starts only while fewer than
/// `maxRetries` retries are active (`upstream_rq_retry_overflow` otherwise), unless a retry budget
/// replaces that threshold. The lab's connections carry one request at a time, as HTTP/1.1's do.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto#config-cluster-v3-circuitbreakers-thresholds
public struct PoolSpec: Sendable, Equatable {
    public static let defaultMaxConnections = 1024
    public static let defaultMaxPendingRequests = 1024
    public static let defaultMaxRequests = 1024
    public static let defaultMaxRetries = 3

    public var maxConnections: Int
    public var maxPendingRequests: Int
    public var maxRequests: Int
    public var maxRetries: Int

    public init(maxConnections: Int = PoolSpec.defaultMaxConnections, maxPendingRequests: Int = PoolSpec.defaultMaxPendingRequests,
                maxRequests: Int = PoolSpec.defaultMaxRequests, maxRetries: Int = PoolSpec.defaultMaxRetries) {
        self.maxConnections = maxConnections
        self.maxPendingRequests = maxPendingRequests
        self.maxRequests = maxRequests
        self.maxRetries = maxRetries
    }

    /// Envoy's thresholds when a cluster sets none.
    public static let envoyDefault = PoolSpec()
}
