import Testing
@testable import Actors
import Scenarios

/// gobreaker v2's rolling buckets: v2/gobreaker_test.go TestRollingWindowCircuitBreaker and v2/counter_test.go.
@Suite struct ConsecutiveBreakerBucketTests {
    let second = ConsecutiveBreakerTests.second

    // upstream: v2/gobreaker_test.go TestRollingWindowCircuitBreaker
    @Test func test_rollingBucketsLetTheOldestBucketLeaveAndTripOnTheRatioOfWhatRemains() {
        var rig = BreakerRig(ConsecutiveBreakerTests.rolling)
        for _ in 0..<5 { rig.call(.success); rig.call(.failure); rig.call(.ignored) }
        let first = ConsecutiveCounts(requests: 15, totalSuccesses: 5, totalFailures: 5, totalExclusions: 5, consecutiveFailures: 1)
        #expect(rig.look() == .closed)
        #expect(rig.counts == first && rig.breaker.bucket(at: 0) == first)

        rig.sleep(3 * second)
        rig.call(.success)
        #expect(rig.counts == ConsecutiveCounts(requests: 16, totalSuccesses: 6, totalFailures: 5, totalExclusions: 5, consecutiveSuccesses: 1))
        #expect(rig.breaker.bucket(at: -1) == first)
        #expect(rig.breaker.bucket(at: 0) == ConsecutiveCounts(requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1))

        rig.sleep(2 * second)
        rig.call(.success)
        rig.call(.ignored)
        let second2 = ConsecutiveCounts(requests: 3, totalSuccesses: 2, totalExclusions: 1, consecutiveSuccesses: 2)
        #expect(rig.counts == ConsecutiveCounts(requests: 18, totalSuccesses: 7, totalFailures: 5, totalExclusions: 6, consecutiveSuccesses: 2))
        #expect(rig.breaker.bucket(at: -1) == first && rig.breaker.bucket(at: 0) == second2)

        rig.sleep(2 * second)
        let ageBefore = rig.breaker.bucketAge
        rig.call(.ignored)
        #expect(rig.breaker.bucketAge > ageBefore, "an excluded call's admission rolls the buckets on")
        rig.call(.success)
        let third = ConsecutiveCounts(requests: 2, totalSuccesses: 1, totalExclusions: 1, consecutiveSuccesses: 1)
        #expect(rig.counts == ConsecutiveCounts(requests: 20, totalSuccesses: 8, totalFailures: 5, totalExclusions: 7, consecutiveSuccesses: 3))
        #expect(rig.breaker.bucket(at: -2) == first && rig.breaker.bucket(at: -1) == second2 && rig.breaker.bucket(at: 0) == third)

        rig.sleep(2 * second)
        rig.call(.failure)
        #expect(rig.counts == ConsecutiveCounts(requests: 21, totalSuccesses: 8, totalFailures: 6, totalExclusions: 7, consecutiveFailures: 1))
        #expect(rig.breaker.bucket(at: -3) == first && rig.breaker.bucket(at: -2) == second2 && rig.breaker.bucket(at: -1) == third)
        #expect(rig.breaker.bucket(at: 0) == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))

        for i in 0..<6 {
            rig.sleep(3 * second)
            rig.call(.success)
            rig.call(.failure)
            #expect(rig.counts == ConsecutiveCounts(requests: 23 + 2 * i, totalSuccesses: 9 + i, totalFailures: 7 + i, totalExclusions: 7, consecutiveFailures: 1))
        }

        rig.sleep(3 * second)  // the first bucket leaves
        rig.call(.failure)
        #expect(rig.counts == ConsecutiveCounts(requests: 19, totalSuccesses: 9, totalFailures: 8, totalExclusions: 2, consecutiveFailures: 2))
        for i in 0..<5 {
            rig.call(.failure)
            #expect(rig.counts == ConsecutiveCounts(requests: 20 + i, totalSuccesses: 9, totalFailures: 9 + i, totalExclusions: 2, consecutiveFailures: 3 + i))
        }
        #expect(rig.look() == .closed)
        rig.call(.failure)  // 14 failures of 23 valid requests ≥ 0.6
        #expect(rig.look() == .open && rig.breaker.expiry != nil)

        rig.sleep(90 * second + 1)
        #expect(rig.look() == .halfOpen && rig.breaker.expiry == nil)
        rig.call(.success)
        rig.call(.success)
        #expect(rig.counts == ConsecutiveCounts(requests: 2, totalSuccesses: 2, consecutiveSuccesses: 2))
        let inFlight = rig.admit()
        #expect(rig.counts == ConsecutiveCounts(requests: 3, totalSuccesses: 2, consecutiveSuccesses: 2))
        #expect(rig.call(.success) == .tooManyRequests)
        rig.finish(.success, inFlight)
        #expect(rig.look() == .closed && rig.counts == ConsecutiveCounts() && rig.breaker.expiry == nil)
        #expect(rig.log == ["closed->open", "open->half_open", "half_open->closed"])
    }

    @Test func test_intervalIsRoundedUpToAWholeNumberOfBuckets() {
        // 10 s in 3 s buckets: 4 buckets, 12 s. A result stays until its bucket is 4 buckets old.
        var rig = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(10), bucketPeriod: .seconds(3)))
        #expect(rig.breaker.policy.buckets?.count == 4 && rig.breaker.policy.buckets?.interval == .seconds(12))
        rig.call(.failure)
        rig.sleep(12 * second - 1)
        #expect(rig.look() == .closed && rig.counts.totalFailures == 1, "still there after the 10 s asked for")
        rig.sleep(1)
        _ = rig.look()
        #expect(rig.counts == ConsecutiveCounts(), "gone at 12 s, when its bucket leaves")
    }

    @Test func test_aResultWhoseBucketRolledOutIsDroppedButAYoungerOneCountsInItsOwnBucket() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(2), bucketPeriod: .seconds(1)))
        let old = rig.admit()
        rig.sleep(second)
        let young = rig.admit()
        rig.sleep(second)  // age 2: the bucket of `old` (age 0) has left; `young` (age 1) is the oldest one left
        rig.finish(.failure, old)
        #expect(rig.counts == ConsecutiveCounts(requests: 1))
        rig.finish(.failure, young)
        #expect(rig.counts == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))
        #expect(rig.breaker.bucket(at: -1) == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))
        rig.sleep(second)
        _ = rig.look()
        #expect(rig.counts == ConsecutiveCounts(), "evicting subtracts the bucket's totals and its streak")
    }

    @Test func test_aStreakThatBeganAfterTheEvictedBucketIsKeptWhole() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(2), bucketPeriod: .seconds(1)))
        rig.call(.failure)
        rig.call(.success)
        rig.sleep(second)
        rig.call(.success)
        #expect(rig.counts.consecutiveSuccesses == 2)
        rig.sleep(second)
        _ = rig.look()
        // The evicted bucket ended on 1 success (its streak), plus 1 success younger: 2 = the streak, so it shrinks by 1.
        #expect(rig.counts == ConsecutiveCounts(requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1))

        var kept = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(2), bucketPeriod: .seconds(1)))
        kept.call(.success)
        kept.call(.failure)
        kept.sleep(second)
        kept.call(.success)
        kept.call(.failure)
        kept.call(.failure)
        kept.sleep(second)
        _ = kept.look()
        // The current failure streak (2) is not the evicted bucket's streak (1) plus all younger failures (2): kept.
        #expect(kept.counts == ConsecutiveCounts(requests: 3, totalSuccesses: 1, totalFailures: 2, consecutiveFailures: 2))
    }

    // upstream: v2/counter_test.go TestCountsMethods
    @Test func test_countsKeepStreaksAndTotals() {
        var counts = ConsecutiveCounts()
        counts.countRequest()
        counts.countSuccess()
        #expect(counts == ConsecutiveCounts(requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1))
        counts.countRequest(); counts.countSuccess()
        #expect(counts == ConsecutiveCounts(requests: 2, totalSuccesses: 2, consecutiveSuccesses: 2))
        counts.countRequest(); counts.countFailure()
        #expect(counts == ConsecutiveCounts(requests: 3, totalSuccesses: 2, totalFailures: 1, consecutiveFailures: 1))
        counts.countRequest(); counts.countFailure()
        #expect(counts == ConsecutiveCounts(requests: 4, totalSuccesses: 2, totalFailures: 2, consecutiveFailures: 2))
        counts.countRequest(); counts.countExclusion()
        #expect(counts == ConsecutiveCounts(requests: 5, totalSuccesses: 2, totalFailures: 2, totalExclusions: 1, consecutiveFailures: 2))
        #expect(counts.validRequests == 4)
        #expect(ConsecutiveCounts(requests: 1, totalExclusions: 3).validRequests == 0)
    }

    // upstream: v2/counter_test.go TestNewRollingCounts, TestRollingCountsIndex, TestRollingCountsCurrent
    @Test func test_aNewRingIsEmptyAndItsCurrentBucketWrapsAround() {
        var ring = RollingBuckets(count: 5)
        #expect(ring.count == 5 && ring.age == 0 && ring.totals == ConsecutiveCounts())
        ring.countRequest()
        for age in 1...6 {
            ring.roll()
            #expect(ring.age == UInt64(age))
            // The first bucket is `age` places back until the fifth roll makes it current again and clears it.
            let first = age < 5 ? ConsecutiveCounts(requests: 1) : ConsecutiveCounts()
            #expect(ring.bucket(at: -age) == first && ring.totals == first)
        }
        #expect(RollingBuckets(count: 0).count == 1, "no buckets is a fixed window of one")
    }

    // upstream: v2/counter_test.go TestRollingCountsMethods
    @Test func test_resultsCountInTheBucketOfTheirAdmissionAndRollingSubtractsTheOldest() {
        var ring = RollingBuckets(count: 2)
        ring.countRequest(); ring.count(.success, admittedAge: 0)
        ring.countRequest(); ring.count(.failure, admittedAge: 0)
        ring.countRequest(); ring.count(.success, admittedAge: 0)
        ring.countRequest(); ring.count(.ignored, admittedAge: 0)
        let full = ConsecutiveCounts(requests: 4, totalSuccesses: 2, totalFailures: 1, totalExclusions: 1, consecutiveSuccesses: 1)
        #expect(ring.totals == full && ring.bucket(at: 0) == full && ring.bucket(at: 1) == ConsecutiveCounts())
        ring.roll()
        #expect(ring.age == 1 && ring.totals == full && ring.bucket(at: -1) == full)
        ring.countRequest()
        ring.count(.success, admittedAge: 1)
        #expect(ring.totals == ConsecutiveCounts(requests: 5, totalSuccesses: 3, totalFailures: 1, totalExclusions: 1, consecutiveSuccesses: 2))
        #expect(ring.bucket(at: 0) == ConsecutiveCounts(requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1))
        ring.roll()
        #expect(ring.age == 2)
        #expect(ring.totals == ConsecutiveCounts(requests: 1, totalSuccesses: 1, consecutiveSuccesses: 1))
        #expect(ring.bucket(at: 0) == ConsecutiveCounts())
        ring.clear()
        #expect(ring.age == 0 && ring.totals == ConsecutiveCounts() && ring.bucket(at: 1) == ConsecutiveCounts())
    }

    // upstream: v2/counter_test.go TestRollingCountsGrow
    @Test func test_growingRollsOncePerPeriodClearsAfterAWholeRingAndDropsResultsOutsideIt() {
        var ring = RollingBuckets(count: 2)
        let mixed = ConsecutiveCounts(requests: 3, totalSuccesses: 1, totalFailures: 1, totalExclusions: 1, consecutiveFailures: 1)
        for verdict in [CallVerdict.success, .failure, .ignored] { ring.countRequest(); ring.count(verdict, admittedAge: 0) }
        ring.grow(to: 0)
        #expect(ring.age == 0 && ring.totals == mixed && ring.bucket(at: 0) == mixed)
        ring.grow(to: 1)
        #expect(ring.age == 1 && ring.totals == mixed && ring.bucket(at: 0) == ConsecutiveCounts() && ring.bucket(at: 1) == mixed)
        ring.grow(to: 0)
        #expect(ring.age == 1 && ring.totals == mixed)
        ring.grow(to: 2)
        #expect(ring.age == 2 && ring.totals == ConsecutiveCounts())
        for admittedAge: UInt64 in [0, 3] {
            for verdict in [CallVerdict.success, .failure, .ignored] { ring.countRequest(); ring.count(verdict, admittedAge: admittedAge) }
        }
        #expect(ring.totals == ConsecutiveCounts(requests: 6), "age 0 rolled out, age 3 is in the future")
        for verdict in [CallVerdict.success, .failure, .ignored] { ring.countRequest(); ring.count(verdict, admittedAge: 1) }
        #expect(ring.totals == ConsecutiveCounts(requests: 9, totalSuccesses: 1, totalFailures: 1, totalExclusions: 1, consecutiveFailures: 1))
        #expect(ring.bucket(at: 0) == ConsecutiveCounts(requests: 9))
        #expect(ring.bucket(at: 1) == ConsecutiveCounts(totalSuccesses: 1, totalFailures: 1, totalExclusions: 1, consecutiveFailures: 1))
        for verdict in [CallVerdict.success, .failure, .ignored] { ring.countRequest(); ring.count(verdict, admittedAge: 2) }
        #expect(ring.totals == ConsecutiveCounts(requests: 12, totalSuccesses: 2, totalFailures: 2, totalExclusions: 2, consecutiveFailures: 1))
        #expect(ring.bucket(at: 0) == ConsecutiveCounts(requests: 12, totalSuccesses: 1, totalFailures: 1, totalExclusions: 1, consecutiveFailures: 1))
        ring.grow(to: 4)
        #expect(ring.age == 4 && ring.totals == ConsecutiveCounts() && ring.bucket(at: 0) == ConsecutiveCounts() && ring.bucket(at: 1) == ConsecutiveCounts())
    }

    // upstream: v2/counter_test.go TestRollingCountsBucketAt
    @Test func test_bucketOffsetsWrapBothWays() {
        var ring = RollingBuckets(count: 2)
        ring.countRequest(); ring.count(.failure, admittedAge: 0)
        ring.countRequest()
        #expect(ring.bucket(at: 2) == ConsecutiveCounts(requests: 2, totalFailures: 1, consecutiveFailures: 1) && ring.bucket(at: 3) == ConsecutiveCounts())
        ring.count(.success, admittedAge: 0)
        #expect(ring.bucket(at: -2) == ConsecutiveCounts(requests: 2, totalSuccesses: 1, totalFailures: 1, consecutiveSuccesses: 1))
        #expect(ring.bucket(at: -3) == ConsecutiveCounts())
        ring.countRequest(); ring.count(.failure, admittedAge: 0)
        ring.roll()
        ring.countRequest(); ring.count(.failure, admittedAge: 1)
        ring.countRequest(); ring.count(.ignored, admittedAge: 0)
        #expect(ring.totals == ConsecutiveCounts(requests: 5, totalSuccesses: 1, totalFailures: 3, totalExclusions: 1, consecutiveFailures: 2))
        #expect(ring.bucket(at: 0) == ConsecutiveCounts(requests: 2, totalFailures: 1, consecutiveFailures: 1))
        #expect(ring.bucket(at: 1) == ConsecutiveCounts(requests: 3, totalSuccesses: 1, totalFailures: 2, totalExclusions: 1, consecutiveFailures: 1))
        ring.roll()
        #expect(ring.age == 2)
        #expect(ring.totals == ConsecutiveCounts(requests: 2, totalFailures: 1, consecutiveFailures: 1))
        #expect(ring.bucket(at: 1) == ConsecutiveCounts(requests: 2, totalFailures: 1, consecutiveFailures: 1))
    }
}
