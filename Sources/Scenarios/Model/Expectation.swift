/// Something a run must show; an unmet expectation makes the run fail (exit status 1).
public enum Expectation: Sendable, Equatable {
    /// The named cluster's breaker enters `state` no later than `within` after the start.
    case breakerReaches(cluster: String, state: BreakerStateName, within: TimeSpan)
    /// The named cluster's breaker never enters `state`.
    case breakerNever(cluster: String, state: BreakerStateName)
    /// Completed requests that succeeded, as a fraction, is at least this.
    case minimumSuccessRatio(Double)
    /// End-to-end p99 latency is at most this.
    case maximumP99(TimeSpan)
}

/// A breaker state as files and reports spell it.
public enum BreakerStateName: String, Sendable, CaseIterable {
    case closed
    case open
    case halfOpen = "half_open"
    case forcedOpen = "forced_open"
    case disabled
    case metricsOnly = "metrics_only"
}
