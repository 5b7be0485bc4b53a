import Scenarios

/// Which backends are ejected, until when, and the ejection-time multiplier of each, following Envoy's
/// ejection algorithm (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier,
/// "Ejection algorithm"):
///
/// - Budget: an ejection happens only if the ejected share, counting the backend about to go,
///   stays within `max_ejection_percent` (100 × (ejected + 1) / backends ≤ max; Envoy checks "the
///   number of ejected hosts is below the allowed threshold" this way since envoy#27909), or, with
///   `always_eject_one_host`, when no backend is ejected yet.
/// - Duration: `base_ejection_time` × the multiplier, capped at `max_ejection_time` ("When ejection
///   time reaches outlier_detection.max_ejection_time it does not increase any more"). Each ejection
///   raises the multiplier by one while base × multiplier < max + base (Envoy's `ejectTimeBackoff`),
///   so the first ejection lasts base, the n-th in a row base × n, until the cap.
/// - Decay: "If the host is healthy during that check, the ejection time multiplier is decremented":
///   at each interval sweep, before the sweep's ejections, a backend not ejected that returned at
///   least one interval ago loses one from its multiplier (never below 0).
/// - Return: at the first interval sweep at or after the ejection's end; returning clears the
///   consecutive counters (the detector's job).
///
/// `ejections` (Envoy's `num_ejections`) only grows; it is what events report. All lookups are O(1).
struct EjectionLedger: Sendable {
    private(set) var ejected: [Bool]
    private(set) var until: [Int64]
    private(set) var multiplier: [Int32]
    private(set) var ejections: [Int32]
    /// When each backend last returned; `never` before its first return.
    private var lastReturn: [Int64]
    private(set) var ejectedCount = 0
    static let never = Int64.min

    let base: Int64
    let cap: Int64
    let maxPercent: Int
    let alwaysEjectOne: Bool

    init(backends: Int, spec: OutlierSpec) {
        ejected = Array(repeating: false, count: backends)
        until = Array(repeating: 0, count: backends)
        multiplier = Array(repeating: 0, count: backends)
        ejections = Array(repeating: 0, count: backends)
        lastReturn = Array(repeating: Self.never, count: backends)
        base = spec.baseEjectionTime
        cap = spec.effectiveMaxEjectionTime
        maxPercent = min(100, max(0, spec.maxEjectionPercent))
        alwaysEjectOne = spec.alwaysEjectOneHost
    }

    var backends: Int { ejected.count }

    /// Whether one more ejection fits `max_ejection_percent` (or `always_eject_one_host`).
    var allowsAnother: Bool {
        if alwaysEjectOne && ejectedCount == 0 { return true }
        return 100 * (ejectedCount + 1) <= maxPercent * backends
    }

    /// Ejects `backend` at `now`; returns its ejection count and when the ejection ends.
    mutating func eject(_ backend: Int, now: Int64) -> (ejections: Int, until: Int64) {
        ejected[backend] = true
        ejectedCount += 1
        ejections[backend] += 1
        if Int64(multiplier[backend]) * base < cap + base { multiplier[backend] += 1 }
        let (product, overflow) = Int64(multiplier[backend]).multipliedReportingOverflow(by: base)
        let end = now &+ (overflow ? cap : min(product, cap))
        until[backend] = end
        return (Int(ejections[backend]), end)
    }

    /// Whether `backend`'s ejection time has passed at `now`.
    @inline(__always)
    func isDue(_ backend: Int, now: Int64) -> Bool { ejected[backend] && now >= until[backend] }

    mutating func restore(_ backend: Int, now: Int64) {
        ejected[backend] = false
        ejectedCount -= 1
        lastReturn[backend] = now
    }

    /// The interval sweep's decay of the multiplier of backends that stayed healthy.
    mutating func decay(now: Int64, interval: Int64) {
        for b in ejected.indices where !ejected[b] && multiplier[b] > 0 {
            if lastReturn[b] != Self.never && now - lastReturn[b] >= interval { multiplier[b] -= 1 }
        }
    }
}
