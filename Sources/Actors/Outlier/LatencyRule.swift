import Scenarios

/// The latency rule Envoy lacks (envoyproxy/envoy#288), judged at each interval sweep after Envoy's
/// rules: among backends not ejected with at least `minimumRequests` attempts in the interval, and
/// only when there are at least `minimumHosts` (and at least one) of them, a backend whose latency
/// `quantile` over the interval is strictly above `factor` × the median of those backends' quantiles
/// is an outlier. The median of an even number of backends is the mean of the two middle ones.
enum LatencyRule {
    /// The outliers, lowest backend index first; empty when the rule does not run.
    static func outliers(_ histograms: IntervalLatencyHistograms, ledger: EjectionLedger, rule: LatencyEjectionSpec) -> [Int] {
        var hosts: [Int] = []
        var quantiles: [Int64] = []
        for b in 0..<ledger.backends where !ledger.ejected[b] {
            let n = Int(histograms.samples[b])
            guard n > 0, n >= rule.minimumRequests else { continue }
            hosts.append(b)
            quantiles.append(histograms.quantile(rule.quantile, backend: b))
        }
        guard !hosts.isEmpty, hosts.count >= rule.minimumHosts else { return [] }
        let limit = rule.factor * median(quantiles)
        var result: [Int] = []
        for (i, b) in hosts.enumerated() where Double(quantiles[i]) > limit { result.append(b) }
        return result
    }

    static func median(_ values: [Int64]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }
}
