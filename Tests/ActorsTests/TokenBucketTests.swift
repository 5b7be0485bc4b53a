@testable import Actors
import Scenarios
import Testing

/// The route rate limiter's token bucket (Envoy's local rate limit, with continuous refill):
/// `rate` tokens a second, at most `burst` held, starting full; exact over any virtual span.
@Suite struct TokenBucketTests {
    static let second: Int64 = 1_000_000_000

    /// Tokens a drained bucket has granted by `t`: burst + ⌊rateMillis × t / 10¹²⌋, in 128 bits.
    static func expectedGrants(_ bucket: TokenBucket, by t: Int64) -> Int64 {
        let product = bucket.rateMillis.multipliedFullWidth(by: t)
        let (quotient, _) = TokenBucket.unitsPerToken.dividingFullWidth(product)
        return Int64(bucket.burst) + quotient
    }

    @Test func test_aBucketStartsFullAndHoldsBurstTokens() {
        var bucket = TokenBucket(rate: 10, burst: 4)
        let taken = (0..<6).map { _ in bucket.tryTake(now: 0) }
        #expect(taken == [true, true, true, true, false, false])
    }

    @Test(arguments: [(3.0, 5), (0.7, 1), (1234.567, 40), (10_000_000, 1_000_000), (0.001, 2)])
    func test_aDrainedBucketGrantsExactlyRateTimesTime_overLongSpans(rate: Double, burst: Int) {
        var bucket = TokenBucket(rate: rate, burst: burst)
        // The formula holds for a caller that takes every token before the bucket could fill up
        // (a full bucket drops what it cannot hold): steps stay below the time to refill
        // `burst - 1` tokens and do not divide a token's period, so fractions carry over; a bucket of
        // one token is visited at the instants its next token is due. At most ten virtual days.
        let end = min(10 * 86_400 * Self.second, Int64(2e6 / rate * 1e9))
        let step = Int64(Double(burst - 1) / rate * 1e9 * 0.7) | 1
        var granted: Int64 = 0
        var t: Int64 = 0
        while t <= end {
            while bucket.tryTake(now: t) { granted += 1 }
            let expected = Self.expectedGrants(bucket, by: t)
            if granted != expected {
                Issue.record("rate \(rate) burst \(burst): \(granted) tokens by \(t)ns, expected \(expected)")
                return
            }
            t += burst > 1 ? step : max(1, bucket.nanosecondsUntilToken(now: t))
        }
        #expect(granted > Int64(burst) || rate < 0.01)
    }

    @Test func test_aHalfTokenRateGrantsOneTokenEveryTwoSeconds_toTheNanosecond() {
        var bucket = TokenBucket(rate: 0.5, burst: 1)
        let first = bucket.tryTake(now: 0)
        #expect(first)
        for k in Int64(1)...1_000 {
            let due = 2 * k * Self.second
            let early = bucket.tryTake(now: due - 1), onTime = bucket.tryTake(now: due)
            #expect(!early && onTime, "token \(k)")
        }
    }

    @Test func test_anIdleBucketRefillsToBurstAndNoFurther() {
        var bucket = TokenBucket(rate: 100, burst: 7)
        while bucket.tryTake(now: 0) {}
        let refilled = bucket.tokens(now: 3_600 * Self.second)
        #expect(refilled == 7)
        let taken = (0..<10).filter { _ in bucket.tryTake(now: 3_600 * Self.second) }.count
        #expect(taken == 7)
        let later = bucket.tokens(now: 1_000_000 * 3_600 * Self.second)
        #expect(later == 7, "a very long idle span cannot overflow")
    }

    @Test func test_anEarlierInstantAddsNothing() {
        var bucket = TokenBucket(rate: 1, burst: 1, now: 10 * Self.second)
        let first = bucket.tryTake(now: 10 * Self.second)
        #expect(first)
        let earlier = bucket.tryTake(now: 0), stillEarly = bucket.tryTake(now: 11 * Self.second - 1), due = bucket.tryTake(now: 11 * Self.second)
        #expect(!earlier && !stillEarly && due)
    }

    @Test func test_theWaitForTheNextTokenIsExact() {
        var random = SeededGenerator(seed: 9, stream: "bucket-wait")
        for _ in 0..<2_000 {
            let rate = Double(1 + random.nextIndex(below: 5_000_000)) / 1000
            var bucket = TokenBucket(rate: rate, burst: 1 + random.nextIndex(below: 5))
            var now = Int64(random.nextIndex(below: 1_000_000_000))
            while bucket.tryTake(now: now) {}
            now += Int64(random.nextIndex(below: 1_000_000))
            let wait = bucket.nanosecondsUntilToken(now: now)
            var probe = bucket
            let early = wait > 0 ? probe.tryTake(now: now + wait - 1) : false
            let onTime = bucket.tryTake(now: now + wait)
            #expect(!early && onTime, "rate \(rate): wait \(wait)")
        }
    }

    @Test func test_defaultBurstIsOneSecondOfTokens() {
        #expect(RateLimitSpec(rate: 100).burst == 100)
        #expect(RateLimitSpec(rate: 2.5).burst == 3)
        #expect(RateLimitSpec(rate: 0.2).burst == 1)
        #expect(RateLimitSpec(rate: 5e6, burst: 8).burst == 8)
    }
}
