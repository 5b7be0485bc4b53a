/// A cluster's outlier detection: Envoy's `config.cluster.v3.OutlierDetection` with Envoy's defaults,
/// plus the latency rule Envoy lacks (envoyproxy/envoy#288).
///
/// Sources: https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto
/// (the fields and defaults) and
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier (the algorithm).
/// Durations are virtual nanoseconds; percentages are whole percent, 0 … 100. Envoy's
/// `split_external_local_origin_errors` is not modelled: local-origin failures (reset, timeout) count
/// as gateway failures and as 5xx, as in Envoy's default (unsplit) mode.
public struct OutlierSpec: Sendable, Equatable {
    /// `consecutive_5xx`: 5xx answers (local-origin failures included) in a row that detect an outlier.
    /// Envoy default 5; 0 never detects (Envoy compares the incremented count for equality).
    public var consecutive5xx: Int
    /// `consecutive_gateway_failure`: gateway failures in a row (502, 503, 504, and local-origin
    /// failures: reset, timeout) that detect an outlier. Envoy default 5; 0 never detects.
    public var consecutiveGatewayFailure: Int
    /// `enforcing_consecutive_5xx`: the % chance a consecutive-5xx outlier is actually ejected.
    /// Envoy default 100.
    public var enforcingConsecutive5xx: Int
    /// `enforcing_consecutive_gateway_failure`: the % chance a consecutive-gateway-failure outlier is
    /// actually ejected. Envoy default 0: the rule detects but, unless raised, never ejects.
    public var enforcingConsecutiveGatewayFailure: Int
    /// `interval`: the time between ejection analysis sweeps (new ejections, hosts returned to
    /// service, the ejection multiplier's decrement). Envoy default 10 s.
    public var interval: Int64
    /// `base_ejection_time`: an ejection lasts this times the backend's ejection multiplier. Envoy
    /// default 30 s.
    public var baseEjectionTime: Int64
    /// `max_ejection_time`: the longest ejection; the cap applied is max(`baseEjectionTime`, this), as
    /// Envoy applies "the default value (300000ms or 300s) or base_ejection_time value ..., whatever is
    /// larger". Envoy default 300 s.
    public var maxEjectionTime: Int64
    /// `max_ejection_percent`: the most of the cluster, in %, that may be ejected at once, counting the
    /// backend about to be ejected. Envoy default 10 (so a cluster of fewer than 10 backends ejects
    /// none unless `alwaysEjectOneHost`).
    public var maxEjectionPercent: Int
    /// `always_eject_one_host`: "If enabled, at least one host is ejected regardless of the value of
    /// max_ejection_percent." Envoy default false.
    public var alwaysEjectOneHost: Bool
    /// `success_rate_minimum_hosts`: backends with enough volume needed for the success-rate rule to
    /// run. Envoy default 5.
    public var successRateMinimumHosts: Int
    /// `success_rate_request_volume`: attempts in an interval a backend needs to be judged by success
    /// rate. Envoy default 100.
    public var successRateRequestVolume: Int
    /// `success_rate_stdev_factor`, in thousandths: the ejection threshold is
    /// mean − (factor / 1000) × stdev. Envoy default 1900 (1.9).
    public var successRateStdevFactor: Int
    /// `enforcing_success_rate`: the % chance a success-rate outlier is actually ejected. Envoy
    /// default 100.
    public var enforcingSuccessRate: Int
    /// `failure_percentage_threshold`: a backend failing at least this % of its interval's attempts is
    /// an outlier. Envoy default 85.
    public var failurePercentageThreshold: Int
    /// `failure_percentage_minimum_hosts`: backends with enough volume needed for the failure-percentage
    /// rule to run. Envoy default 5.
    public var failurePercentageMinimumHosts: Int
    /// `failure_percentage_request_volume`: attempts in an interval a backend needs to be judged by
    /// failure percentage. Envoy default 50.
    public var failurePercentageRequestVolume: Int
    /// `enforcing_failure_percentage`: the % chance a failure-percentage outlier is actually ejected.
    /// Envoy default 0: the rule is off unless raised.
    public var enforcingFailurePercentage: Int
    /// The latency rule (not in Envoy, envoyproxy/envoy#288); nil: off.
    public var latency: LatencyEjectionSpec?
    /// When consecutive-failure detections eject: `immediate` is Envoy ("ejection ... runs inline (for
    /// example in the case of consecutive 5xx)"); `atInterval` waits for the next sweep.
    public var consecutiveTiming: ConsecutiveEjectionTiming

    public static let second: Int64 = 1_000_000_000

    public init(consecutive5xx: Int = 5, consecutiveGatewayFailure: Int = 5,
                enforcingConsecutive5xx: Int = 100, enforcingConsecutiveGatewayFailure: Int = 0,
                interval: Int64 = 10 * second, baseEjectionTime: Int64 = 30 * second,
                maxEjectionTime: Int64 = 300 * second, maxEjectionPercent: Int = 10,
                alwaysEjectOneHost: Bool = false,
                successRateMinimumHosts: Int = 5, successRateRequestVolume: Int = 100,
                successRateStdevFactor: Int = 1900, enforcingSuccessRate: Int = 100,
                failurePercentageThreshold: Int = 85, failurePercentageMinimumHosts: Int = 5,
                failurePercentageRequestVolume: Int = 50, enforcingFailurePercentage: Int = 0,
                latency: LatencyEjectionSpec? = nil, consecutiveTiming: ConsecutiveEjectionTiming = .immediate) {
        self.consecutive5xx = consecutive5xx
        self.consecutiveGatewayFailure = consecutiveGatewayFailure
        self.enforcingConsecutive5xx = enforcingConsecutive5xx
        self.enforcingConsecutiveGatewayFailure = enforcingConsecutiveGatewayFailure
        self.interval = interval
        self.baseEjectionTime = baseEjectionTime
        self.maxEjectionTime = maxEjectionTime
        self.maxEjectionPercent = maxEjectionPercent
        self.alwaysEjectOneHost = alwaysEjectOneHost
        self.successRateMinimumHosts = successRateMinimumHosts
        self.successRateRequestVolume = successRateRequestVolume
        self.successRateStdevFactor = successRateStdevFactor
        self.enforcingSuccessRate = enforcingSuccessRate
        self.failurePercentageThreshold = failurePercentageThreshold
        self.failurePercentageMinimumHosts = failurePercentageMinimumHosts
        self.failurePercentageRequestVolume = failurePercentageRequestVolume
        self.enforcingFailurePercentage = enforcingFailurePercentage
        self.latency = latency
        self.consecutiveTiming = consecutiveTiming
    }

    /// The ejection-time cap as Envoy applies it: never below `baseEjectionTime`.
    public var effectiveMaxEjectionTime: Int64 { max(baseEjectionTime, maxEjectionTime) }
}
