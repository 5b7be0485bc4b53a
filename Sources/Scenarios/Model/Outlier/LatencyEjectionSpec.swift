/// The latency rule Envoy lacks (envoyproxy/envoy#288, "temporal latency" in Envoy's list of outlier
/// axes): at each interval sweep, a backend whose latency `quantile` over the interval exceeds `factor`
/// times the median, across the cluster's backends, of the same quantile is ejected.
///
/// Only backends not ejected, with at least `minimumRequests` attempts in the interval, take part, and
/// the rule runs only when at least `minimumHosts` of them do, in the manner of Envoy's
/// `success_rate_request_volume` and `success_rate_minimum_hosts`.
public struct LatencyEjectionSpec: Sendable, Equatable {
    /// The latency quantile compared, 0 … 1 (0.99: p99).
    public var quantile: Double
    /// k: a backend is an outlier when its quantile is strictly above k × the cluster's median quantile.
    public var factor: Double
    /// Attempts a backend needs in the interval to be judged (like `success_rate_request_volume`).
    public var minimumRequests: Int
    /// Backends that must qualify for the rule to run at all (like `success_rate_minimum_hosts`).
    public var minimumHosts: Int
    /// The % chance an outlier is actually ejected (like `enforcing_success_rate`), 0 … 100.
    public var enforcing: Int

    public init(quantile: Double = 0.99, factor: Double = 3.0, minimumRequests: Int = 20, minimumHosts: Int = 3,
                enforcing: Int = 100) {
        self.quantile = quantile
        self.factor = factor
        self.minimumRequests = minimumRequests
        self.minimumHosts = minimumHosts
        self.enforcing = enforcing
    }
}
