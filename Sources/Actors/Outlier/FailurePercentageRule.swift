import Scenarios

/// Envoy's failure-percentage rule, judged at each interval sweep
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier, "Failure Percentage"):
/// among backends not ejected with at least `failure_percentage_request_volume` attempts in the
/// interval, and only when there are at least `failure_percentage_minimum_hosts` (and at least one) of
/// them, a backend failing at least `failure_percentage_threshold` % of its attempts is an outlier
/// ("greater than or equal to this value").
enum FailurePercentageRule {
    /// The outliers, lowest backend index first; empty when the rule does not run.
    static func outliers(_ counts: IntervalCounts, ledger: EjectionLedger, spec: OutlierSpec) -> [Int] {
        var hosts = 0
        var result: [Int] = []
        let threshold = Double(spec.failurePercentageThreshold)
        for b in 0..<ledger.backends where !ledger.ejected[b] {
            guard let rate = counts.successRate(of: b), Int(counts.requests[b]) >= spec.failurePercentageRequestVolume else { continue }
            hosts += 1
            if 100.0 - rate >= threshold { result.append(b) }
        }
        guard hosts > 0, hosts >= spec.failurePercentageMinimumHosts else { return [] }
        return result
    }
}
