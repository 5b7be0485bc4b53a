/// Envoy's priority levels: how much of a cluster's traffic each priority tier takes, given how
/// healthy each tier is, and when a tier is in panic.
///
/// - Priority levels: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/priority
///   A tier's health score is the integer `min(100, healthy% × overprovisioning)` (factor 1.4 by
///   default, https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/overprovisioning).
///   The normalised total health is `min(100, Σ health)`. Each tier in order takes
///   `min(what is left of 100, health × 100 / normalised total)`, so traffic spills from a
///   degraded tier to the next and is scaled up when the tiers together fall short of 100.
/// - Integer arithmetic as in Envoy's source (`LoadBalancerBase::recalculatePerPriorityState`,
///   `distributeLoad`): health is `⌊factor% × healthy / total⌋` capped at 100, each load is
///   floored, and the remainder of the floors goes to the first tier with any health. (The docs'
///   last three-tier row, 25%/25%/20% → 36/36/28, rounds each share; the code floors and gives the
///   2 left over to P=0, 37/35/28, which is what this follows.)
/// - Panic threshold: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold
///   (default 50%): a tier whose healthy fraction is below the threshold balances over all its
///   hosts, ignoring health, except that no tier panics while the normalised total health is 100.
///   When no tier has health (every share 0) every tier is in panic and the load follows host
///   counts (`totalPanicShares`, Envoy's `recalculateLoadInTotalPanic`).
/// - Fractions here are in [0, 1] (0.5 for 50%); shares are fractions of the traffic.
enum PriorityLoad {
    static let defaultOverprovisioning = 1.4
    static let defaultPanicThreshold = 0.5
    /// Absorbs the error of a fraction like 0.29 that is not exact in binary, so 29 of 100 hosts
    /// score the same as `29 × 140 / 100` does in integers.
    static let fractionSlack = 1e-9

    /// A tier's integer health score from its healthy fraction.
    static func health(healthyFraction: Double, overprovisioning: Double = defaultOverprovisioning) -> Int {
        guard healthyFraction > 0, overprovisioning > 0 else { return 0 }
        let score = (healthyFraction * overprovisioningPercent(overprovisioning) + fractionSlack).rounded(.down)
        return Int(min(100, score))
    }

    /// A tier's integer health score from host counts, exactly as Envoy computes it.
    static func health(healthy: Int, total: Int, overprovisioningPercent: Int = 140) -> Int {
        guard total > 0, healthy > 0 else { return 0 }
        return min(100, overprovisioningPercent * healthy / total)
    }

    /// Each tier's integer percent of the traffic from the tiers' health scores: sums to 100, or
    /// every percent is 0 when no tier has health.
    static func percents(health: [Int]) -> [Int] {
        let normalisedTotal = min(100, health.reduce(0, +))
        guard normalisedTotal > 0 else { return Array(repeating: 0, count: health.count) }
        var left = 100
        var loads = health.map { score -> Int in
            let load = min(left, score * 100 / normalisedTotal)
            left -= load
            return load
        }
        if left > 0, let first = health.firstIndex(where: { $0 > 0 }) { loads[first] += left }
        return loads
    }

    /// Each tier's share of the traffic from its healthy fraction (healthy hosts / hosts; 0 for a
    /// tier without hosts): shares sum to 1, or are all 0 when no tier has a healthy host (then
    /// every tier is in panic: see `totalPanicShares`).
    static func shares(healthyFractions: [Double], overprovisioning: Double = defaultOverprovisioning) -> [Double] {
        percents(health: healthyFractions.map { health(healthyFraction: $0, overprovisioning: overprovisioning) })
            .map { Double($0) / 100 }
    }

    /// As `shares(healthyFractions:)`, from host counts (exact integer health scores).
    static func shares(healthy: [Int], total: [Int], overprovisioningPercent: Int = 140) -> [Double] {
        precondition(healthy.count == total.count, "one count of each per tier")
        return percents(health: zip(healthy, total).map { health(healthy: $0, total: $1, overprovisioningPercent: overprovisioningPercent) })
            .map { Double($0) / 100 }
    }

    /// Envoy's shares when every tier is in panic: by host count, health ignored, integer percents
    /// floored with the remainder to the first tier that has hosts. All 0 when there are no hosts.
    static func totalPanicShares(hostCounts: [Int]) -> [Double] {
        let total = hostCounts.reduce(0, +)
        guard total > 0 else { return Array(repeating: 0, count: hostCounts.count) }
        var loads = hostCounts.map { 100 * $0 / total }
        let left = 100 - loads.reduce(0, +)
        if left > 0, let first = hostCounts.firstIndex(where: { $0 > 0 }) { loads[first] += left }
        return loads.map { Double($0) / 100 }
    }

    /// The tier a unit draw in [0, 1) lands in: the first whose cumulative share exceeds it
    /// (Envoy's `choosePriority` over `hash % 100 + 1`, which is the same for percent shares).
    /// A draw past the last cumulative share (rounding) goes to the last tier with a share;
    /// with no shares at all, tier 0.
    @inline(__always)
    static func tier(for unit: Double, shares: [Double]) -> Int {
        var cumulative = 0.0
        var last = 0
        for (tier, share) in shares.enumerated() where share > 0 {
            cumulative += share
            last = tier
            if unit < cumulative { return tier }
        }
        return last
    }

    /// The panic rule for one tier on its own: its healthy fraction is below the threshold.
    @inline(__always)
    static func inPanic(healthyFraction: Double, threshold: Double = defaultPanicThreshold) -> Bool {
        healthyFraction < threshold
    }

    /// Envoy's full panic rule for tier `tier` (`recalculatePerPriorityPanic`): never while the
    /// normalised total health is 100, otherwise below the threshold.
    static func inPanic(tier: Int, healthyFractions: [Double], threshold: Double = defaultPanicThreshold,
                        overprovisioning: Double = defaultOverprovisioning) -> Bool {
        let total = healthyFractions.reduce(0) { $0 + health(healthyFraction: $1, overprovisioning: overprovisioning) }
        if total >= 100 { return false }
        return inPanic(healthyFraction: healthyFractions[tier], threshold: threshold)
    }

    private static func overprovisioningPercent(_ factor: Double) -> Double { (factor * 100).rounded() }
}
