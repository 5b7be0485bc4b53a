/// A route's clusters in Envoy's priority levels, with the health the route has seen of each
/// cluster: which tier a request goes to, and whether that tier is in panic.
///
/// - Tiers and their shares: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/priority
///   (`PriorityLoad.shares`: a tier's health is its healthy fraction × the overprovisioning
///   factor, capped at 100; traffic spills to the next tier as health drops). Panic:
///   https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold
///   (`PriorityLoad.inPanic(tier:…)`: below the threshold, unless the tiers together are at 100).
///   With no health anywhere every tier is in panic and the load follows cluster counts
///   (`PriorityLoad.totalPanicShares`).
/// - Health: Envoy takes host health from active health checks and outlier ejection. A route here
///   only sees its clusters through their breakers' `admit`, so a cluster is unhealthy from the
///   moment its breaker refuses an admission until it admits one again. A position nobody asks
///   would stay unhealthy for ever (a breaker that opens lazily only moves when asked), so an
///   unhealthy mark lapses after `recheckInterval` of virtual time, the lab's health-check
///   interval: the position counts as healthy again and the next request that prefers it asks.
/// - Cheap: tiers are bit masks over the route's positions (at most 64); shares and panic flags
///   are recomputed only when a position's health changes.
struct PriorityTiers {
    /// How long an unhealthy mark lasts without a new refusal (1 s of virtual time).
    static let recheckInterval: Int64 = 1_000_000_000

    /// The positions of each tier, highest priority (0) first.
    let masks: [UInt64]
    let overprovisioning: Double
    /// A fraction: 0.5 for Envoy's default 50%.
    let panicThreshold: Double
    /// Positions whose breaker refused the last admission asked of it.
    private(set) var unhealthy: UInt64 = 0
    /// When each position was last refused (meaningful while it is unhealthy).
    private var refusedAt: [Int64]
    /// The earliest instant an unhealthy mark lapses.
    private var nextLapse = Int64.max
    private var stale = true
    private(set) var shares: [Double]
    private(set) var panic: [Bool]

    var count: Int { masks.count }

    /// `priorities[position]` is the position's tier; levels are 0...n-1 without gaps (validated).
    init(priorities: [Int], overprovisioning: Double, panicThreshold: Double) {
        let levels = (priorities.max() ?? 0) + 1
        var masks = [UInt64](repeating: 0, count: levels)
        for (position, tier) in priorities.enumerated() { masks[tier] |= 1 << UInt64(position) }
        self.masks = masks
        self.overprovisioning = overprovisioning
        self.panicThreshold = panicThreshold
        refusedAt = Array(repeating: 0, count: priorities.count)
        shares = Array(repeating: 0, count: levels)
        panic = Array(repeating: false, count: levels)
    }

    /// Lapses old unhealthy marks and brings shares and panic flags up to date.
    @inline(__always)
    mutating func refresh(now: Int64) {
        if now >= nextLapse { lapse(now: now) }
        if stale { recompute() }
    }

    /// What the route saw when it asked `position`'s breaker.
    @inline(__always)
    mutating func observe(_ position: Int, admitted: Bool, now: Int64) {
        let bit: UInt64 = 1 << UInt64(position)
        if admitted {
            if unhealthy & bit != 0 { unhealthy &= ~bit; stale = true }
        } else {
            refusedAt[position] = now
            nextLapse = min(nextLapse, now + Self.recheckInterval)
            if unhealthy & bit == 0 { unhealthy |= bit; stale = true }
        }
    }

    /// The tier a unit draw in [0, 1) lands in under the current shares.
    @inline(__always)
    func tier(for unit: Double) -> Int { masks.count == 1 ? 0 : PriorityLoad.tier(for: unit, shares: shares) }

    /// The positions a pick in `tier` leaves out: other tiers', and unhealthy ones unless in panic.
    @inline(__always)
    func excluded(outside tier: Int) -> UInt64 { ~masks[tier] | (panic[tier] ? 0 : unhealthy) }

    private mutating func lapse(now: Int64) {
        nextLapse = .max
        var marks = unhealthy
        while marks != 0 {
            let position = marks.trailingZeroBitCount
            marks &= marks - 1
            let due = refusedAt[position] + Self.recheckInterval
            if due <= now {
                unhealthy &= ~(1 << UInt64(position))
                stale = true
            } else {
                nextLapse = min(nextLapse, due)
            }
        }
    }

    private mutating func recompute() {
        stale = false
        let fractions = masks.map { mask -> Double in
            let total = mask.nonzeroBitCount
            return total == 0 ? 0 : Double((mask & ~unhealthy).nonzeroBitCount) / Double(total)
        }
        let healthShares = PriorityLoad.shares(healthyFractions: fractions, overprovisioning: overprovisioning)
        if healthShares.allSatisfy({ $0 == 0 }) {
            shares = PriorityLoad.totalPanicShares(hostCounts: masks.map(\.nonzeroBitCount))
            panic = Array(repeating: true, count: masks.count)
        } else {
            shares = healthShares
            panic = masks.indices.map {
                PriorityLoad.inPanic(tier: $0, healthyFractions: fractions, threshold: panicThreshold, overprovisioning: overprovisioning)
            }
        }
    }
}
