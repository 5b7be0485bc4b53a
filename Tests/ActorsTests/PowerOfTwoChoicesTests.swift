import Testing
@testable import Actors

/// Envoy's least request with equal weights (N_CHOICES): `choice_count` draws with replacement,
/// the fewest active requests wins, the first drawn wins ties.
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers
@Suite struct PowerOfTwoChoicesTests {
    static func nobody(_: Int) -> Bool { false }

    /// Envoy: of the drawn hosts the one with the fewest active requests is kept; a later draw
    /// replaces the candidate only when strictly less loaded, so ties go to the first drawn.
    /// A shadow generator replays the draws, so the expected answer is forced for every trial.
    @Test func test_keepsTheLeastLoadedOfTheDrawnHostsAndTheFirstDrawnOnTies() {
        var setup = SeededGenerator(seed: 11, stream: "p2c-property")
        for _ in 0..<2000 {
            let count = 1 + setup.nextIndex(below: 12)
            let choices = 1 + setup.nextIndex(below: 4)
            let loads = (0..<count).map { _ in setup.nextIndex(below: 4) }  // ties are common
            let seed = setup.next()
            var rng = SeededGenerator(seed: seed, stream: "pick")
            var shadow = rng
            let drawn = (0..<choices).map { _ in shadow.nextIndex(below: count) }
            var expected = drawn[0]
            for position in drawn.dropFirst() where loads[position] < loads[expected] { expected = position }
            let picked = PowerOfTwoChoices.pick(count: count, choices: choices, excluded: Self.nobody,
                                                load: { loads[$0] }, rng: &rng)
            #expect(picked == expected, "loads \(loads), drawn \(drawn)")
        }
    }

    /// Envoy draws with replacement: with loads [0, 100] the loaded host wins only when both draws
    /// hit it, probability 1/4 for two choices and 1/8 for three (bounds: 4 binomial σ).
    @Test func test_drawsWithReplacementSoTheLoadedHostWinsOnlyWhenEveryDrawHitsIt() {
        let loads = [0, 100]
        for (choices, expected) in [(2, 0.25), (3, 0.125)] {
            var rng = SeededGenerator(seed: 3, stream: "p2c-\(choices)")
            let picks = 40_000
            var loaded = 0
            for _ in 0..<picks {
                if PowerOfTwoChoices.pick(count: 2, choices: choices, excluded: Self.nobody,
                                          load: { loads[$0] }, rng: &rng) == 1 { loaded += 1 }
            }
            let share = Double(loaded) / Double(picks)
            let sigma = (expected * (1 - expected) / Double(picks)).squareRoot()
            #expect(abs(share - expected) <= 4 * sigma, "choices \(choices): loaded host share \(share)")
        }
    }

    /// With many choices every host is drawn, so the least loaded one is chosen (missing it has
    /// probability (2/3)^200 here).
    @Test func test_manyChoicesFindTheLeastLoadedHost() {
        var rng = SeededGenerator(seed: 5, stream: "p2c-many")
        let loads = [5, 1, 3]
        for _ in 0..<100 {
            #expect(PowerOfTwoChoices.pick(count: 3, choices: 200, excluded: Self.nobody,
                                           load: { loads[$0] }, rng: &rng) == 1)
        }
    }

    /// Envoy draws only among usable hosts: an excluded (ejected or tried) position is never
    /// chosen, the only allowed one always is, and with none allowed there is no pick (no loop).
    @Test func test_neverPicksAnExcludedHostAndStopsWhenAllAreExcluded() {
        var rng = SeededGenerator(seed: 7, stream: "p2c-excluded")
        let loads = [0, 0, 0, 0, 0, 0, 0, 9, 0, 0]
        for _ in 0..<500 {
            #expect(PowerOfTwoChoices.pick(count: 10, excluded: { $0 != 7 }, load: { loads[$0] }, rng: &rng) == 7)
            let picked = PowerOfTwoChoices.pick(count: 10, excluded: { $0 < 5 }, load: { loads[$0] }, rng: &rng)
            #expect(picked.map { $0 >= 5 } == true)
        }
        #expect(PowerOfTwoChoices.pick(count: 10, excluded: { _ in true }, load: { loads[$0] }, rng: &rng) == nil)
        #expect(PowerOfTwoChoices.pick(count: 0, excluded: Self.nobody, load: { _ in 0 }, rng: &rng) == nil)
    }

    /// Drawing among the allowed hosts is uniform, as Envoy's draw from the usable-host list is:
    /// with 7 of 10 positions excluded each of the other three gets a third of single draws.
    @Test func test_drawsUniformlyAmongTheAllowedHosts() {
        var rng = SeededGenerator(seed: 9, stream: "p2c-uniform")
        var counts = Array(repeating: 0, count: 10)
        let picks = 30_000
        for _ in 0..<picks {
            counts[PowerOfTwoChoices.pick(count: 10, choices: 1, excluded: { $0 < 7 }, load: { _ in 0 }, rng: &rng)!] += 1
        }
        #expect(counts[0..<7].allSatisfy { $0 == 0 })
        let sigma = (Double(picks) * (1.0 / 3) * (2.0 / 3)).squareRoot()
        for position in 7..<10 { #expect(abs(Double(counts[position]) - Double(picks) / 3) <= 4 * sigma, "\(counts)") }
    }

    /// Determinism: the same seed gives the same picks in two runs.
    @Test func test_sameSeedSamePicks() {
        func run() -> [Int?] {
            var rng = SeededGenerator(seed: 42, stream: "p2c-determinism")
            let loads = [3, 1, 4, 1, 5, 9, 2, 6]
            return (0..<200).map { i in
                PowerOfTwoChoices.pick(count: 8, excluded: { $0 == i % 8 }, load: { loads[$0] }, rng: &rng)
            }
        }
        #expect(run() == run())
    }
}
