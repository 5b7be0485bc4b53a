@testable import Actors
import Scenarios
import Testing

/// Envoy's fully jittered back-off: "Given a base interval B and retry number N, the back-off for
/// the retry is in the range [0, (2^N−1)B) … capped at a maximum interval, which defaults to 10
/// times the base interval" (router filter docs, x-envoy-max-retries).
@Suite struct RetryBackoffTests {
    static let ms: Int64 = 1_000_000

    @Test func test_defaultBackoff_matchesEnvoysWorkedExample() {
        // "the first retry will be delayed randomly by 0-24ms, the 2nd by 0-74ms, the 3rd by 0-174ms"; max 250ms.
        let backoff = RetryBackoff(BackoffSpec.envoyDefault)
        #expect(backoff.base == 25 * Self.ms && backoff.max == 250 * Self.ms)
        #expect((1...6).map { backoff.bound(retry: $0) / Self.ms } == [25, 75, 175, 250, 250, 250])
    }

    @Test func test_maxDefaultsToTenTimesBase() {
        #expect(BackoffSpec(base: .milliseconds(40)).max == .milliseconds(400))
        #expect(BackoffSpec(base: .milliseconds(40), max: .seconds(1)).max == .seconds(1))
    }

    @Test func test_boundIsTheDocumentedFormula_forSeededBasesAndCaps() {
        var random = SeededGenerator(seed: 7, stream: "backoff-bounds")
        for _ in 0..<500 {
            let base = Int64(1 + random.nextIndex(below: 1_000_000_000))
            let max = base * Int64(1 + random.nextIndex(below: 5_000))
            let backoff = RetryBackoff(base: base, max: max)
            var previous: Int64 = 0
            for n in 1...70 {
                let bound = backoff.bound(retry: n)
                let multiplier = n < 63 ? (Int64(1) << n) - 1 : .max
                let formula = multiplier > max / base ? max : multiplier * base
                #expect(bound == formula, "base \(base) max \(max) retry \(n)")
                #expect(bound >= previous && bound <= max)
                previous = bound
            }
        }
        #expect(RetryBackoff(base: 1, max: .max).bound(retry: 1_000) == .max, "no overflow for late retries")
        #expect(RetryBackoff(base: 10, max: 100).bound(retry: 0) == 10, "a retry number below 1 counts as the first")
    }

    @Test func test_everyDrawLiesInItsRetrysRange() {
        var random = SeededGenerator(seed: 11, stream: "backoff-draws")
        let backoff = RetryBackoff(base: 3 * Self.ms, max: 200 * Self.ms)
        for n in 1...8 {
            let bound = backoff.bound(retry: n)
            var lowest = Int64.max, highest = Int64.min
            for _ in 0..<20_000 {
                let delay = backoff.delay(retry: n, using: &random)
                #expect(delay >= 0 && delay < bound, "retry \(n): \(delay) outside [0, \(bound))")
                lowest = min(lowest, delay)
                highest = max(highest, delay)
            }
            // Fully jittered: the draws reach both ends of the range.
            #expect(lowest < bound / 100 && highest > bound - bound / 100, "retry \(n): \(lowest)...\(highest) of \(bound)")
        }
    }

    /// A uniform draw from [0, b) has mean (b − 1)/2 and variance (b² − 1)/12; the sample mean of
    /// `count` draws lies within 5 standard errors of it.
    @Test(arguments: [UInt64(1), 2, 3, 42])
    func test_meanDelayIsHalfTheBound_withinFiveStandardErrors(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "backoff-mean")
        let backoff = RetryBackoff(base: 25 * Self.ms, max: 250 * Self.ms)
        let count = 40_000
        for n in 1...5 {
            let bound = Double(backoff.bound(retry: n))
            var sum = 0.0
            for _ in 0..<count { sum += Double(backoff.delay(retry: n, using: &random)) }
            let mean = sum / Double(count)
            let standardError = ((bound * bound - 1) / 12 / Double(count)).squareRoot()
            #expect(abs(mean - (bound - 1) / 2) < 5 * standardError,
                    "seed \(seed) retry \(n): mean \(mean) vs \((bound - 1) / 2) ± \(5 * standardError)")
        }
    }

    @Test func test_sameSeedSameDelays() {
        let backoff = RetryBackoff(BackoffSpec.envoyDefault)
        var a = SeededGenerator(seed: 5, stream: "route"), b = SeededGenerator(seed: 5, stream: "route")
        let first = (1...50).map { backoff.delay(retry: $0 % 6 + 1, using: &a) }
        let second = (1...50).map { backoff.delay(retry: $0 % 6 + 1, using: &b) }
        #expect(first == second)
    }
}
