import Scenarios

/// Envoy's success-rate rule, judged at each interval sweep
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier, "Success Rate"):
/// among backends not ejected with at least `success_rate_request_volume` attempts in the interval,
/// and only when there are at least `success_rate_minimum_hosts` (and at least one) of them, a backend
/// whose success rate (percent) is strictly below mean − (`success_rate_stdev_factor` / 1000) × stdev
/// is an outlier. The stdev is the population standard deviation of those backends' rates (Envoy's
/// `successRateEjectionThreshold`: {50, 100, 100, 100, 100} gives mean 90, stdev 20, threshold 52).
enum SuccessRateRule {
    /// The outliers, lowest backend index first; empty when the rule does not run.
    static func outliers(_ counts: IntervalCounts, ledger: EjectionLedger, spec: OutlierSpec) -> [Int] {
        var hosts: [Int] = []
        var rates: [Double] = []
        var sum = 0.0
        for b in 0..<ledger.backends where !ledger.ejected[b] {
            guard let rate = counts.successRate(of: b), Int(counts.requests[b]) >= spec.successRateRequestVolume else { continue }
            hosts.append(b)
            rates.append(rate)
            sum += rate
        }
        guard !hosts.isEmpty, hosts.count >= spec.successRateMinimumHosts else { return [] }
        let threshold = Self.threshold(rates: rates, sum: sum, stdevFactor: Double(spec.successRateStdevFactor) / 1000.0)
        var result: [Int] = []
        for (i, b) in hosts.enumerated() where rates[i] < threshold { result.append(b) }
        return result
    }

    /// mean − factor × population stdev of `rates`.
    static func threshold(rates: [Double], sum: Double, stdevFactor: Double) -> Double {
        let mean = sum / Double(rates.count)
        var variance = 0.0
        for rate in rates { variance += (rate - mean) * (rate - mean) }
        variance /= Double(rates.count)
        return mean - stdevFactor * variance.squareRoot()
    }
}
