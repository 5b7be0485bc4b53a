import Testing
@testable import Actors
import Scenarios

/// Envoy's interval rules (success rate, failure percentage), the latency rule of envoy#288, the
/// enforcing percentages and determinism; part of `OutlierDetectorTests`.
extension OutlierDetectorTests {
    /// Sweeps without consecutive detection (consecutive5xx 0 never detects) and no budget limit.
    static func intervalSpec(_ spec: (inout OutlierSpec) -> Void = { _ in }) -> OutlierSpec {
        var s = OutlierSpec(consecutive5xx: 0, consecutiveGatewayFailure: 0, maxEjectionPercent: 100)
        spec(&s)
        return s
    }

    // MARK: success rate

    /// Envoy's own example (`successRateEjectionThreshold`): rates {50, 100, 100, 100, 100} give mean 90,
    /// stdev 20 and threshold 90 − 1.9 × 20 = 52, so the 50% backend is ejected at the sweep.
    @Test func test_successRate_ejectsBelowMeanMinusStdevFactorTimesStdev() {
        var rig = OutlierRig(Self.intervalSpec(), backends: 5)
        rig.serve(0, requests: 100, failures: 50)
        for b in 1..<5 { rig.serve(b, requests: 100) }
        #expect(!rig.detector.isEjected(0), "not before the sweep")
        #expect(rig.tick(at: 10 * second) == [.ejected(backend: 0, reason: .successRate, ejections: 1, until: 40 * second)])
        #expect(SuccessRateRule.threshold(rates: [50, 100, 100, 100, 100], sum: 450, stdevFactor: 1.9) == 52)
    }

    /// Envoy: no success-rate detection "for a host if its request volume over the aggregation interval
    /// is less than" success_rate_request_volume, nor "for a cluster if the number of hosts with the
    /// minimum required request volume in an interval is less than" success_rate_minimum_hosts.
    @Test func test_successRate_needsRequestVolumeAndMinimumHosts() {
        var fewHosts = OutlierRig(Self.intervalSpec(), backends: 5)
        fewHosts.serve(0, requests: 100, failures: 50)
        for b in 1..<4 { fewHosts.serve(b, requests: 100) }
        fewHosts.serve(4, requests: 99)
        #expect(fewHosts.tick(at: 10 * second) == [], "4 hosts with volume, minimum 5")

        var lowVolume = OutlierRig(Self.intervalSpec(), backends: 6)
        lowVolume.serve(0, requests: 99, failures: 60)
        for b in 1..<6 { lowVolume.serve(b, requests: 100) }
        #expect(lowVolume.tick(at: 10 * second) == [], "the failing host is below the volume, the rest agree")
    }

    /// Each sweep judges only the interval just ended: the counts start afresh.
    @Test func test_successRate_judgesOneIntervalAtATime() {
        var rig = OutlierRig(Self.intervalSpec(), backends: 5)
        rig.serve(0, requests: 60, failures: 50)
        for b in 1..<5 { rig.serve(b, requests: 60) }
        #expect(rig.tick(at: 10 * second) == [], "60 < 100 requests each")
        rig.serve(0, requests: 60)
        for b in 1..<5 { rig.serve(b, requests: 60) }
        #expect(rig.tick(at: 20 * second) == [], "the first interval's failures do not carry over")
    }

    /// Identical rates (stdev 0) eject nothing: the threshold equals the mean and the test is "<".
    @Test func test_successRate_equalRatesEjectNothing() {
        var rig = OutlierRig(Self.intervalSpec(), backends: 5)
        for b in 0..<5 { rig.serve(b, requests: 100, failures: 30) }
        #expect(rig.tick(at: 10 * second) == [])
    }

    // MARK: failure percentage

    /// Envoy: "If the failure percentage of a given host is greater than or equal to this value, it will
    /// be ejected" (failure_percentage_threshold, default 85), once enforcing_failure_percentage is raised.
    @Test func test_failurePercentage_ejectsAtOrAboveTheThreshold() {
        let spec = Self.intervalSpec { $0.successRateMinimumHosts = 100; $0.enforcingFailurePercentage = 100 }
        var rig = OutlierRig(spec, backends: 5)
        rig.serve(0, requests: 100, failures: 85)
        rig.serve(1, requests: 100, failures: 84)
        for b in 2..<5 { rig.serve(b, requests: 100) }
        #expect(rig.tick(at: 10 * second) == [.ejected(backend: 0, reason: .failurePercentage, ejections: 1, until: 40 * second)])
    }

    /// Envoy default enforcing_failure_percentage 0: the rule never ejects.
    @Test func test_failurePercentage_defaultEnforcementZeroNeverEjects() {
        var rig = OutlierRig(Self.intervalSpec { $0.successRateMinimumHosts = 100 }, backends: 5)
        rig.serve(0, requests: 100, failures: 100)
        for b in 1..<5 { rig.serve(b, requests: 100) }
        #expect(rig.tick(at: 10 * second) == [])
    }

    /// failure_percentage_request_volume (50) and failure_percentage_minimum_hosts (5), as for success rate.
    @Test func test_failurePercentage_needsRequestVolumeAndMinimumHosts() {
        let spec = Self.intervalSpec { $0.successRateMinimumHosts = 100; $0.enforcingFailurePercentage = 100 }
        var fewHosts = OutlierRig(spec, backends: 5)
        fewHosts.serve(0, requests: 50, failures: 50)
        for b in 1..<4 { fewHosts.serve(b, requests: 50) }
        fewHosts.serve(4, requests: 49)
        #expect(fewHosts.tick(at: 10 * second) == [])

        var lowVolume = OutlierRig(spec, backends: 6)
        lowVolume.serve(0, requests: 49, failures: 49)
        for b in 1..<6 { lowVolume.serve(b, requests: 50) }
        #expect(lowVolume.tick(at: 10 * second) == [])
    }

    /// A backend both rules find is ejected once, by success rate (judged first).
    @Test func test_failurePercentage_skipsABackendSuccessRateEjected() {
        let spec = Self.intervalSpec { $0.enforcingFailurePercentage = 100 }
        var rig = OutlierRig(spec, backends: 5)
        rig.serve(0, requests: 100, failures: 90)
        for b in 1..<5 { rig.serve(b, requests: 100) }
        #expect(rig.tick(at: 10 * second) == [.ejected(backend: 0, reason: .successRate, ejections: 1, until: 40 * second)])
    }

    // MARK: latency (envoy#288)

    /// A backend whose p99 over the interval is above 3 × the median of the backends' p99 is ejected.
    @Test func test_latency_ejectsABackendWhoseQuantileExceedsFactorTimesTheMedian() {
        let spec = Self.intervalSpec { $0.latency = LatencyEjectionSpec() }
        var rig = OutlierRig(spec, backends: 5)
        rig.serve(0, requests: 20, latency: 50 * Self.ms)
        rig.serve(1, requests: 20, latency: 29 * Self.ms)
        for b in 2..<5 { rig.serve(b, requests: 20, latency: 10 * Self.ms) }
        #expect(rig.tick(at: 10 * second) == [.ejected(backend: 0, reason: .latency, ejections: 1, until: 40 * second)],
                "50 ms > 30 ms is ejected; 29 ms is not")
    }

    /// The p99 of 20 attempts is the slowest one: a single slow attempt among fast ones counts; and
    /// each sweep reads only the interval just ended (slow attempts of an earlier interval are gone).
    @Test func test_latency_theQuantileIsOverTheInterval() {
        let spec = Self.intervalSpec { $0.latency = LatencyEjectionSpec() }
        var rig = OutlierRig(spec, backends: 3)
        rig.serve(0, requests: 19, latency: 10 * Self.ms)
        rig.serve(0, requests: 1, latency: 100 * Self.ms)
        for b in 1..<3 { rig.serve(b, requests: 20, latency: 10 * Self.ms) }
        #expect(rig.tick(at: 10 * second).count == 1)

        var fresh = OutlierRig(spec, backends: 3)
        fresh.serve(0, requests: 10, latency: 500 * Self.ms)
        for b in 1..<3 { fresh.serve(b, requests: 20, latency: 10 * Self.ms) }
        #expect(fresh.tick(at: 10 * second) == [], "10 < 20 attempts: not judged")
        for b in 0..<3 { fresh.serve(b, requests: 20, latency: 10 * Self.ms) }
        #expect(fresh.tick(at: 20 * second) == [], "the slow attempts were in the previous interval")
    }

    /// Below minimumRequests a backend is not judged; below minimumHosts the rule does not run.
    @Test func test_latency_needsMinimumRequestsAndMinimumHosts() {
        let spec = Self.intervalSpec { $0.latency = LatencyEjectionSpec() }
        var fewRequests = OutlierRig(spec, backends: 5)
        fewRequests.serve(0, requests: 19, latency: 500 * Self.ms)
        for b in 1..<5 { fewRequests.serve(b, requests: 20, latency: 10 * Self.ms) }
        #expect(fewRequests.tick(at: 10 * second) == [])

        var fewHosts = OutlierRig(spec, backends: 5)
        fewHosts.serve(0, requests: 20, latency: 500 * Self.ms)
        fewHosts.serve(1, requests: 20, latency: 10 * Self.ms)
        for b in 2..<5 { fewHosts.serve(b, requests: 19, latency: 10 * Self.ms) }
        #expect(fewHosts.tick(at: 10 * second) == [], "2 hosts qualify, minimum 3")
    }

    /// The median of an even number of backends is the mean of the middle two.
    @Test func test_latency_medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        #expect(LatencyRule.median([40, 10, 20, 30]) == 25)
        #expect(LatencyRule.median([7, 1, 3]) == 3)
    }

    /// The per-interval histogram reads quantiles within half a bucket (1/32) of the exact sample, is
    /// exact below 32 ns and is empty again after `clear`.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func test_latency_histogramQuantilesAreWithinHalfABucket(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "histogram")
        var histograms = IntervalLatencyHistograms(backends: 2)
        var values: [Int64] = []
        for _ in 0..<2_000 {
            let v = Int64(random.nextIndex(below: 1 << (5 + random.nextIndex(below: 30))))
            values.append(v)
            histograms.record(backend: 1, latency: v)
        }
        values.sort()
        for q in [0.0, 0.1, 0.5, 0.9, 0.99, 1.0] {
            let exact = values[min(values.count - 1, Int(q * Double(values.count)))]
            let read = histograms.quantile(q, backend: 1)
            #expect(abs(Double(read - exact)) <= Double(exact) / 32 + 1, "q \(q): \(read) vs \(exact)")
        }
        #expect(histograms.quantile(0.5, backend: 0) == 0)
        histograms.clear()
        #expect(histograms.samples[1] == 0 && histograms.quantile(0.99, backend: 1) == 0)
        for v in 0..<32 as Range<Int64> { #expect(IntervalLatencyHistograms.range(of: IntervalLatencyHistograms.bucket(of: v)) == (v, 1)) }
    }

    // MARK: enforcement and determinism

    /// Envoy's enforcing_* "% chance that a host will be actually ejected": 0 never ejects, whatever
    /// the rule.
    @Test func test_enforcingZero_neverEjects() {
        let spec = OutlierSpec(enforcingConsecutive5xx: 0, enforcingConsecutiveGatewayFailure: 0, maxEjectionPercent: 100,
                               enforcingSuccessRate: 0, enforcingFailurePercentage: 0,
                               latency: LatencyEjectionSpec(enforcing: 0))
        var rig = OutlierRig(spec, backends: 5)
        for round in 1...5 {
            for _ in 0..<100 { rig.answer(0, 503, latency: 900 * Self.ms) }
            for b in 1..<5 { rig.serve(b, requests: 100) }
            #expect(rig.tick(at: Int64(round) * 10 * second) == [])
        }
        #expect(rig.detector.ejections(0) == 0)
    }

    /// A trace of ejections with a partial enforcement (50%) follows from the seed alone: the same seed
    /// gives the same trace; about half the detections eject.
    @Test func test_determinism_theSameSeedGivesTheSameTrace() {
        func trace(seed: UInt64) -> [OutlierEvent] {
            var rig = OutlierRig(OutlierSpec(enforcingConsecutive5xx: 50, maxEjectionPercent: 100), backends: 10, seed: seed)
            var events: [OutlierEvent] = []
            for round in 1...40 {
                for b in 0..<10 { for _ in 0..<5 { if let e = rig.answer(b, 500) { events.append(e.event) } } }
                rig.now = Int64(round) * 400 * second
                events += rig.tick(at: rig.now)
            }
            return events
        }
        let first = trace(seed: 7)
        #expect(first == trace(seed: 7))
        let ejected = first.filter { if case .ejected = $0 { return true } else { return false } }.count
        #expect(ejected > 130 && ejected < 270, "\(ejected) of 400 detections at 50%")
        #expect(trace(seed: 8) != first, "another seed draws other ejections")
    }

    /// With only 0% and 100% enforcement no draw is made: the trace does not depend on the seed.
    @Test func test_determinism_fullOrNoEnforcementDrawsNothing() {
        func trace(seed: UInt64) -> [OutlierEvent] {
            var rig = OutlierRig(Self.intervalSpec { $0.consecutive5xx = 5; $0.latency = LatencyEjectionSpec() }, backends: 6, seed: seed)
            var events: [OutlierEvent] = []
            for round in 1...20 {
                for b in 0..<6 { rig.serve(b, requests: 100, failures: b == round % 6 ? 60 : 2, latency: Int64(1 + b) * Self.ms) }
                events += rig.tick(at: Int64(round) * 10 * second)
            }
            return events
        }
        let first = trace(seed: 1)
        #expect(!first.isEmpty)
        for seed in 2...5 as ClosedRange<UInt64> { #expect(trace(seed: seed) == first) }

        // Failure percentage (0%) finds backend 0, consecutive gateway failure (0%) backend 1, latency
        // (100%) ejects backend 2.
        let spec = Self.intervalSpec { $0.successRateMinimumHosts = 100; $0.consecutiveGatewayFailure = 5; $0.latency = LatencyEjectionSpec() }
        var rig = OutlierRig(spec, backends: 5, seed: 9)
        for round in 1...10 {
            rig.serve(0, requests: 100, failures: 95)
            for _ in 0..<5 { rig.answer(1, 503) }
            rig.serve(1, requests: 60)
            rig.serve(2, requests: 60, latency: 90 * Self.ms)
            for b in 3..<5 { rig.serve(b, requests: 60) }
            rig.tick(at: Int64(round) * 10 * second)
        }
        #expect(rig.detector.ejections(2) > 1 && rig.detector.ejections(0) == 0 && rig.detector.ejections(1) == 0)
        var untouched = SeededGenerator(seed: 9, stream: "outlier"), used = rig.detector.generator
        #expect(used.next() == untouched.next(), "no draw was made")
    }
}

extension OutlierDetectorTests {
    /// Envoy's `onIntervalTimer` checks every host (`checkHostForUneject`: a return, or a healthy
    /// host's decrement) before `processSuccessRateEjections`: a returned backend that a sweep's rule
    /// ejects again is decremented first (2 → 1), so its new ejection lasts base × 2, not base × 3.
    @Test func test_sweepDecaysTheMultiplierBeforeItsOwnEjections() {
        var rig = OutlierRig(OutlierSpec(maxEjectionPercent: 100, failurePercentageThreshold: 50, failurePercentageMinimumHosts: 1,
                                         failurePercentageRequestVolume: 10, enforcingFailurePercentage: 100))
        for _ in 0..<2 {
            rig.answer0Five()
            rig.tick(at: rig.detector.ejectedUntil(0)!)
        }
        #expect(rig.now == 90 * second && rig.detector.ejectionMultiplier(0) == 2 && !rig.detector.isEjected(0))
        // 80% failures, never five in a row: only the failure-percentage rule sees it, at the next sweep.
        for _ in 0..<4 { for status in [500, 500, 500, 500, 200] { rig.answer(0, status) } }
        #expect(rig.tick(at: 100 * second) == [.ejected(backend: 0, reason: .failurePercentage, ejections: 3, until: 160 * second)])
    }
}
