import Protocols
import Testing
@testable import Actors
import Scenarios

/// A route's Envoy balancers and priority levels on their own, driven by scripted breakers:
/// least request's P2C, ring hash and Maglev with their exclusions, the tier split of Envoy's
/// priority load, panic, failover and the lapse of health marks.
@Suite struct RouteBalancerTests {
    static let names = (0..<10).map { "cluster-\($0)" }

    static func balancer(_ kind: BalancerKind, clusters: Int = 10, priorities: [Int] = [], choices: Int? = nil,
                         hashKey: RouteHashKey? = nil, panicThreshold: Double? = nil, seed: UInt64 = 1) -> Balancer {
        let names = (0..<clusters).map { "cluster-\($0)" }
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: names, balancer: kind, choices: choices, hashKey: hashKey,
                              priorities: priorities, panicThreshold: panicThreshold)
        var b = Balancer(kind: kind, count: clusters, weights: [], rng: SeededGenerator(seed: seed, stream: "balancer:r"))
        b.prepare(BalancerSetup(route: route, clusterNames: names, templates: [RequestTemplate(path: "/x/{id}")]))
        return b
    }

    static func key(_ i: Int) -> UInt64 { RequestHashKeys.integerHash(Int64(i)) }

    // MARK: Least request (P2C)

    /// Envoy: "selects N random available hosts … and picks the host which has the fewest active
    /// requests"; draws are with replacement, so the busiest of two only wins when drawn twice.
    @Test func test_leastRequestKeepsTheLessLoadedOfTwoRandomDraws() {
        var b = Self.balancer(.leastRequest, clusters: 2)
        let load = [0, 10]
        let picks = (0..<20_000).map { _ in b.pick(tried: 0, outstanding: { load[$0] }, admit: { _ in true })! }
        let busy = Double(picks.filter { $0 == 1 }.count) / Double(picks.count)
        #expect(abs(busy - 0.25) < 0.015, "\(busy)")
        var five = Self.balancer(.leastRequest, clusters: 2, choices: 5)
        let fewer = (0..<20_000).filter { _ in five.pick(tried: 0, outstanding: { load[$0] }, admit: { _ in true }) == 1 }.count
        #expect(abs(Double(fewer) / 20_000 - 1.0 / 32) < 0.006, "\(fewer)")
    }

    @Test func test_leastRequestNeverPicksATriedOrRefusingCluster() {
        var b = Self.balancer(.leastRequest, clusters: 4)
        for _ in 0..<500 {
            let pick = b.pick(tried: 0b0001, outstanding: { _ in 0 }, admit: { $0 != 2 })
            #expect(pick == 1 || pick == 3)
        }
    }

    // MARK: Ring hash

    /// Envoy's ring hash: a key goes to the first point at or after its hash; consistent hashing
    /// moves only a removed host's keys, here a cluster whose breaker refuses.
    @Test func test_ringHashKeepsAKeysClusterAndMovesOnlyARefusingClustersKeys() {
        var b = Self.balancer(.ringHash)
        let before = (0..<2000).map { b.pick(tried: 0, key: Self.key($0), outstanding: { _ in 0 }, admit: { _ in true })! }
        let again = (0..<2000).map { b.pick(tried: 0, key: Self.key($0), outstanding: { _ in 0 }, admit: { _ in true })! }
        #expect(before == again)
        #expect(Set(before).count == 10)
        let after = (0..<2000).map { b.pick(tried: 0, key: Self.key($0), outstanding: { _ in 0 }, admit: { $0 != 3 })! }
        for i in 0..<2000 {
            if before[i] == 3 { #expect(after[i] != 3) } else { #expect(after[i] == before[i], "key \(i) moved") }
        }
        #expect(before.contains(3))
    }

    /// A retry (its first cluster tried) walks on along the ring, like a refused cluster.
    @Test func test_ringHashWalksOnPastATriedCluster() {
        var b = Self.balancer(.ringHash)
        for i in 0..<200 {
            let first = b.pick(tried: 0, key: Self.key(i), outstanding: { _ in 0 }, admit: { _ in true })!
            let refusedFirst = b.pick(tried: 0, key: Self.key(i), outstanding: { _ in 0 }, admit: { $0 != first })!
            let retry = b.pick(tried: 1 << UInt64(first), key: Self.key(i), outstanding: { _ in 0 }, admit: { _ in true })
            #expect(retry == refusedFirst && retry != first)
        }
    }

    // MARK: Maglev

    /// Maglev's table gives every host nearly the same number of slots, so keys spread evenly;
    /// a refusing host's keys look up Envoy's retry hashes and the others' keys stay.
    @Test func test_maglevSpreadsKeysEvenlyAndMovesOnlyARefusingClustersKeys() {
        var b = Self.balancer(.maglev)
        let before = (0..<20_000).map { b.pick(tried: 0, key: Self.key($0), outstanding: { _ in 0 }, admit: { _ in true })! }
        for position in 0..<10 {
            let share = before.filter { $0 == position }.count
            #expect(abs(share - 2000) < 200, "cluster \(position): \(share)")
        }
        let after = (0..<20_000).map { b.pick(tried: 0, key: Self.key($0), outstanding: { _ in 0 }, admit: { $0 != 7 })! }
        for i in 0..<20_000 where before[i] != 7 { #expect(after[i] == before[i]) }
        let moved = (0..<20_000).filter { before[$0] == 7 }.map { after[$0] }
        #expect(!moved.contains(7) && Set(moved).count >= 8)
    }

    @Test func test_maglevFallsBackToRouteOrderWhenItsLookupsFindOnlyRefusals() {
        var b = Self.balancer(.maglev)
        for i in 0..<100 {
            var asked: [Int] = []
            let pick = b.pick(tried: 0, key: Self.key(i), outstanding: { _ in 0 }, admit: { asked.append($0); return $0 == 9 })
            #expect(pick == 9)
            #expect(Set(asked).count == asked.count)
        }
    }

    /// Envoy: without a hash the hashing balancers pick at random (here from the seeded stream).
    @Test func test_hashingBalancersWithoutAKeyPickFromTheSeededStream() {
        for kind in [BalancerKind.ringHash, .maglev] {
            var first = Self.balancer(kind)
            var second = Self.balancer(kind)
            let a = (0..<500).map { _ in first.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
            let b = (0..<500).map { _ in second.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
            #expect(a == b)
            #expect(Set(a).count == 10)
            var other = Self.balancer(kind, seed: 2)
            #expect((0..<500).map { _ in other.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! } != a)
        }
    }

    // MARK: Keys

    @Test func test_theRequestsKeyComesFromItsTemplate() {
        let templates: [RequestTemplate?] = [RequestTemplate(path: "/x/{id}"), RequestTemplate(path: "/x"), nil,
                                             RequestTemplate(path: "/ws", kind: .websocket(WebSocketScript(messages: [], every: .seconds(1))))]
        let byParameter = RequestHashKeys(key: .pathParameter("id"), templates: templates)
        #expect(byParameter.hash(template: 0, parameter: 7, requestID: 1) == RequestHashKeys.integerHash(7))
        #expect(byParameter.hash(template: 1, parameter: 7, requestID: 1) == nil)  // no {id}: Envoy's "no hash"
        #expect(byParameter.hash(template: 2, parameter: 7, requestID: 1) == nil)
        let byID = RequestHashKeys(key: .requestID, templates: templates)
        #expect(byID.hash(template: 1, parameter: 7, requestID: 42) == RequestHashKeys.integerHash(42))
        let byHeader = RequestHashKeys(key: .header("Upgrade"), templates: templates)
        #expect(byHeader.hash(template: 0, parameter: 7, requestID: 1) == nil)
        #expect(byHeader.hash(template: 3, parameter: 7, requestID: 1) == HashKey.hash("websocket"))
        #expect(byHeader.hash(template: 3, parameter: 8, requestID: 2) == HashKey.hash("websocket"))
    }

    @Test func test_theTicketCarriesTheKeyCutTo32Bits() {
        let b = Self.balancer(.ringHash, hashKey: .pathParameter("id"))
        #expect(b.ticketKey(template: 0, parameter: 5, requestID: 9) == UInt32(truncatingIfNeeded: RequestHashKeys.integerHash(5)))
        // Without a key the ticket hashes the request id, so a cluster that hashes its backends spreads requests.
        #expect(Self.balancer(.roundRobin).ticketKey(template: 0, parameter: 5, requestID: 9) == UInt32(truncatingIfNeeded: StableHash.mix(9)))
    }

    // MARK: Priority levels

    /// Envoy's priority load: a fully healthy P=0 takes 100% of the traffic.
    @Test func test_allTrafficStaysInTier0WhileItIsHealthy() {
        for kind in BalancerKind.allCases {
            var b = Self.balancer(kind, clusters: 3, priorities: [0, 0, 1])
            for i in 0..<300 { #expect(b.pick(tried: 0, key: Self.key(i), outstanding: { _ in 0 }, admit: { _ in true }) != 2, "\(kind)") }
        }
    }

    /// Envoy's table: P=0 at 50% healthy has health 50 × 1.4 = 70, so it keeps 70% and P=1 takes 30%;
    /// the unhealthy cluster is left out (not asked again) while the tier is not in panic.
    @Test func test_theTierSplitFollowsPriorityLoadAtPartialHealth() {
        var b = Self.balancer(.roundRobin, clusters: 3, priorities: [0, 0, 1])
        var askedRefusing = 0
        var picks: [Int] = []
        for _ in 0..<20_000 {
            picks.append(b.pick(tried: 0, outstanding: { _ in 0 }, admit: { if $0 == 0 { askedRefusing += 1 }; return $0 != 0 })!)
        }
        #expect(askedRefusing == 1)
        #expect(!picks.contains(0))
        let spilled = Double(picks.filter { $0 == 2 }.count) / Double(picks.count)
        #expect(abs(spilled - 0.30) < 0.015, "\(spilled)")
        #expect(PriorityLoad.shares(healthyFractions: [0.5, 1]) == [0.7, 0.3])
    }

    /// When P=0 has no healthy cluster its traffic goes to P=1; each refusing breaker is asked once.
    @Test func test_whenTier0FailsTrafficGoesToTier1() {
        for kind in BalancerKind.allCases {
            var b = Self.balancer(kind, clusters: 4, priorities: [0, 0, 1, 1])
            var asked = [0, 0, 0, 0]
            let picks = (0..<400).map { i in
                b.pick(tried: 0, key: Self.key(i), outstanding: { _ in 0 }, admit: { asked[$0] += 1; return $0 >= 2 })!
            }
            #expect(picks.allSatisfy { $0 >= 2 }, "\(kind)")
            #expect(asked[0] == 1 && asked[1] == 1, "\(kind): \(asked)")
        }
    }

    /// A tier that no longer admits falls back to the next tier within the same pick.
    @Test func test_aTierThatRefusesFallsBackToTheNextInPriorityOrder() {
        var b = Self.balancer(.roundRobin, clusters: 3, priorities: [1, 0, 2])
        #expect(b.pick(tried: 0, outstanding: { _ in 0 }, admit: { $0 != 1 }) == 0)
        #expect(b.pick(tried: 0b001, outstanding: { _ in 0 }, admit: { $0 != 1 }) == 2)
    }

    /// Health marks lapse after the recheck interval, so a recovered P=0 takes its traffic back.
    @Test func test_anUnhealthyMarkLapsesAndARecoveredTierTakesItsTrafficBack() {
        var b = Self.balancer(.roundRobin, clusters: 2, priorities: [0, 1])
        var open = true
        #expect(b.pick(tried: 0, now: 0, outstanding: { _ in 0 }, admit: { !open || $0 == 1 }) == 1)
        #expect(b.pick(tried: 0, now: PriorityTiers.recheckInterval - 1, outstanding: { _ in 0 }, admit: { !open || $0 == 1 }) == 1)
        open = false
        #expect(b.pick(tried: 0, now: PriorityTiers.recheckInterval - 1, outstanding: { _ in 0 }, admit: { _ in true }) == 1)
        #expect(b.pick(tried: 0, now: PriorityTiers.recheckInterval, outstanding: { _ in 0 }, admit: { _ in true }) == 0)
        #expect(b.pick(tried: 0, now: PriorityTiers.recheckInterval + 1, outstanding: { _ in 0 }, admit: { _ in true }) == 0)
    }

    /// Envoy's panic threshold: below 50% healthy (and the tiers together under 100) a tier balances
    /// over all its clusters, health ignored, so the refusing ones are asked again on every pick.
    @Test func test_aTierInPanicBalancesOverAllItsClusters() {
        for threshold in [50.0, 0] {
            var b = Self.balancer(.roundRobin, clusters: 3, priorities: [0, 0, 0], panicThreshold: threshold)
            var refusals = 0
            for _ in 0..<30 {
                #expect(b.pick(tried: 0, outstanding: { _ in 0 }, admit: { if $0 != 2 { refusals += 1 }; return $0 == 2 }) == 2)
            }
            if threshold == 0 { #expect(refusals == 2) } else { #expect(refusals > 30) }
        }
        #expect(PriorityLoad.inPanic(tier: 0, healthyFractions: [1.0 / 3]))
    }

    /// Ring hash and Maglev choose the tier from the hash too (Envoy's `choosePriority(hash)`), so
    /// a key keeps its cluster while health is steady, even when the tiers share the traffic.
    @Test func test_hashingBalancersChooseTheTierByTheKey() {
        for kind in [BalancerKind.ringHash, .maglev] {
            var b = Self.balancer(kind, clusters: 4, priorities: [0, 0, 1, 1])
            for i in 0..<50 { _ = b.pick(tried: 0, key: Self.key(1000 + i), outstanding: { _ in 0 }, admit: { $0 != 0 }) }  // P=0 at 50%: 70/30
            for i in 0..<500 {
                let key = Self.key(i)
                let pick = b.pick(tried: 0, key: key, outstanding: { _ in 0 }, admit: { $0 != 0 })!
                #expect(pick == b.pick(tried: 0, key: key, outstanding: { _ in 0 }, admit: { $0 != 0 }))
                #expect((pick >= 2) == (key % 100 >= 70), "\(kind) key \(i)")
            }
        }
    }

    @Test func test_everyBalancerWithTiersAsksEachClusterAtMostOnce() {
        for kind in BalancerKind.allCases {
            var b = Self.balancer(kind, clusters: 6, priorities: [0, 0, 1, 1, 2, 2])
            for i in 0..<20 {
                var asked: [Int] = []
                #expect(b.pick(tried: 0b000100, key: Self.key(i), outstanding: { _ in 0 }, admit: { asked.append($0); return false }) == nil)
                #expect(Set(asked).count == asked.count && !asked.contains(2), "\(kind): \(asked)")
                #expect(i > 0 || asked.sorted() == [0, 1, 3, 4, 5], "\(kind): \(asked)")
            }
        }
    }
}
