/// The ranges of a cluster's `outlier` and `balancer` keys, shared by the loader (which checks a
/// value as it reads it) and the checks of a hand-built `Scenario`, so both say the same thing.
///
/// Envoy's own limits (outlier_detection.proto, least_request.proto, ring_hash.proto): percentages
/// are at most 100, `choice_count` at least 2, `minimum_ring_size` at most 8M, durations above 0.
/// The lab adds an upper bound to counts and a shortest `interval` of 1 ms, so a run's sweeps stay few.
extension ScenarioLimits {
    static let outlierConsecutive = NumberRule.whole(0...Int(Int32.max), "a number of answers in a row from 0 (never) to 2147483647")
    static let outlierPercent = NumberRule.whole(0...100, "a whole percentage from 0 to 100")
    static let outlierHosts = NumberRule.whole(0...10_000, "a number of backends from 0 to 10000")
    static let outlierVolume = NumberRule.whole(0...Int(Int32.max), "a number of attempts from 0 to 2147483647")
    static let outlierStdevFactor = NumberRule.whole(0...1_000_000, "a whole number of thousandths from 0 to 1000000 (1900: 1.9 standard deviations)")
    static let outlierQuantile = NumberRule.real(0...1, "a quantile from 0 to 1 (0.99: p99)")
    static let outlierLatencyFactor = NumberRule.real(1...1000, "a factor from 1 to 1000")
    /// The shortest outlier `interval`.
    static let shortestOutlierInterval = TimeSpan.milliseconds(1)

    /// The message for an outlier interval below the shortest, or nil.
    static func outlierIntervalProblem(_ interval: TimeSpan, text: String) -> String? {
        interval < shortestOutlierInterval ? "expected a duration of at least \(shortestOutlierInterval), found \"\(text)\"" : nil
    }
}

/// Checks of a cluster's outlier detection and backend balancer (as the loader checks them).
extension ScenarioChecks {
    mutating func checkOutlierAndBalancer(_ cluster: ClusterSpec, _ path: String) {
        if let outlier = cluster.outlier { checkOutlier(outlier, "\(path).outlier") }
        if let balancer = cluster.balancer { checkBackendBalancer(balancer, "\(path).balancer") }
    }

    mutating func checkOutlier(_ o: OutlierSpec, _ path: String) {
        check(o.consecutive5xx, ScenarioLimits.outlierConsecutive, "\(path).consecutive5xx")
        check(o.consecutiveGatewayFailure, ScenarioLimits.outlierConsecutive, "\(path).consecutiveGatewayFailure")
        for (value, key) in [(o.enforcingConsecutive5xx, "enforcingConsecutive5xx"),
                             (o.enforcingConsecutiveGatewayFailure, "enforcingConsecutiveGatewayFailure"),
                             (o.maxEjectionPercent, "maxEjectionPercent"), (o.enforcingSuccessRate, "enforcingSuccessRate"),
                             (o.failurePercentageThreshold, "failurePercentageThreshold"),
                             (o.enforcingFailurePercentage, "enforcingFailurePercentage")] {
            check(value, ScenarioLimits.outlierPercent, "\(path).\(key)")
        }
        let interval = TimeSpan(nanoseconds: o.interval)
        check(interval, allowZero: false, "\(path).interval")
        if interval > .zero, let problem = ScenarioLimits.outlierIntervalProblem(interval, text: interval.description) {
            report("\(path).interval", problem)
        }
        check(TimeSpan(nanoseconds: o.baseEjectionTime), allowZero: false, "\(path).baseEjectionTime")
        check(TimeSpan(nanoseconds: o.maxEjectionTime), allowZero: false, "\(path).maxEjectionTime")
        check(o.successRateMinimumHosts, ScenarioLimits.outlierHosts, "\(path).successRateMinimumHosts")
        check(o.successRateRequestVolume, ScenarioLimits.outlierVolume, "\(path).successRateRequestVolume")
        check(o.successRateStdevFactor, ScenarioLimits.outlierStdevFactor, "\(path).successRateStdevFactor")
        check(o.failurePercentageMinimumHosts, ScenarioLimits.outlierHosts, "\(path).failurePercentageMinimumHosts")
        check(o.failurePercentageRequestVolume, ScenarioLimits.outlierVolume, "\(path).failurePercentageRequestVolume")
        if let latency = o.latency {
            check(latency.quantile, ScenarioLimits.outlierQuantile, "\(path).latency.quantile")
            check(latency.factor, ScenarioLimits.outlierLatencyFactor, "\(path).latency.factor")
            check(latency.minimumRequests, ScenarioLimits.outlierVolume, "\(path).latency.minimumRequests")
            check(latency.minimumHosts, ScenarioLimits.outlierHosts, "\(path).latency.minimumHosts")
            check(latency.enforcing, ScenarioLimits.outlierPercent, "\(path).latency.enforcing")
        }
    }

    mutating func checkBackendBalancer(_ balancer: BackendBalancerSpec, _ path: String) {
        switch balancer {
        case .leastRequest(let choices): check(choices, ScenarioLimits.balancerChoices, "\(path).choices")
        case .ringHash(let size): check(size, ScenarioLimits.minimumRingSize, "\(path).minimumRingSize")
        case .leastOutstanding, .roundRobin, .random, .maglev: break
        }
    }
}
