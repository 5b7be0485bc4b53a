import Scenarios

/// Envoy's outlier detection for one cluster of `backends` backends, as a value driven by explicit
/// virtual instants, plus the latency rule Envoy lacks (envoyproxy/envoy#288).
///
/// Sources: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier and
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto.
///
/// - `record` takes every finished attempt. Consecutive 5xx and consecutive gateway failure are
///   counted per backend (`ConsecutiveFailureRule`); with `consecutiveTiming` `.immediate` (Envoy:
///   "ejection ... runs inline (for example in the case of consecutive 5xx)") the attempt that reaches
///   the threshold ejects at once; with `.atInterval` the detection waits for the next `tick`.
///   A detection on a backend already ejected is ignored.
/// - `tick` runs every `interval` (Envoy's interval timer), in Envoy's order (`onIntervalTimer`: each
///   host's `checkHostForUneject` first, then `processSuccessRateEjections`): backends whose ejection
///   time has passed return, and the multiplier of backends not ejected that stayed healthy decays;
///   (`.atInterval`: latched consecutive detections eject); success rate, failure percentage, then
///   latency judge the interval just ended; the interval's counts start afresh. A backend a rule
///   ejects at the sweep has had its decrement first, as in Envoy.
/// - Every ejection, whatever the rule, passes `max_ejection_percent` first (`EjectionLedger`), then
///   its rule's `enforcing_*` chance (`Enforcement`: 0 and 100 need no draw).
///
/// `record` is O(1) and does not allocate; `isEjected` is O(1). `tick` is O(backends) plus, with the
/// latency rule, the touched range of each backend's histogram.
public struct OutlierDetector: Sendable {
    public let spec: OutlierSpec
    private var consecutive: ConsecutiveFailureRule
    private var counts: IntervalCounts
    private var latencies: IntervalLatencyHistograms?
    private var ledger: EjectionLedger
    /// `.atInterval`: per backend, the consecutive detections waiting for the next sweep.
    private var pending: [ConsecutiveFailureRule.Detection]
    /// The enforcement draws' source (readable by tests: 0% and 100% must leave it untouched).
    private(set) var generator: SeededGenerator
    /// Outliers not ejected because `max_ejection_percent` was reached (Envoy's `ejections_overflow`).
    public private(set) var overflows = 0

    /// A detector with no backend ejected; enforcement draws come from `generator`.
    public init(spec: OutlierSpec, backends: Int, generator: SeededGenerator) {
        self.spec = spec
        consecutive = ConsecutiveFailureRule(backends: backends, consecutive5xx: spec.consecutive5xx,
                                             consecutiveGatewayFailure: spec.consecutiveGatewayFailure)
        counts = IntervalCounts(backends: backends)
        latencies = spec.latency == nil ? nil : IntervalLatencyHistograms(backends: backends)
        ledger = EjectionLedger(backends: backends, spec: spec)
        pending = spec.consecutiveTiming == .atInterval ? Array(repeating: .init(), count: backends) : []
        self.generator = generator
    }

    public var backends: Int { ledger.backends }
    /// Backends ejected now.
    public var ejectedCount: Int { ledger.ejectedCount }

    @inline(__always)
    public func isEjected(_ backend: Int) -> Bool { ledger.ejected[backend] }
    /// The backend's ejections so far (Envoy's `num_ejections`; never decreases).
    public func ejections(_ backend: Int) -> Int { Int(ledger.ejections[backend]) }
    /// When the backend's current ejection ends; nil when it is not ejected.
    public func ejectedUntil(_ backend: Int) -> Int64? { ledger.ejected[backend] ? ledger.until[backend] : nil }
    /// The backend's ejection-time multiplier: its next ejection lasts base × (this + 1), capped.
    public func ejectionMultiplier(_ backend: Int) -> Int { Int(ledger.multiplier[backend]) }
    /// The backend's current consecutive count for `.consecutive5xx` or `.consecutiveGatewayFailure`.
    public func consecutiveCount(_ reason: EjectionReason, backend: Int) -> Int { consecutive.count(reason, backend: backend) }

    /// Takes one finished attempt of `backend` at `now`: `status` its answer's status, `gatewayFailure`
    /// true for a local-origin failure (reset, timeout), `latency` from send to answer. A success is
    /// status < 500 and not a gateway failure. Returns the ejection it caused, if any (only with
    /// `.immediate` timing).
    @inline(__always)
    public mutating func record(backend: Int, status: Int, gatewayFailure: Bool, latency: Int64, now: Int64) -> Ejection? {
        let failed = ConsecutiveFailureRule.isFailure(status: status, gatewayFailure: gatewayFailure)
        counts.record(backend: backend, success: !failed)
        latencies?.record(backend: backend, latency: latency)
        let detection = consecutive.record(backend: backend, status: status, gatewayFailure: gatewayFailure)
        guard failed, detection.any, !ledger.ejected[backend] else { return nil }
        if spec.consecutiveTiming == .atInterval {
            latch(detection, backend: backend)
            return nil
        }
        return handle(detection, backend: backend, now: now)
    }

    /// Envoy's order for one answer: the gateway detection first, then the 5xx one (skipped if the
    /// first ejected). Each handled detection resets its counter, enforced or not.
    private mutating func handle(_ detection: ConsecutiveFailureRule.Detection, backend: Int, now: Int64) -> Ejection? {
        var ejection: Ejection?
        if detection.gatewayFailure {
            ejection = tryEject(backend, .consecutiveGatewayFailure, now: now)
            consecutive.reset(.consecutiveGatewayFailure, backend: backend)
        }
        if detection.fiveXX, ejection == nil {
            ejection = tryEject(backend, .consecutive5xx, now: now)
            consecutive.reset(.consecutive5xx, backend: backend)
        }
        return ejection
    }

    /// `.atInterval`: remembers the detection for the next sweep; the counter resets as in Envoy.
    private mutating func latch(_ detection: ConsecutiveFailureRule.Detection, backend: Int) {
        if detection.gatewayFailure {
            pending[backend].gatewayFailure = true
            consecutive.reset(.consecutiveGatewayFailure, backend: backend)
        }
        if detection.fiveXX {
            pending[backend].fiveXX = true
            consecutive.reset(.consecutive5xx, backend: backend)
        }
    }

    /// Envoy's `ejectHost`: the `max_ejection_percent` budget, then the enforcement draw.
    private mutating func tryEject(_ backend: Int, _ reason: EjectionReason, now: Int64) -> Ejection? {
        guard ledger.allowsAnother else {
            overflows += 1
            return nil
        }
        guard Enforcement.enforced(enforcing(reason), &generator) else { return nil }
        let (count, until) = ledger.eject(backend, now: now)
        return Ejection(backend: backend, reason: reason, ejections: count, until: until)
    }

    private func enforcing(_ reason: EjectionReason) -> Int {
        switch reason {
        case .consecutive5xx: return spec.enforcingConsecutive5xx
        case .consecutiveGatewayFailure: return spec.enforcingConsecutiveGatewayFailure
        case .successRate: return spec.enforcingSuccessRate
        case .failurePercentage: return spec.enforcingFailurePercentage
        case .latency: return spec.latency?.enforcing ?? 0
        }
    }

    /// The interval sweep at `now` (call it every `spec.interval`). Returns what changed, in order:
    /// returns first (lowest backend first), then ejections rule by rule.
    public mutating func tick(now: Int64) -> [OutlierEvent] {
        var events: [OutlierEvent] = []
        for b in 0..<backends where ledger.isDue(b, now: now) {
            ledger.restore(b, now: now)
            consecutive.clear(backend: b)
            if !pending.isEmpty { pending[b] = .init() }
            events.append(.returned(backend: b))
        }
        ledger.decay(now: now, interval: spec.interval)
        if !pending.isEmpty {
            for b in 0..<backends where pending[b].any {
                let detection = pending[b]
                pending[b] = .init()
                if ledger.ejected[b] { continue }
                if let ejection = handle(detection, backend: b, now: now) { events.append(ejection.event) }
            }
        }
        // Every rule judges the same interval against the backends not ejected at the sweep's start;
        // a backend ejected by an earlier rule is skipped by the later ones.
        let successRate = SuccessRateRule.outliers(counts, ledger: ledger, spec: spec)
        let failurePercentage = FailurePercentageRule.outliers(counts, ledger: ledger, spec: spec)
        var latency: [Int] = []
        if let rule = spec.latency, let histograms = latencies {
            latency = LatencyRule.outliers(histograms, ledger: ledger, rule: rule)
        }
        ejectAll(successRate, .successRate, now: now, into: &events)
        ejectAll(failurePercentage, .failurePercentage, now: now, into: &events)
        ejectAll(latency, .latency, now: now, into: &events)
        counts.clear()
        latencies?.clear()
        return events
    }

    private mutating func ejectAll(_ outliers: [Int], _ reason: EjectionReason, now: Int64, into events: inout [OutlierEvent]) {
        for b in outliers where !ledger.ejected[b] {
            if let ejection = tryEject(b, reason, now: now) { events.append(ejection.event) }
        }
    }
}
