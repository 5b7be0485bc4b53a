/// Something a run must show; an unmet expectation makes the run fail (exit status 1).
///
/// `minimumSuccessRatio` and `maximumP99` are the whole run's `{ successRatio: { min } }` and
/// `{ p99: { max } }` as files have always written them; `successRatio(min:of:)` and
/// `latency(_:max:of:)` are the same judgements for a route, a cluster, or another quantile.
public enum Expectation: Sendable, Equatable {
    /// The named cluster's breaker enters `state` no later than `within` after the start.
    case breakerReaches(cluster: String, state: BreakerStateName, within: TimeSpan)
    /// The named cluster's breaker never enters `state`.
    case breakerNever(cluster: String, state: BreakerStateName)
    /// The named cluster's breaker is in `state` at the instant `at`: the state after every
    /// transition at or before it (closed before the first).
    case breakerState(cluster: String, state: BreakerStateName, at: TimeSpan)
    /// How often the named cluster's breaker entered open, over the run.
    case breakerOpens(cluster: String, ExpectedRange<Int>)
    /// How many state changes the named cluster's breaker made, over the run.
    case breakerTransitions(cluster: String, ExpectedRange<Int>)
    /// Completed requests that succeeded, as a fraction, is at least this.
    case minimumSuccessRatio(Double)
    /// End-to-end p99 latency is at most this.
    case maximumP99(TimeSpan)
    /// Success, as a fraction, of the scope is at least `min`: for the run and a route, completed
    /// requests answered below 500; for a cluster, attempts concluded with an answer below 500 in time.
    case successRatio(min: Double, of: ExpectationScope)
    /// The quantile of the scope's latency is at most `max`: end-to-end for the run and a route,
    /// the attempts' latency (late answers included) for a cluster.
    case latency(LatencyQuantile, max: TimeSpan, of: ExpectationScope)
    /// Attempts sent per completed request (retries included), over the run or one route (`route`).
    case attemptsPerRequest(ExpectedRange<Double>, route: String?)
}

/// What a success or latency expectation looks at.
public enum ExpectationScope: Sendable, Equatable {
    /// Every request of the run.
    case run
    /// The requests of the named route.
    case route(String)
    /// The attempts the named cluster concluded.
    case cluster(String)
}

/// A latency quantile an expectation may bound, spelt as its key (`p50` … `p999`).
public enum LatencyQuantile: String, Sendable, CaseIterable {
    case p50, p90, p95, p99, p999

    /// The quantile as a fraction: 0.5 … 0.999.
    public var fraction: Double {
        switch self {
        case .p50: return 0.5
        case .p90: return 0.9
        case .p95: return 0.95
        case .p99: return 0.99
        case .p999: return 0.999
        }
    }
}

/// Bounds a figure must fall in, each inclusive; at least one is given (`{ min: 1, max: 3 }`).
public struct ExpectedRange<Bound: Comparable & Sendable>: Sendable, Equatable {
    public var min: Bound?
    public var max: Bound?

    public init(min: Bound? = nil, max: Bound? = nil) {
        self.min = min
        self.max = max
    }

    /// Whether `value` is at least `min` and at most `max`, where given.
    public func contains(_ value: Bound) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }
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
