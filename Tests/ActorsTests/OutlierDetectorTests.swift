import Testing
@testable import Actors
import Scenarios

/// Envoy's outlier detection, rule by rule, on virtual time
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier). This file: the
/// consecutive rules, ejection time, return and the ejection budget; OutlierDetectorRateTests.swift:
/// success rate, failure percentage, latency, enforcement and determinism.
@Suite struct OutlierDetectorTests {
    static let second: Int64 = 1_000_000_000
    static let ms: Int64 = 1_000_000
    let second = Self.second

    // MARK: consecutive 5xx

    /// Envoy: "If an upstream host returns some number of errors which are treated as consecutive 5xx
    /// type errors, it will be ejected", inline: the 5th 500 in a row ejects at that instant.
    @Test func test_consecutive5xx_ejectsInlineOnTheNthFailureInARow() {
        var rig = OutlierRig()
        rig.now = 3 * second
        for _ in 0..<4 { #expect(rig.answer(0, 500) == nil) }
        #expect(!rig.detector.isEjected(0))
        let ejection = rig.answer(0, 500)
        #expect(ejection == Ejection(backend: 0, reason: .consecutive5xx, ejections: 1, until: 33 * second))
        #expect(rig.detector.isEjected(0) && rig.detector.ejectedCount == 1 && rig.detector.ejections(0) == 1)
    }

    /// Envoy `putHttpResponseCode`: any non-5xx answer clears the consecutive counters.
    @Test func test_consecutive5xx_aSuccessResetsTheCount() {
        var rig = OutlierRig()
        for _ in 0..<4 { rig.answer(0, 500) }
        rig.answer(0, 200)
        #expect(rig.detector.consecutiveCount(.consecutive5xx, backend: 0) == 0)
        for _ in 0..<4 { #expect(rig.answer(0, 503) == nil) }
        rig.answer(0, 404)  // 4xx is a success for outlier detection
        for _ in 0..<4 { #expect(rig.answer(0, 500) == nil) }
        #expect(!rig.detector.isEjected(0))
        #expect(rig.answer(0, 500)?.reason == .consecutive5xx)
    }

    /// The counts are per backend: failures spread over backends never add up.
    @Test func test_consecutive5xx_countsPerBackend() {
        var rig = OutlierRig(OutlierSpec(maxEjectionPercent: 20))
        var ejectedAt: [Int] = []
        for i in 0..<10 where rig.answer(i % 3, 500) != nil { ejectedAt.append(i) }
        #expect(ejectedAt == [], "no backend has 5 in a row after 10 answers over 3 backends")
        for i in 10..<15 where rig.answer(i % 3, 500) != nil { ejectedAt.append(i) }
        #expect(ejectedAt == [12, 13], "backends 0 and 1 reach 5 at answers 12 and 13")
        #expect(rig.detector.overflows == 1, "backend 2 reaches 5 at answer 14, past the budget (20% of 10)")
        #expect(rig.detector.consecutiveCount(.consecutive5xx, backend: 2) == 0, "a handled detection resets, ejected or not")
    }

    /// Local-origin failures (reset, timeout) count as 5xx in Envoy's default (unsplit) mode.
    @Test func test_consecutive5xx_localOriginFailuresCount() {
        var rig = OutlierRig()
        for _ in 0..<4 { rig.answer(0, 0, gateway: true) }
        #expect(rig.answer(0, 0, gateway: true)?.reason == .consecutive5xx,
                "gateway enforcement defaults to 0, so the 5xx rule ejects")
    }

    /// A detection on a backend already ejected is ignored (Envoy `onConsecutiveErrorWorker`), and
    /// returning clears the counters ("to avoid re-ejection on very few new errors").
    @Test func test_consecutive5xx_ejectedBackendIgnoresDetectionsAndReturnsWithClearCounts() {
        var rig = OutlierRig()
        for _ in 0..<5 { rig.answer(0, 500) }
        for _ in 0..<12 { #expect(rig.answer(0, 500) == nil, "late answers of an ejected backend") }
        #expect(rig.detector.ejections(0) == 1)
        #expect(rig.tick(at: 30 * second) == [.returned(backend: 0)])
        #expect(rig.detector.consecutiveCount(.consecutive5xx, backend: 0) == 0)
        for _ in 0..<4 { #expect(rig.answer(0, 500) == nil) }
        #expect(rig.answer(0, 500) != nil)
    }

    /// The lab's alternative timing (`.atInterval`): the detection is latched and the backend is
    /// ejected at the next sweep, not before; its ejection time counts from the sweep.
    @Test func test_consecutive5xx_atIntervalTimingEjectsAtTheNextSweepNotBefore() {
        var rig = OutlierRig(OutlierSpec(consecutiveTiming: .atInterval))
        rig.now = 2 * second
        for _ in 0..<5 { #expect(rig.answer(0, 500) == nil) }
        rig.answer(0, 200)  // a later success does not undo the detection
        #expect(!rig.detector.isEjected(0))
        #expect(rig.tick(at: 10 * second) == [.ejected(backend: 0, reason: .consecutive5xx, ejections: 1, until: 40 * second)])
        #expect(rig.detector.isEjected(0))
        #expect(rig.tick(at: 20 * second) == [], "a latched detection ejects once")
    }

    // MARK: consecutive gateway failure

    /// Envoy: gateway errors are "502, 503 or 504 status code" and local origin failures; another 5xx
    /// breaks the streak (it clears the gateway counter but adds to the 5xx one).
    @Test func test_consecutiveGatewayFailure_countsOnly502_503_504AndLocalOriginFailures() {
        var rig = OutlierRig(OutlierSpec(consecutive5xx: 0, enforcingConsecutiveGatewayFailure: 100))
        for status in [502, 503, 504, 0] {
            #expect(rig.answer(0, status, gateway: status == 0) == nil)
        }
        rig.answer(0, 500)
        #expect(rig.detector.consecutiveCount(.consecutiveGatewayFailure, backend: 0) == 0)
        for _ in 0..<30 { #expect(rig.answer(0, 500) == nil, "500 and 501 are not gateway failures") }
        for _ in 0..<30 { #expect(rig.answer(0, 501) == nil) }
        for status in [502, 503, 504, 502] { #expect(rig.answer(0, status) == nil) }
        #expect(rig.answer(0, 0, gateway: true)?.reason == .consecutiveGatewayFailure)
    }

    /// Envoy default `enforcing_consecutive_gateway_failure` 0: the rule detects but never ejects; the
    /// same 503s still eject through consecutive 5xx (checked after the gateway rule).
    @Test func test_consecutiveGatewayFailure_defaultEnforcementZeroLeavesItToThe5xxRule() {
        var rig = OutlierRig()
        for _ in 0..<4 { rig.answer(0, 503) }
        #expect(rig.answer(0, 503)?.reason == .consecutive5xx)

        var off = OutlierRig(OutlierSpec(enforcingConsecutive5xx: 0))
        for _ in 0..<100 { #expect(off.answer(0, 503) == nil) }
        #expect(off.detector.ejectedCount == 0)
    }

    /// When both rules detect on the same answer and the gateway rule ejects, the reason is the
    /// gateway failure (Envoy checks it first; the 5xx detection then finds the host ejected).
    @Test func test_consecutiveGatewayFailure_winsOverThe5xxRuleOnTheSameAnswer() {
        var rig = OutlierRig(OutlierSpec(enforcingConsecutiveGatewayFailure: 100))
        for _ in 0..<4 { rig.answer(0, 504) }
        #expect(rig.answer(0, 504)?.reason == .consecutiveGatewayFailure)
    }

    // MARK: ejection time and return

    /// Envoy: the ejection lasts base_ejection_time "multiplied by the number of times the host has
    /// been ejected in a row"; "When ejection time reaches outlier_detection.max_ejection_time it does
    /// not increase any more". Here base 30 s, max 70 s: 30, 60, 70, 70.
    @Test func test_ejectionTime_growsAsBaseTimesNAndIsCappedByMaxEjectionTime() {
        var rig = OutlierRig(OutlierSpec(maxEjectionTime: 70 * second))
        var durations: [Int64] = []
        for _ in 0..<5 {
            rig.now += 1
            for _ in 0..<4 { rig.answer(0, 500) }
            let ejection = rig.answer(0, 500)!
            durations.append(ejection.until - rig.now)
            rig.now = ((ejection.until + 10 * second - 1) / (10 * second)) * 10 * second  // the next sweep
            #expect(rig.tick(at: rig.now) == [.returned(backend: 0)])
        }
        #expect(durations == [30, 60, 70, 70, 70].map { $0 * second })
        #expect(rig.detector.ejections(0) == 5)
    }

    /// The cap is never below base_ejection_time (Envoy: the default max or base, "whatever is larger").
    @Test func test_ejectionTime_capIsAtLeastTheBaseTime() {
        var rig = OutlierRig(OutlierSpec(baseEjectionTime: 40 * second, maxEjectionTime: 10 * second))
        for _ in 0..<5 { rig.answer(0, 500) }
        #expect(rig.detector.ejectedUntil(0) == 40 * second)
    }

    /// Envoy returns hosts only at the interval timer: "An ejected host will automatically be brought
    /// back into service after the ejection time has been satisfied", checked at each sweep.
    @Test func test_return_happensAtTheFirstSweepAtOrAfterTheEjectionEnds() {
        var rig = OutlierRig()
        rig.now = 1 * second
        for _ in 0..<5 { rig.answer(0, 500) }  // until 31 s
        for t in [10, 20, 30] as [Int64] {
            #expect(rig.tick(at: t * second) == [])
            #expect(rig.detector.isEjected(0), "still ejected at \(t) s")
        }
        #expect(rig.tick(at: 40 * second) == [.returned(backend: 0)])
        #expect(!rig.detector.isEjected(0) && rig.detector.ejectedCount == 0)

        var exact = OutlierRig()
        for _ in 0..<5 { exact.answer(0, 500) }  // at 0, until 30 s
        #expect(exact.tick(at: 30 * second) == [.returned(backend: 0)], "a sweep at the very instant returns it")
    }

    /// Envoy: "If the host is healthy during that check, the ejection time multiplier is decremented":
    /// each sweep a returned backend stays healthy (from one interval after its return) takes one off.
    @Test func test_multiplier_decaysByOneAtEachHealthySweep() {
        var rig = OutlierRig()
        for round in 0..<3 {
            for _ in 0..<5 { rig.answer(0, 500) }
            #expect(rig.detector.ejectionMultiplier(0) == round + 1)
            rig.now = rig.detector.ejectedUntil(0)!
            #expect(rig.tick(at: rig.now) == [.returned(backend: 0)])
        }
        #expect(rig.detector.ejectionMultiplier(0) == 3, "no decrement at the sweep that returned it")
        rig.tick(at: rig.now + 10 * second)
        #expect(rig.detector.ejectionMultiplier(0) == 2)
        rig.tick(at: rig.now + 20 * second)
        rig.tick(at: rig.now + 30 * second)
        rig.tick(at: rig.now + 40 * second)
        #expect(rig.detector.ejectionMultiplier(0) == 0, "never below zero")
        rig.now += 40 * second
        #expect(rig.answer0Five()?.until == rig.now + 30 * second, "back to the base time")
    }

    /// The multiplier does not decay while the backend is ejected, nor for a backend never ejected.
    @Test func test_multiplier_doesNotDecayWhileEjected() {
        var rig = OutlierRig(OutlierSpec(baseEjectionTime: 100 * second))
        for _ in 0..<5 { rig.answer(0, 500) }
        for t in 1...9 { rig.tick(at: Int64(t) * 10 * second) }
        #expect(rig.detector.ejectionMultiplier(0) == 1 && rig.detector.isEjected(0))
        #expect(rig.detector.ejectionMultiplier(1) == 0)
    }

    // MARK: max_ejection_percent

    /// Envoy: "If the number of ejected hosts is above the threshold, the host is not ejected", counting
    /// the host about to be ejected: 10 backends at 20% never have more than 2 ejected.
    @Test func test_maxEjectionPercent_tenBackendsAtTwentyPercentNeverEjectMoreThanTwo() {
        var rig = OutlierRig(OutlierSpec(maxEjectionPercent: 20))
        for b in 0..<10 { for _ in 0..<5 { rig.answer(b, 500) } }
        #expect(rig.detector.ejectedCount == 2)
        #expect((0..<10).filter(rig.detector.isEjected) == [0, 1])
        #expect(rig.detector.overflows == 8)
    }

    /// Envoy default 10% with fewer than 10 backends ejects nothing ("Defaults to 10% . Will eject at
    /// least one host regardless of the value if always_eject_one_host is enabled").
    @Test func test_maxEjectionPercent_defaultEjectsNothingBelowTenBackendsUnlessAlwaysEjectOneHost() {
        var small = OutlierRig(backends: 9)
        for _ in 0..<5 { small.answer(0, 500) }
        #expect(small.detector.ejectedCount == 0 && small.detector.overflows == 1)

        var one = OutlierRig(OutlierSpec(alwaysEjectOneHost: true), backends: 3)
        for b in 0..<3 { for _ in 0..<5 { one.answer(b, 500) } }
        #expect(one.detector.ejectedCount == 1, "one host regardless, but only one")
    }

    /// A seeded property: whatever the answers, sweeps and budget, the ejected share never passes
    /// max_ejection_percent, ejectedCount agrees with isEjected, and each return follows an ejection.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func test_maxEjectionPercent_holdsUnderSeededTraffic(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "outlier-property")
        let backends = 2 + random.nextIndex(below: 14)
        let percent = random.nextIndex(below: 101)
        let spec = OutlierSpec(consecutive5xx: 1 + random.nextIndex(below: 4), enforcingConsecutiveGatewayFailure: 50,
                               baseEjectionTime: Int64(1 + random.nextIndex(below: 30)) * second,
                               maxEjectionPercent: percent, successRateMinimumHosts: 2, successRateRequestVolume: 5,
                               failurePercentageMinimumHosts: 2, failurePercentageRequestVolume: 5,
                               enforcingFailurePercentage: 100, latency: LatencyEjectionSpec(minimumRequests: 5, minimumHosts: 2))
        var rig = OutlierRig(spec, backends: backends, seed: seed)
        var ejectedNow = Set<Int>()
        for step in 0..<5_000 {
            rig.now += Int64(random.nextIndex(below: 20)) * Self.ms
            let b = random.nextIndex(below: backends)
            let bad = b % 3 == 0
            let status = random.nextIndex(below: 10) < (bad ? 7 : 1) ? [500, 502, 503, 504][random.nextIndex(below: 4)] : 200
            if let e = rig.answer(b, status, gateway: random.nextIndex(below: 20) == 0, latency: Int64(1 + random.nextIndex(below: bad ? 400 : 40)) * Self.ms) {
                #expect(ejectedNow.insert(e.backend).inserted)
            }
            if step % 50 == 49 {
                for event in rig.tick(at: rig.now) {
                    switch event {
                    case .ejected(let backend, _, _, _): #expect(ejectedNow.insert(backend).inserted)
                    case .returned(let backend): #expect(ejectedNow.remove(backend) != nil)
                    }
                }
            }
            let count = rig.detector.ejectedCount
            #expect(count == ejectedNow.count && count == (0..<backends).filter(rig.detector.isEjected).count)
            #expect(100 * count <= percent * backends, "seed \(seed): \(count) of \(backends) at \(percent)%")
        }
        let total = (0..<backends).map(rig.detector.ejections).reduce(0, +)
        #expect(percent * backends < 100 || total > 0, "the traffic did eject when the budget allowed")
    }
}

/// Drives one detector on virtual time.
struct OutlierRig {
    var detector: OutlierDetector
    var now: Int64 = 0

    init(_ spec: OutlierSpec = OutlierSpec(), backends: Int = 10, seed: UInt64 = 1) {
        detector = OutlierDetector(spec: spec, backends: backends, generator: SeededGenerator(seed: seed, stream: "outlier"))
    }

    @discardableResult
    mutating func answer(_ backend: Int, _ status: Int, gateway: Bool = false, latency: Int64 = 10 * OutlierDetectorTests.ms) -> Ejection? {
        detector.record(backend: backend, status: status, gatewayFailure: gateway, latency: latency, now: now)
    }

    /// Five 500s on backend 0 at `now`: the last one's ejection, if any.
    mutating func answer0Five() -> Ejection? {
        for _ in 0..<4 { answer(0, 500) }
        return answer(0, 500)
    }

    /// `requests` answers of `backend`, the first `failures` of them 500, each taking `latency`.
    mutating func serve(_ backend: Int, requests: Int, failures: Int = 0, latency: Int64 = 10 * OutlierDetectorTests.ms) {
        for i in 0..<requests { answer(backend, i < failures ? 500 : 200, latency: latency) }
    }

    @discardableResult
    mutating func tick(at time: Int64) -> [OutlierEvent] {
        now = time
        return detector.tick(now: time)
    }
}
