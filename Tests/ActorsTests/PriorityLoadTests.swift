import Testing
@testable import Actors

/// Envoy's priority levels (overprovisioning 1.4, normalised total health) and panic threshold.
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/priority
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold
@Suite struct PriorityLoadTests {
    static func percents(_ fractions: [Double]) -> [Int] {
        PriorityLoad.shares(healthyFractions: fractions).map { Int(($0 * 100).rounded()) }
    }

    /// The priority page's first table (2 levels, P=1 100% healthy).
    @Test func test_envoyTableP1FullyHealthy() {
        let rows: [(Double, [Int])] = [(1.00, [100, 0]), (0.72, [100, 0]), (0.71, [99, 1]),
                                       (0.50, [70, 30]), (0.25, [35, 65]), (0.00, [0, 100])]
        for (p0, expected) in rows { #expect(Self.percents([p0, 1.0]) == expected, "P0 \(p0)") }
    }

    /// The page's second table (both levels degraded): loads are scaled by the normalised total
    /// health when it is below 100 (25%/25% → 35+35 = 70 → 50/50).
    @Test func test_envoyTableBothLevelsDegraded() {
        let rows: [([Double], [Int])] = [([1.00, 1.00], [100, 0]), ([0.72, 0.72], [100, 0]),
                                         ([0.71, 0.71], [99, 1]), ([0.50, 0.50], [70, 30]),
                                         ([0.25, 1.00], [35, 65]), ([0.25, 0.25], [50, 50]),
                                         ([0.20, 0.20], [50, 50])]
        for (fractions, expected) in rows { #expect(Self.percents(fractions) == expected, "\(fractions)") }
    }

    /// The page's three-level table. Its last row says 36/36/28 (rounded shares of 35/98, 35/98,
    /// 28/98); Envoy's code floors each (35/35/28) and gives the 2 left over to the first healthy
    /// priority, 37/35/28, which is what is implemented.
    @Test func test_envoyTableThreeLevels() {
        let rows: [([Double], [Int])] = [([1.00, 1.00, 1.00], [100, 0, 0]), ([0.72, 0.72, 1.00], [100, 0, 0]),
                                         ([0.71, 0.71, 1.00], [99, 1, 0]), ([0.50, 0.50, 1.00], [70, 30, 0]),
                                         ([0.25, 1.00, 1.00], [35, 65, 0]), ([0.25, 0.25, 1.00], [35, 35, 30]),
                                         ([0.25, 0.25, 0.20], [37, 35, 28])]
        for (fractions, expected) in rows { #expect(Self.percents(fractions) == expected, "\(fractions)") }
    }

    /// The page's normalisation example: health scores {20, 30} (total 50) become {40%, 60%}.
    @Test func test_normalisationScalesHealthScores() {
        #expect(PriorityLoad.percents(health: [20, 30]) == [40, 60])
        #expect(PriorityLoad.percents(health: [100, 100]) == [100, 0])
        #expect(PriorityLoad.percents(health: [0, 0, 0]) == [0, 0, 0])
    }

    /// Health is Envoy's integer `min(100, 140 × healthy / total)`; counts and fractions agree.
    @Test func test_healthScoresAreEnvoysIntegers() {
        #expect(PriorityLoad.health(healthy: 71, total: 100) == 99)
        #expect(PriorityLoad.health(healthy: 72, total: 100) == 100)
        #expect(PriorityLoad.health(healthy: 5, total: 7) == 100)
        #expect(PriorityLoad.health(healthy: 0, total: 0) == 0)
        for total in 1...40 {
            for healthy in 0...total {
                #expect(PriorityLoad.health(healthyFraction: Double(healthy) / Double(total))
                        == PriorityLoad.health(healthy: healthy, total: total), "\(healthy)/\(total)")
            }
        }
        #expect(PriorityLoad.shares(healthy: [1, 10], total: [2, 10]) == [0.7, 0.3])
        #expect(PriorityLoad.health(healthyFraction: 0.5, overprovisioning: 1.0) == 50)
    }

    /// Seeded property: shares always sum to 1 when any tier is healthy and are all 0 otherwise;
    /// no tier takes more than its normalised health (plus, for the first healthy one, rounding).
    @Test func test_sharesSumToOneOrAreAllZero() {
        var rng = SeededGenerator(seed: 17, stream: "priority-property")
        for _ in 0..<2000 {
            let tiers = 1 + rng.nextIndex(below: 5)
            let fractions = (0..<tiers).map { _ in rng.nextIndex(below: 4) == 0 ? 0 : rng.nextUnit() }
            let loads = Self.percents(fractions)
            let health = fractions.map { PriorityLoad.health(healthyFraction: $0) }
            if health.allSatisfy({ $0 == 0 }) {
                #expect(loads.allSatisfy { $0 == 0 })
            } else {
                #expect(loads.reduce(0, +) == 100, "\(fractions) → \(loads)")
                let total = min(100, health.reduce(0, +))
                let first = health.firstIndex { $0 > 0 }!
                for tier in 0..<tiers where tier != first {
                    #expect(loads[tier] <= health[tier] * 100 / total)
                }
            }
        }
    }

    /// Total panic (no tier healthy): Envoy spreads by host counts, floored, remainder to the
    /// first tier with hosts.
    @Test func test_totalPanicFollowsHostCounts() {
        #expect(PriorityLoad.shares(healthyFractions: [0, 0]) == [0, 0])
        #expect(PriorityLoad.totalPanicShares(hostCounts: [10, 2]) == [0.84, 0.16])
        #expect(PriorityLoad.totalPanicShares(hostCounts: [0, 3]) == [0, 1])
        #expect(PriorityLoad.totalPanicShares(hostCounts: [0, 0]) == [0, 0])
    }

    /// Panic threshold 50%: a tier below it is in panic (strictly below, as Envoy's
    /// `healthy_percent < threshold`), but never while the normalised total health is 100.
    @Test func test_panicThreshold() {
        #expect(PriorityLoad.inPanic(healthyFraction: 0.49))
        #expect(!PriorityLoad.inPanic(healthyFraction: 0.5))
        #expect(PriorityLoad.inPanic(healthyFraction: 0.7, threshold: 0.8))
        #expect(!PriorityLoad.inPanic(healthyFraction: 0, threshold: 0))
        // P0 30% (health 42) + P1 100%: total ≥ 100, so P0 is not in panic.
        #expect(!PriorityLoad.inPanic(tier: 0, healthyFractions: [0.3, 1.0]))
        // Both 30%: total 84 < 100, both below 50% → both in panic.
        #expect(PriorityLoad.inPanic(tier: 0, healthyFractions: [0.3, 0.3]))
        #expect(PriorityLoad.inPanic(tier: 1, healthyFractions: [0.3, 0.3]))
        #expect(!PriorityLoad.inPanic(tier: 0, healthyFractions: [0.6, 0.3]))
    }

    /// Envoy's `choosePriority`: the draw lands in the first tier whose cumulative load exceeds
    /// it; tiers with no share are never chosen; a seeded stream of draws follows the shares.
    @Test func test_tierForUnitDraw() {
        let shares = [0.7, 0.3]
        #expect(PriorityLoad.tier(for: 0, shares: shares) == 0)
        #expect(PriorityLoad.tier(for: 0.6999, shares: shares) == 0)
        #expect(PriorityLoad.tier(for: 0.7, shares: shares) == 1)
        #expect(PriorityLoad.tier(for: 0.99999, shares: shares) == 1)
        #expect(PriorityLoad.tier(for: 0, shares: [0, 1]) == 1)
        #expect(PriorityLoad.tier(for: 0.9999999, shares: [0.35, 0.35, 0.3, 0]) == 2)
        #expect(PriorityLoad.tier(for: 0.5, shares: [0, 0]) == 0)
        var rng = SeededGenerator(seed: 21, stream: "priority-draws")
        var counts = [0, 0, 0]
        let three = PriorityLoad.shares(healthyFractions: [0.25, 0.25, 1.0])
        for _ in 0..<100_000 { counts[PriorityLoad.tier(for: rng.nextUnit(), shares: three)] += 1 }
        for tier in 0..<3 {
            let sigma = (100_000 * three[tier] * (1 - three[tier])).squareRoot()
            #expect(abs(Double(counts[tier]) - 100_000 * three[tier]) <= 4 * sigma, "\(counts)")
        }
    }

    /// Determinism: pure functions, the same inputs give the same outputs.
    @Test func test_sameInputsSameShares() {
        let fractions = [0.33, 0.5, 0.9]
        #expect(PriorityLoad.shares(healthyFractions: fractions) == PriorityLoad.shares(healthyFractions: fractions))
    }
}
