import Testing
@testable import Actors
import Scenarios

/// A cluster's backend balancers over the backends outlier detection has not ejected
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers),
/// picked directly with hash keys, as the cluster picks them for a ticket's `key`.
@Suite struct BackendChoiceTests {
    func choice(_ balancer: BackendBalancerSpec, backends: Int = 10, seed: UInt64 = 1) -> BackendChoice {
        BackendChoice(balancer: balancer, cluster: "api", backends: backends, tracksEjections: true, streams: SeededStreams(seed: seed))
    }

    /// Envoy's unweighted round robin, `hostsToUse[index++ % count]`: every backend in turn from a
    /// seeded start; an ejected backend leaves the rotation, which then cycles over the rest.
    @Test func test_roundRobin_cyclesTheBackendsNotEjected() {
        var rr = choice(.roundRobin)
        let first = (0..<20).map { _ in rr.pick(key: 0) { _ in 0 } }
        let start = first[0]
        #expect(first == (0..<20).map { (start + $0) % 10 })
        rr.setEjected(4, true)
        let rest = (0..<18).map { _ in rr.pick(key: 0) { _ in 0 } }
        #expect(!rest.contains(4))
        #expect(Set(rest.prefix(9)) == Set([0, 1, 2, 3, 5, 6, 7, 8, 9]) && Array(rest.prefix(9)) == Array(rest.suffix(9)))
        // Another seed starts elsewhere (Envoy seeds its index with random()).
        var other = choice(.roundRobin, seed: 2)
        var starts = Set([start])
        for seed in 2...6 { other = choice(.roundRobin, seed: UInt64(seed)); starts.insert(other.pick(key: 0) { _ in 0 }) }
        #expect(starts.count > 1)
    }

    /// Envoy's `RANDOM`: uniform over the hosts to use, never an ejected one. 20000 draws over 9
    /// backends: each within 5 standard deviations of 2222.
    @Test func test_random_isUniformOverTheBackendsNotEjected() {
        var random = choice(.random)
        random.setEjected(0, true)
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<20_000 { counts[random.pick(key: 0) { _ in 0 }] += 1 }
        #expect(counts[0] == 0)
        let expected = 20_000.0 / 9
        let deviation = (20_000 * (1.0 / 9) * (8.0 / 9)).squareRoot()
        for b in 1..<10 { #expect(abs(Double(counts[b]) - expected) < 5 * deviation, "backend \(b): \(counts[b])") }
    }

    /// Envoy's least request (P2C): of two backends drawn, the one with fewer active requests; a
    /// backend loaded far above the others is chosen only when drawn twice, never an ejected one.
    @Test func test_leastRequest_prefersTheLessLoaded_andSkipsEjected() {
        var p2c = choice(.leastRequest(choices: 2))
        p2c.setEjected(9, true)
        let load = [100, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<9_000 { counts[p2c.pick(key: 0) { load[$0] }] += 1 }
        #expect(counts[9] == 0)
        // Backend 0 is kept only when both draws are it: 1/81 of the picks (111 expected).
        #expect(counts[0] > 60 && counts[0] < 170, "\(counts[0])")
    }

    /// Ring hash: a key always goes to the same backend; ejecting a backend moves only its own keys
    /// (the lookup walks to the next point of a backend not ejected), and its return brings them back.
    @Test func test_ringHash_isStickyAndMovesOnlyTheEjectedBackendsKeys() {
        var ring = choice(.ringHash(minimumRingSize: 1024))
        let keys = (0..<2000).map { UInt32($0 &* 2_654_435_761 % 4_294_967_291) }
        let before = keys.map { ring.pick(key: $0) { _ in 0 } }
        #expect(keys.map { ring.pick(key: $0) { _ in 0 } } == before)
        #expect(Set(before).count == 10)
        ring.setEjected(3, true)
        let during = keys.map { ring.pick(key: $0) { _ in 0 } }
        for (i, b) in before.enumerated() { #expect(b == 3 ? during[i] != 3 : during[i] == b) }
        ring.setEjected(3, false)
        #expect(keys.map { ring.pick(key: $0) { _ in 0 } } == before)
    }

    /// Maglev: sticky keys; with a backend ejected (its table rebuilt without it, as Envoy rebuilds on
    /// every host change) none of its keys stays and, by Maglev's minimal disruption, nearly every
    /// other key keeps its backend; the return restores the table.
    @Test func test_maglev_isStickyAndDisruptsLittleOnEjection() {
        var maglev = choice(.maglev)
        let keys = (0..<2000).map { UInt32($0 &* 2_654_435_761 % 4_294_967_291) }
        let before = keys.map { maglev.pick(key: $0) { _ in 0 } }
        #expect(Set(before).count == 10)
        maglev.setEjected(5, true)
        let during = keys.map { maglev.pick(key: $0) { _ in 0 } }
        #expect(!during.contains(5))
        let others = before.indices.filter { before[$0] != 5 }
        let kept = others.filter { during[$0] == before[$0] }.count
        #expect(Double(kept) / Double(others.count) > 0.9, "\(kept) of \(others.count)")
        maglev.setEjected(5, false)
        #expect(keys.map { maglev.pick(key: $0) { _ in 0 } } == before)
    }

    /// Envoy's panic: with every backend ejected the balancer uses them all.
    @Test(arguments: [BackendBalancerSpec.roundRobin, .random, .leastRequest(choices: 2), .ringHash(minimumRingSize: 64), .maglev])
    func test_everyBackendEjected_usesThemAll(balancer: BackendBalancerSpec) {
        var all = choice(balancer, backends: 3)
        for b in 0..<3 { all.setEjected(b, true) }
        #expect(all.panics && all.candidates == [0, 1, 2])
        var seen = Set<Int>()
        for k in 0..<300 { seen.insert(all.pick(key: UInt32(k) &* 2_654_435_761) { _ in 0 }) }
        #expect(seen == [0, 1, 2], "\(balancer)")
        all.setEjected(1, false)
        #expect(!all.panics && all.candidates == [1])
        for k in 0..<50 { #expect(all.pick(key: UInt32(k) &* 2_654_435_761) { _ in 0 } == 1) }
    }

    /// The least-outstanding heap (clusters of more than 16 backends): an excluded backend is never
    /// the top while another is not excluded, whatever the loads; with all excluded the least of all.
    @Test func test_leastLoadedHeap_excludesEjectedBackends() {
        var heap = LeastLoaded(count: 20)
        heap.exclude(0)
        #expect(heap.least == 1)
        for b in 1..<20 { for _ in 0..<5 { heap.increment(b) } }
        #expect(heap.least == 1)
        for b in 1..<20 { heap.exclude(b) }
        #expect(heap.least == 0)
        heap.include(7)
        #expect(heap.least == 7)
        heap.include(0)
        #expect(heap.least == 0)
    }
}
