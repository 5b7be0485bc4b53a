/// Breaker checks: known clusters, and each type's limits as its library validates them.
extension ScenarioChecks {
    mutating func checkBreakers() {
        if let policy = scenario.breakers.defaultPolicy { checkPolicy(policy, "breakers.default") }
        for (index, override) in scenario.breakers.overrides.enumerated() {
            let path = "breakers.\(override.cluster)"
            if scenario.breakers.overrides[..<index].contains(where: { $0.cluster == override.cluster }) {
                report(path, "duplicate key '\(override.cluster)'")
            }
            if !declared.clusterNames.contains(override.cluster) {
                report(path, unknownCluster(override.cluster, listing: "expected \"default\" or one of: "))
            }
            checkPolicy(override.policy, path)
        }
    }

    private mutating func checkPolicy(_ policy: BreakerPolicy, _ path: String) {
        switch policy {
        case .count(let count): checkCount(count, path)
        case .consecutive(let consecutive): checkConsecutive(consecutive, path)
        case .window(let window): checkWindow(window, path)
        }
    }

    private mutating func checkCount(_ policy: CountBreakerPolicy, _ path: String) {
        check(policy.windowSize, ScenarioLimits.windowSize, "\(path).window.size")
        check(policy.minimumCalls, ScenarioLimits.breakerCalls, "\(path).minimumCalls")
        check(policy.failureRate, ScenarioLimits.failureRate, "\(path).failureRate")
        check(policy.openFor, allowZero: false, "\(path).openFor")
        check(policy.halfOpenCalls, ScenarioLimits.breakerCalls, "\(path).halfOpenCalls")
        if policy.minimumCalls > policy.windowSize {
            report("\(path).minimumCalls",
                   "impossible: minimumCalls (\(policy.minimumCalls)) exceeds the window size (\(policy.windowSize)), so the breaker could never open")
        }
    }

    private mutating func checkConsecutive(_ policy: ConsecutiveBreakerPolicy, _ path: String) {
        check(policy.maxRequests, ScenarioLimits.maxRequests, "\(path).maxRequests")
        check(policy.interval, allowZero: true, "\(path).interval")
        check(policy.bucketPeriod, allowZero: true, "\(path).bucketPeriod")
        check(policy.timeout, allowZero: true, "\(path).timeout")
        if policy.bucketPeriod > .zero && policy.interval == .zero {
            report("\(path).bucketPeriod", "rolling buckets need an interval above 0s to roll over; found bucketPeriod \(policy.bucketPeriod) with interval 0")
        }
        if let buckets = policy.buckets, buckets.count > ScenarioLimits.largestBucketCount {
            report("\(path).bucketPeriod",
                   "expected at most \(ScenarioLimits.largestBucketCount) buckets per interval, found \(buckets.count) (interval \(policy.interval) / bucketPeriod \(policy.bucketPeriod))")
        }
        switch policy.readyToTrip {
        case .consecutiveFailures(let n):
            check(n, ScenarioLimits.consecutiveFailures, "\(path).readyToTrip.consecutiveFailures")
        case .failureRatio(let ratio, let minRequests):
            check(ratio, ScenarioLimits.failureRatio, "\(path).readyToTrip.failureRatio")
            check(minRequests, ScenarioLimits.minRequests, "\(path).readyToTrip.minRequests")
        }
    }

    private mutating func checkWindow(_ policy: WindowBreakerPolicy, _ path: String) {
        check(policy.slidingWindow.size, ScenarioLimits.windowSize, "\(path).slidingWindow.size")
        check(policy.minimumCalls, ScenarioLimits.breakerCalls, "\(path).minimumCalls")
        check(policy.failureRate, ScenarioLimits.ratePercent, "\(path).failureRate")
        check(policy.slowCallRate, ScenarioLimits.ratePercent, "\(path).slowCallRate")
        check(policy.slowCallDuration, allowZero: false, "\(path).slowCallDuration")
        check(policy.permittedInHalfOpen, ScenarioLimits.breakerCalls, "\(path).permittedInHalfOpen")
        check(policy.maxWaitInHalfOpen, allowZero: true, "\(path).maxWaitInHalfOpen")
        if policy.maxWaitInHalfOpen > .zero && policy.maxWaitInHalfOpen < .milliseconds(1) {
            report("\(path).maxWaitInHalfOpen", "expected 0 (wait forever) or at least 1ms, found \(policy.maxWaitInHalfOpen)")
        }
        switch policy.waitInOpen {
        case .constant(let wait):
            checkOpenWait(wait, "\(path).waitInOpen")
        case .exponential(let initial, let multiplier, let max):
            checkOpenWait(initial, "\(path).waitInOpen.initial")
            check(multiplier, ScenarioLimits.backoffMultiplier, "\(path).waitInOpen.multiplier")
            if let max {
                checkOpenWait(max, "\(path).waitInOpen.max")
                if max < initial { report("\(path).waitInOpen.max", "expected at least the initial wait (\(initial)), found \(max)") }
            }
        }
    }

    /// resilience4j: an open wait of at least 1 ms.
    private mutating func checkOpenWait(_ wait: TimeSpan, _ path: String) {
        check(wait, allowZero: false, path)
        if wait > .zero && wait < .milliseconds(1) { report(path, "expected at least 1ms, found \(wait)") }
    }
}
