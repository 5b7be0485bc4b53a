/// A cap on concurrent retries relative to the load: Envoy's retry budget.
///
/// A retry may start while the cluster's active retries are below
/// `max(percent% × (active requests + pending requests), minConcurrency)`, the product rounded down;
/// with the defaults (20%, 3), 100 active requests allow 20 concurrent retries and 10 allow 3.
/// Where a budget is set it replaces the cluster's `maxRetries` threshold, as in Envoy.
///
/// Scenario files write it `{ percent: 20, minConcurrency: 3 }` (each key optional) or as a bare
/// fraction, `0.2` for 20% with the default minimum.
///
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto#config-cluster-v3-circuitbreakers-thresholds-retrybudget
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_routing#retry-semantics
public struct RetryBudgetSpec: Sendable, Equatable {
    /// Envoy's `budget_percent` default.
    public static let defaultPercent = 20.0
    /// Envoy's `min_retry_concurrency` default.
    public static let defaultMinConcurrency = 3

    /// From 0 to 100: the share of active and pending requests that may be retries.
    public var percent: Double
    /// The budget never allows fewer concurrent retries than this.
    public var minConcurrency: Int

    public init(percent: Double = RetryBudgetSpec.defaultPercent, minConcurrency: Int = RetryBudgetSpec.defaultMinConcurrency) {
        self.percent = percent
        self.minConcurrency = minConcurrency
    }

    public static let envoyDefault = RetryBudgetSpec()
}
