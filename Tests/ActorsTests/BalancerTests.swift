import Testing
@testable import Actors
import Scenarios

@Suite struct BalancerTests {
    func balancer(_ kind: BalancerKind, _ count: Int = 3, weights: [Double] = []) -> Balancer {
        Balancer(kind: kind, count: count, weights: weights, rng: SeededGenerator(seed: 1, stream: "test"))
    }

    @Test func test_roundRobinRotatesAndSkipsRefusingClusters() {
        var b = balancer(.roundRobin)
        let picks = (0..<6).map { _ in b.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
        #expect(picks == [0, 1, 2, 0, 1, 2])
        var refusing = balancer(.roundRobin)
        let skipped = (0..<4).map { _ in refusing.pick(tried: 0, outstanding: { _ in 0 }, admit: { $0 != 1 })! }
        #expect(skipped == [0, 2, 0, 2])
    }

    @Test func test_roundRobinNeverPicksATriedCluster() {
        var b = balancer(.roundRobin)
        for _ in 0..<10 { #expect(b.pick(tried: 0b001, outstanding: { _ in 0 }, admit: { _ in true }) != 0) }
        #expect(b.pick(tried: 0b111, outstanding: { _ in 0 }, admit: { _ in true }) == nil)
    }

    @Test func test_weightedFollowsWeightsExactlyAndSmoothly() {
        var b = balancer(.weighted, 2, weights: [9, 1])
        let picks = (0..<1000).map { _ in b.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
        #expect(picks.filter { $0 == 1 }.count == 100)
        #expect(!zip(picks, picks.dropFirst()).contains { $0 == 1 && $1 == 1 })
    }

    @Test func test_leastOutstandingPrefersTheLeastLoadedAdmittingCluster() {
        var b = balancer(.leastOutstanding)
        let load = [5, 1, 3]
        #expect(b.pick(tried: 0, outstanding: { load[$0] }, admit: { _ in true }) == 1)
        #expect(b.pick(tried: 0, outstanding: { load[$0] }, admit: { $0 != 1 }) == 2)
        #expect(b.pick(tried: 0b100, outstanding: { load[$0] }, admit: { $0 != 1 }) == 0)
    }

    @Test func test_randomIsSeededAndCoversEveryCluster() {
        var first = balancer(.random)
        var second = balancer(.random)
        let a = (0..<300).map { _ in first.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
        let b = (0..<300).map { _ in second.pick(tried: 0, outstanding: { _ in 0 }, admit: { _ in true })! }
        #expect(a == b)
        #expect(Set(a) == [0, 1, 2])
    }

    @Test func test_eachBalancerAsksEachClusterAtMostOnce() {
        for kind in BalancerKind.allCases {
            var b = balancer(kind, 4, weights: [1, 1, 1, 1])
            var asked: [Int] = []
            let pick = b.pick(tried: 0, outstanding: { _ in 0 }, admit: { asked.append($0); return false })
            #expect(pick == nil)
            #expect(asked.sorted() == [0, 1, 2, 3], "\(kind)")
        }
    }
}
