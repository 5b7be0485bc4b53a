import Scenarios

/// Envoy's retry budget: a retry may start while the active retries are below
/// `max(percent% × active, minConcurrency)`, where `active` counts the cluster's active and pending
/// requests and the product is rounded down, as Envoy converts it to a whole number.
///
/// The percentage is kept in parts per million, so the limit is integer arithmetic: the same on
/// every machine and exact for every percentage a scenario writes with up to four decimals.
///
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/circuit_breaker.proto#config-cluster-v3-circuitbreakers-thresholds-retrybudget
public struct RetryBudget: Sendable, Equatable {
    /// The budget's share of active requests, in millionths (20% is 200_000).
    public let partsPerMillion: Int64
    public let minConcurrency: Int

    /// `percent` from 0 to 100, `minConcurrency` 0 or more.
    public init(percent: Double, minConcurrency: Int) {
        precondition(percent >= 0 && percent <= 100 && minConcurrency >= 0, "a retry budget needs 0...100 percent and a minimum of 0 or more")
        partsPerMillion = Int64((percent * 10_000).rounded())
        self.minConcurrency = minConcurrency
    }

    public init(_ spec: RetryBudgetSpec) { self.init(percent: spec.percent, minConcurrency: spec.minConcurrency) }

    /// How many retries may be active with `activeRequests` active and pending requests.
    @inline(__always)
    public func limit(activeRequests: Int) -> Int {
        let share = Int(Int64(Swift.max(activeRequests, 0)) * partsPerMillion / 1_000_000)
        return Swift.max(share, minConcurrency)
    }

    /// Whether one more retry may start now.
    @inline(__always)
    public func allows(activeRequests: Int, activeRetries: Int) -> Bool {
        activeRetries < limit(activeRequests: activeRequests)
    }
}
