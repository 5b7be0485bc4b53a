import Testing
@testable import Actors
import Scenarios

/// Outlier detection wired into a cluster, run through the lab in virtual time
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier). At 50
/// requests a second and 10 ms of service every attempt finds backend 0 idle, so it goes there
/// (least outstanding, ties to the lowest index) until backend 0 is ejected; a window on backend 0
/// answers each of its attempts 503.
@Suite struct OutlierWiringTests {
    let ms = OutlierRuns.ms
    let second = OutlierRuns.second

    /// Envoy: "ejection ... runs inline (for example in the case of consecutive 5xx)": the 5th 503 in
    /// a row ejects its backend at the instant of that answer, for `base_ejection_time` (30 s), and not
    /// one answer earlier; the other backends take the traffic at once.
    @Test func test_consecutive5xx_immediate_ejectsAtTheNthFailureAndNotBefore() throws {
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: OutlierSpec()), chaos: [OutlierRuns.bad(0)])
        let failures = OutlierRuns.answerTimes(result, status: 503)
        #expect(failures.count == 5)
        let ejections = OutlierRuns.ejections(result)
        #expect(ejections == [.init(time: failures[4], backend: 0, reason: .consecutive5xx, ejections: 1, until: failures[4] + 30 * second)])
        #expect(ejections.allSatisfy { $0.time > failures[3] })
        let after = ChaosFixtures.attempts(result).filter { $0.sentAt > failures[4] }
        #expect(after.count > 50 && after.allSatisfy { $0.status == 200 })
    }

    /// The lab's `timing: "interval"` (the product's "after N consecutive 5xx, at the next interval, not
    /// before"): the detection waits for the sweep at `interval` (1 s), and backend 0 keeps failing till then.
    @Test func test_consecutive5xx_atInterval_ejectsAtTheNextSweepAndNotBefore() throws {
        let spec = OutlierSpec(interval: second, consecutiveTiming: .atInterval)
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: spec), chaos: [OutlierRuns.bad(0)], duration: .seconds(3))
        let ejections = OutlierRuns.ejections(result)
        #expect(ejections == [.init(time: second, backend: 0, reason: .consecutive5xx, ejections: 1, until: 31 * second)])
        let failures = OutlierRuns.answerTimes(result, status: 503)
        #expect(failures.count >= 45 && failures.allSatisfy { $0 <= second })
        #expect(ChaosFixtures.attempts(result).filter { $0.sentAt > second }.allSatisfy { $0.status == 200 })
    }

    /// Envoy's ejection algorithm: the n-th ejection in a row lasts `base_ejection_time` × n, and
    /// "when ejection time reaches outlier_detection.max_ejection_time it does not increase any more";
    /// a host returns at the first interval sweep at or after its ejection ends, and `num_ejections`
    /// counts every ejection.
    @Test func test_ejectionTimeGrowsBaseTimesN_cappedAtMax_returnsAtTheSweep() throws {
        let spec = OutlierSpec(interval: 250 * ms, baseEjectionTime: second, maxEjectionTime: 3 * second)
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: spec), chaos: [OutlierRuns.bad(0)], duration: .seconds(16))
        let ejections = OutlierRuns.ejections(result)
        #expect(ejections.count >= 5)
        #expect(ejections.map { ($0.until - $0.time) / second } .prefix(5) == [1, 2, 3, 3, 3])
        #expect(ejections.map(\.ejections) == (1...Int32(ejections.count)).map { $0 })
        let returns = OutlierRuns.returns(result)
        #expect(returns.count >= ejections.count - 1)
        for (ejection, back) in zip(ejections, returns) {
            #expect(back.backend == 0 && back.time % (250 * ms) == 0)
            #expect(back.time >= ejection.until && back.time - ejection.until < 250 * ms)
        }
    }

    /// Envoy's `max_ejection_percent`: with half the cluster failing, ejections stop at 20% of 10
    /// backends (2); the third failing backend keeps its traffic and keeps failing.
    @Test func test_maxEjectionPercent_holdsAcrossTheCluster() throws {
        let chaos = (0..<5).map { OutlierRuns.bad($0) }
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: OutlierSpec(maxEjectionPercent: 20)), chaos: chaos, duration: .seconds(5))
        #expect(OutlierRuns.mostEjectedAtOnce(result) == 2)
        #expect(Set(OutlierRuns.ejections(result).map(\.backend)) == [0, 1])
        let failures = OutlierRuns.answerTimes(result, status: 503)
        #expect(failures.count > 200)
        #expect(failures.last! > 4 * second)
    }

    /// Envoy's `max_ejection_percent` on a small cluster: 10% of 5 backends is less than one host, so
    /// none is ejected, unless `always_eject_one_host` ("at least one host is ejected regardless").
    @Test func test_maxEjectionPercent_belowOneHostEjectsNone_unlessAlwaysEjectOneHost() throws {
        let small = try OutlierRuns.run(OutlierRuns.cluster(backends: 5, outlier: OutlierSpec()), chaos: [OutlierRuns.bad(0)])
        #expect(OutlierRuns.ejections(small).isEmpty)
        let always = try OutlierRuns.run(OutlierRuns.cluster(backends: 5, outlier: OutlierSpec(alwaysEjectOneHost: true)),
                                         chaos: [OutlierRuns.bad(0), OutlierRuns.bad(1)])
        #expect(OutlierRuns.ejections(always).map(\.backend) == [0])
    }

    /// Envoy: an ejected host "is removed from the load balancing pool": no attempt sent while backend 0
    /// is ejected goes to it (it would answer 503), and after its return it takes attempts again.
    /// For every balancer, and for a cluster of 20 (the least-outstanding heap, not the scan).
    @Test(arguments: [(BackendBalancerSpec?.none, 10), (.leastOutstanding, 20), (.roundRobin, 10), (.random, 10),
                      (.leastRequest(choices: 2), 10), (.ringHash(minimumRingSize: 1024), 10), (.maglev, 10)])
    func test_ejectedBackendGetsNoAttempts_andDoesAfterReturn(balancer: BackendBalancerSpec?, backends: Int) throws {
        // Ring hash and Maglev send every key-0 request to one backend: that one goes bad.
        let probe = BackendChoice(balancer: balancer ?? .leastOutstanding, cluster: "a", backends: backends, tracksEjections: true,
                                  streams: SeededStreams(seed: 1))
        var copy = probe
        let target = balancer == .maglev || balancer?.kind == .ringHash ? copy.pick(key: 0) { _ in 0 } : 0
        let spec = OutlierSpec(interval: 500 * ms, baseEjectionTime: second, maxEjectionPercent: 100 / backends)
        let result = try OutlierRuns.run(OutlierRuns.cluster(backends: backends, outlier: spec, balancer: balancer),
                                         chaos: [OutlierRuns.bad(target)], rate: 100, duration: .seconds(10))
        let ejections = OutlierRuns.ejections(result)
        let returns = OutlierRuns.returns(result)
        #expect(!ejections.isEmpty && !returns.isEmpty, "\(String(describing: balancer))")
        #expect(ejections.allSatisfy { $0.backend == Int32(target) })
        let attempts = ChaosFixtures.attempts(result).filter { $0.outcome != nil }  // answered before the run's end
        for (i, ejection) in ejections.enumerated() {
            let back = i < returns.count ? returns[i].time : Int64.max
            let during = attempts.filter { $0.sentAt > ejection.time && $0.sentAt < back }
            #expect(!during.isEmpty && during.allSatisfy { $0.status == 200 }, "\(String(describing: balancer)) ejection \(i)")
        }
        let first = returns[0].time
        #expect(attempts.contains { $0.sentAt >= first && $0.status == 503 }, "\(String(describing: balancer))")
    }

    /// The latency rule (not in Envoy, envoyproxy/envoy#288): at the sweep, a backend whose p99 over
    /// the interval is above 3 × the cluster's median p99 is ejected, and its slow answers stop.
    @Test func test_latencyRule_ejectsTheSlowBackendAtTheSweep() throws {
        let spec = OutlierSpec(interval: 2 * second, latency: LatencyEjectionSpec(quantile: 0.99, factor: 3, minimumRequests: 20, minimumHosts: 3))
        let slow = OutlierRuns.bad(2, .latency(delay: .milliseconds(100)))
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: spec, balancer: .roundRobin, concurrency: 64),
                                         chaos: [slow], rate: 500, duration: .seconds(5))
        let ejections = OutlierRuns.ejections(result)
        #expect(ejections == [.init(time: 2 * second, backend: 2, reason: .latency, ejections: 1, until: 32 * second)])
        let attempts = ChaosFixtures.attempts(result)
        #expect(attempts.filter { $0.sentAt < 2 * second && $0.latency >= 100 * ms }.count > 50)
        #expect(attempts.filter { $0.sentAt > 2 * second }.allSatisfy { $0.latency < 100 * ms })
    }

    /// Envoy's consecutive gateway failure: resets (local-origin, Envoy's unsplit mode) and 503s are
    /// gateway failures and eject by that rule when it is enforced; a 500 is a 5xx but not a gateway failure.
    @Test func test_consecutiveGatewayFailure_resetsRefusalsAnd503Count_500DoesNot() throws {
        let spec = OutlierSpec(consecutive5xx: 0, enforcingConsecutiveGatewayFailure: 100)
        for fault in [ChaosFault(kind: .reset(after: .zero)), ChaosFault(kind: .down), .error(status: 503), .error(status: 502)] {
            let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: spec), chaos: [OutlierRuns.bad(0, fault)])
            #expect(OutlierRuns.ejections(result).map(\.reason) == [.consecutiveGatewayFailure], "\(fault)")
        }
        let internalErrors = try OutlierRuns.run(OutlierRuns.cluster(outlier: spec), chaos: [OutlierRuns.bad(0, .error(status: 500))])
        #expect(OutlierRuns.ejections(internalErrors).isEmpty)
        #expect(OutlierRuns.answerTimes(internalErrors, status: 500).count > 90)
    }

    /// Envoy's default `enforcing_consecutive_gateway_failure` is 0: resets still eject, as 5xx.
    @Test func test_resetsEjectAsConsecutive5xxByDefault() throws {
        let result = try OutlierRuns.run(OutlierRuns.cluster(outlier: OutlierSpec()), chaos: [OutlierRuns.bad(0, ChaosFault(kind: .reset(after: .zero)))])
        #expect(OutlierRuns.ejections(result).map(\.reason) == [.consecutive5xx])
    }

    /// The cluster's `balancer` chooses the backend (each backend tagged by an extra 1, 2, 3, 4 ms of
    /// service): least-outstanding keeps an idle cluster on backend 0, round robin takes each in turn,
    /// random and least-request (P2C) spread; ring hash and Maglev, given no key by the route, hash each
    /// request by its id and spread too (a keyed route keeps an id on one backend: StickyBackendTests).
    @Test func test_theClustersBalancerChoosesTheBackend() throws {
        let tags = (0..<4).map { OutlierRuns.bad($0, .latency(delay: .milliseconds(Double($0 + 1)))) }
        func backends(_ balancer: BackendBalancerSpec?) throws -> [Int] {
            let result = try OutlierRuns.run(OutlierRuns.cluster(backends: 4, outlier: nil, balancer: balancer, concurrency: 4), chaos: tags)
            return ChaosFixtures.attempts(result).filter { $0.outcome != nil }.map { Int(($0.latency - 10 * ms) / ms) - 1 }
        }
        #expect(Set(try backends(nil)) == [0])
        let rr = try backends(.roundRobin)
        #expect(rr.count > 90 && rr.indices.dropFirst().allSatisfy { rr[$0] == (rr[$0 - 1] + 1) % 4 })
        for balancer in [BackendBalancerSpec.random, .leastRequest(choices: 2), .ringHash(minimumRingSize: 1024), .maglev] {
            let counts = (0..<4).map { b in try! backends(balancer).filter { $0 == b }.count }
            #expect(counts.allSatisfy { $0 > 10 }, "\(balancer): \(counts)")
        }
    }

    /// Detection on a healthy cluster changes nothing: no event, no draw, the same trace; and naming
    /// the default balancer is the default.
    @Test func test_healthyClusterWithDetectionHasTheTraceOfOneWithout() throws {
        let latency = LatencySpec.lognormal(p50: .milliseconds(10), p99: .milliseconds(40))
        let plain = try OutlierRuns.run(OutlierRuns.cluster(outlier: nil, concurrency: 4, latency: latency), rate: 800, duration: .seconds(30))
        let watched = try OutlierRuns.run(OutlierRuns.cluster(outlier: OutlierSpec(interval: 100 * ms), concurrency: 4, latency: latency),
                                          rate: 800, duration: .seconds(30))
        let named = try OutlierRuns.run(OutlierRuns.cluster(outlier: nil, balancer: .leastOutstanding, concurrency: 4, latency: latency),
                                        rate: 800, duration: .seconds(30))
        #expect(plain.eventCount > 40_000)
        #expect(watched.traceHash == plain.traceHash && named.traceHash == plain.traceHash)
    }

    /// The same seed gives the same ejections (enforcement draws from `outlier:a`, picks from
    /// `backends:a`); another seed draws others.
    @Test func test_ejectionsAreDeterministic() throws {
        let spec = OutlierSpec(enforcingConsecutive5xx: 50, interval: 500 * ms, baseEjectionTime: second, maxEjectionPercent: 30)
        let cluster = OutlierRuns.cluster(outlier: spec, balancer: .random)
        let chaos = [OutlierRuns.bad(0), OutlierRuns.bad(4, .error(status: 503, rate: 0.7)), OutlierRuns.bad(7)]
        let first = try OutlierRuns.run(cluster, chaos: chaos, rate: 200, duration: .seconds(20))
        let second = try OutlierRuns.run(cluster, chaos: chaos, rate: 200, duration: .seconds(20))
        let other = try OutlierRuns.run(cluster, chaos: chaos, rate: 200, duration: .seconds(20), seed: 2)
        #expect(OutlierRuns.ejections(first).count > 5)
        #expect(first.traceHash == second.traceHash)
        #expect(OutlierRuns.ejections(first) == OutlierRuns.ejections(second) && OutlierRuns.returns(first) == OutlierRuns.returns(second))
        #expect(OutlierRuns.ejections(other) != OutlierRuns.ejections(first))
    }
}
