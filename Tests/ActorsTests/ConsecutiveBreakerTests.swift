import Testing
@testable import Actors
import Scenarios

/// gobreaker's own unit tests (gobreaker_test.go, v2/gobreaker_test.go), replayed on a virtual clock.
/// gobreaker's `pseudoSleep(cb, d)` moves the breaker's start and expiry back by d; here the clock moves
/// forward by d instead, which is the same thing. Where an upstream test relies on the few microseconds a
/// real call takes to get strictly past an expiry, the port steps 1 ns past it.
@Suite struct ConsecutiveBreakerTests {
    static let second: Int64 = 1_000_000_000
    static let millisecond: Int64 = 1_000_000
    /// gobreaker_test.go newCustom: MaxRequests 3, Interval 30 s, Timeout 90 s, trips at 3+ requests with a
    /// failure ratio of 0.6 or more.
    static let custom = ConsecutiveBreakerPolicy(maxRequests: 3, interval: .seconds(30), timeout: .seconds(90),
                                                 readyToTrip: .failureRatio(0.6, minRequests: 3))
    /// v2/gobreaker_test.go newRollingWindow: newCustom with 3 s buckets.
    static let rolling = ConsecutiveBreakerPolicy(maxRequests: 3, interval: .seconds(30), bucketPeriod: .seconds(3), timeout: .seconds(90),
                                                  readyToTrip: .failureRatio(0.6, minRequests: 3))
    let second = Self.second

    // upstream: gobreaker_test.go TestNewCircuitBreaker, v2/gobreaker_test.go TestNewCircuitBreaker
    @Test func test_newBreakerNormalisesDefaultsAndStartsClosedAndEmpty() {
        let plain = ConsecutiveBreaker(policy: ConsecutiveBreakerPolicy(), at: 0)
        #expect(plain.policy.effectiveMaxRequests == 1)
        #expect(plain.policy.effectiveTimeout == .seconds(60))
        #expect(plain.state == .closed && plain.counts == ConsecutiveCounts() && plain.expiry == nil)

        let custom = ConsecutiveBreaker(policy: Self.custom, at: 0)
        #expect(custom.policy.effectiveMaxRequests == 3 && custom.policy.effectiveTimeout == .seconds(90))
        #expect(custom.state == .closed && custom.counts == ConsecutiveCounts())
        #expect(custom.expiry == 30 * second)

        let rolling = ConsecutiveBreaker(policy: Self.rolling, at: 0)
        #expect(Self.rolling.buckets?.count == 10)
        #expect(rolling.expiry == nil, "rolling buckets never clear the whole generation")

        let negative = ConsecutiveBreaker(policy: ConsecutiveBreakerPolicy(interval: .seconds(-30), timeout: .seconds(-90)), at: 0)
        #expect(negative.policy.effectiveTimeout == .seconds(60))
        #expect(negative.state == .closed && negative.counts == ConsecutiveCounts() && negative.expiry == nil)
    }

    // upstream: gobreaker_test.go TestDefaultCircuitBreaker, v2/gobreaker_test.go TestDefaultCircuitBreaker
    @Test func test_defaultBreakerTripsOnTheSixthConsecutiveFailureAndRecoversAfterSixtySeconds() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        for _ in 0..<5 { #expect(rig.call(.failure) == nil) }
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts(requests: 5, totalFailures: 5, consecutiveFailures: 5))
        #expect(rig.call(.success) == nil)
        #expect(rig.counts == ConsecutiveCounts(requests: 6, totalSuccesses: 1, totalFailures: 5, consecutiveSuccesses: 1))
        #expect(rig.call(.failure) == nil)
        #expect(rig.counts == ConsecutiveCounts(requests: 7, totalSuccesses: 1, totalFailures: 6, consecutiveFailures: 1))

        for _ in 0..<5 { #expect(rig.call(.failure) == nil) }
        #expect(rig.look() == .open)
        #expect(rig.counts == ConsecutiveCounts())
        #expect(rig.call(.success) == .open)
        #expect(rig.call(.failure) == .open)
        #expect(rig.counts == ConsecutiveCounts())

        rig.sleep(60 * second - Self.millisecond)
        #expect(rig.look() == .open)
        rig.sleep(second)
        #expect(rig.look() == .halfOpen)
        #expect(rig.breaker.expiry == nil)

        #expect(rig.call(.failure) == nil)
        #expect(rig.look() == .open)
        #expect(rig.counts == ConsecutiveCounts())
        rig.sleep(60 * second + 1)
        #expect(rig.look() == .halfOpen)
        #expect(rig.call(.success) == nil)
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts() && rig.breaker.expiry == nil)
        #expect(rig.log == ["closed->open", "open->half_open", "half_open->open", "open->half_open", "half_open->closed"])
    }

    // upstream: gobreaker_test.go TestTwoStepCircuitBreaker (Allow, then done(success))
    @Test func test_admissionAndResultAsTwoStepsBehaveLikeOneCall() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        for _ in 0..<5 {
            let admission = rig.admit()
            #expect(admission.admitted)
            rig.finish(.failure, admission)
        }
        #expect(rig.counts == ConsecutiveCounts(requests: 5, totalFailures: 5, consecutiveFailures: 5))
        rig.finish(.success, rig.admit())
        rig.finish(.failure, rig.admit())
        #expect(rig.counts == ConsecutiveCounts(requests: 7, totalSuccesses: 1, totalFailures: 6, consecutiveFailures: 1))
        for _ in 0..<5 { rig.finish(.failure, rig.admit()) }
        #expect(rig.look() == .open)
        #expect(rig.admit().refusal == .open)
        rig.sleep(59 * second)
        #expect(rig.look() == .open)
        rig.sleep(second + 1)
        #expect(rig.look() == .halfOpen)
        rig.finish(.failure, rig.admit())
        #expect(rig.look() == .open)
        rig.sleep(60 * second + 1)
        #expect(rig.look() == .halfOpen)
        rig.finish(.success, rig.admit())
        #expect(rig.look() == .closed && rig.counts == ConsecutiveCounts())
    }

    // upstream: gobreaker_test.go TestCustomCircuitBreaker (v1: no exclusions)
    @Test func test_customBreakerClearsEachIntervalTripsOnRatioAndClosesAfterThreeTrials() {
        var rig = BreakerRig(Self.custom)
        for _ in 0..<5 { rig.call(.success); rig.call(.failure) }
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts(requests: 10, totalSuccesses: 5, totalFailures: 5, consecutiveFailures: 1))
        rig.sleep(29 * second)
        rig.call(.success)
        #expect(rig.counts == ConsecutiveCounts(requests: 11, totalSuccesses: 6, totalFailures: 5, consecutiveSuccesses: 1))
        rig.sleep(second + 1)
        rig.call(.failure)
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))
        rig.call(.success)
        rig.call(.failure)
        #expect(rig.look() == .open, "2 failures of 3 requests ≥ 0.6")
        #expect(rig.counts == ConsecutiveCounts())
        rig.sleep(90 * second + 1)
        #expect(rig.look() == .halfOpen)
        rig.call(.success)
        rig.call(.success)
        #expect(rig.look() == .halfOpen)
        #expect(rig.counts == ConsecutiveCounts(requests: 2, totalSuccesses: 2, consecutiveSuccesses: 2))
        let inFlight = rig.admit()
        #expect(inFlight.admitted)
        rig.sleep(50 * Self.millisecond)
        #expect(rig.counts == ConsecutiveCounts(requests: 3, totalSuccesses: 2, consecutiveSuccesses: 2))
        #expect(rig.call(.success) == .tooManyRequests, "the call in flight holds the third slot")
        rig.sleep(50 * Self.millisecond)
        rig.finish(.success, inFlight)
        #expect(rig.look() == .closed && rig.counts == ConsecutiveCounts())
        #expect(rig.breaker.expiry != nil)
        #expect(rig.log == ["closed->open", "open->half_open", "half_open->closed"])
    }

    // upstream: v2/gobreaker_test.go TestCustomCircuitBreaker (with exclusions)
    @Test func test_exclusionsCountAsNeitherAndFreeTheirHalfOpenSlot() {
        var rig = BreakerRig(Self.custom)
        for _ in 0..<5 { rig.call(.success); rig.call(.failure); rig.call(.ignored) }
        #expect(rig.counts == ConsecutiveCounts(requests: 15, totalSuccesses: 5, totalFailures: 5, totalExclusions: 5, consecutiveFailures: 1))
        rig.sleep(30 * second - Self.millisecond)
        rig.call(.success)
        #expect(rig.counts == ConsecutiveCounts(requests: 16, totalSuccesses: 6, totalFailures: 5, totalExclusions: 5, consecutiveSuccesses: 1))
        rig.sleep(second)
        rig.call(.failure)
        #expect(rig.counts == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))
        rig.call(.success)
        rig.call(.failure)
        #expect(rig.look() == .open)
        rig.sleep(90 * second + 1)
        #expect(rig.look() == .halfOpen)
        for _ in 0..<4 { #expect(rig.call(.ignored) == nil, "excluded calls give their slot back") }
        #expect(rig.look() == .halfOpen)
        rig.call(.failure)
        #expect(rig.look() == .open && rig.counts == ConsecutiveCounts())
        rig.sleep(90 * second + 1)
        #expect(rig.look() == .halfOpen)
        rig.call(.success)
        rig.call(.success)
        #expect(rig.counts == ConsecutiveCounts(requests: 2, totalSuccesses: 2, consecutiveSuccesses: 2))
        let inFlight = rig.admit()
        #expect(rig.call(.success) == .tooManyRequests)
        rig.finish(.success, inFlight)
        #expect(rig.look() == .closed && rig.counts == ConsecutiveCounts())
        #expect(rig.log == ["closed->open", "open->half_open", "half_open->open", "open->half_open", "half_open->closed"])
    }

    // upstream: gobreaker_test.go TestPanicInRequest, v2/gobreaker_test.go TestPanicInRequest
    @Test func test_aCallThatDiesCountsAsAFailure() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        rig.finish(.failure, rig.admit())
        #expect(rig.counts == ConsecutiveCounts(requests: 1, totalFailures: 1, consecutiveFailures: 1))
    }

    // upstream: gobreaker_test.go TestGeneration, v2/gobreaker_test.go TestGeneration
    @Test func test_aResultAdmittedBeforeTheIntervalEndedIsDropped() {
        var rig = BreakerRig(Self.custom)
        rig.sleep(29 * second)
        rig.call(.success)
        let late = rig.admit()
        rig.sleep(500 * Self.millisecond)
        #expect(rig.counts == ConsecutiveCounts(requests: 2, totalSuccesses: 1, consecutiveSuccesses: 1))
        rig.sleep(500 * Self.millisecond)
        #expect(rig.look() == .closed)
        #expect(rig.counts.requests == 2, "exactly at the expiry instant the generation still holds")
        rig.sleep(1)
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts())
        rig.sleep(500 * Self.millisecond)
        rig.finish(.success, late)
        #expect(rig.counts == ConsecutiveCounts())
    }

    // upstream: gobreaker_test.go TestCustomIsSuccessful, v2/gobreaker_test.go TestCustomIsSuccessful
    @Test func test_whatTheVerdictSaysIsWhatCounts() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        for _ in 0..<5 { rig.call(.success) }  // errors judged successful
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts(requests: 5, totalSuccesses: 5, consecutiveSuccesses: 5))
        for _ in 0..<6 { rig.call(.failure) }
        #expect(rig.look() == .open)
    }

    // upstream: gobreaker_test.go TestCircuitBreakerInParallel, v2/gobreaker_test.go TestCircuitBreakerInParallel
    @Test func test_manyCallsInFlightAtOnceAreAllCounted() {
        var rig = BreakerRig(Self.custom)
        for _ in 0..<1_000 {
            let admissions = (0..<10).map { _ in rig.admit() }
            #expect(admissions.allSatisfy { $0.admitted })
            for (index, admission) in admissions.enumerated() { rig.finish(index % 2 == 0 ? .success : .ignored, admission) }
        }
        #expect(rig.counts == ConsecutiveCounts(requests: 10_000, totalSuccesses: 5_000, totalExclusions: 5_000, consecutiveSuccesses: 5_000))
    }

    // upstream: v2/gobreaker_test.go TestRollingWindowCircuitBreakerInParallel
    @Test func test_interleavedSuccessesFailuresAndExclusionsInRollingBucketsNeverTrip() {
        var rig = BreakerRig(Self.rolling)
        for round in 0..<100 {
            let admissions = (0..<12).map { _ in rig.admit() }
            #expect(admissions.allSatisfy { $0.admitted })
            let verdict: CallVerdict = [.success, .failure, .ignored][round % 3]
            for admission in admissions { rig.finish(verdict, admission) }
        }
        #expect(rig.look() == .closed)
        #expect(rig.counts == ConsecutiveCounts(requests: 1_200, totalSuccesses: 408, totalFailures: 396, totalExclusions: 396, consecutiveSuccesses: 12))
    }

    // upstream: v2/gobreaker_test.go TestIsExcludedAndIsSuccessfulCombination
    @Test func test_exclusionsAreJudgedBeforeSuccessAndFailure() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        for _ in 0..<3 { rig.call(.ignored) }
        #expect(rig.counts == ConsecutiveCounts(requests: 3, totalExclusions: 3))
        for _ in 0..<3 { rig.call(.success) }
        #expect(rig.counts == ConsecutiveCounts(requests: 6, totalSuccesses: 3, totalExclusions: 3, consecutiveSuccesses: 3))
        for _ in 0..<2 { rig.call(.failure) }
        #expect(rig.counts == ConsecutiveCounts(requests: 8, totalSuccesses: 3, totalFailures: 2, totalExclusions: 3, consecutiveFailures: 2))
    }
}

/// A consecutive breaker on a virtual clock, with gobreaker's test helpers: `call` is `succeed`/`fail`/
/// `exclude` (admit, and complete at once), `look` is `State()`, `sleep` is `pseudoSleep`.
struct BreakerRig {
    var breaker: ConsecutiveBreaker
    var now: Int64 = 0
    var transitions: [BreakerTransition] = []

    init(_ policy: ConsecutiveBreakerPolicy, at start: Int64 = 0) {
        breaker = ConsecutiveBreaker(policy: policy, at: start)
        now = start
    }

    var counts: ConsecutiveCounts { breaker.counts }
    var log: [String] { transitions.map(\.description) }

    mutating func sleep(_ span: Int64) { now += span }

    mutating func look() -> BreakerState { breaker.look(at: now) { transitions.append($0) } }

    mutating func admit() -> Admission { breaker.admit(at: now) { transitions.append($0) } }

    mutating func finish(_ verdict: CallVerdict, _ admission: Admission) {
        breaker.record(verdict, ticket: admission.ticket, at: now) { transitions.append($0) }
    }

    @discardableResult
    mutating func call(_ verdict: CallVerdict) -> Refusal? {
        let admission = admit()
        if admission.admitted { finish(verdict, admission) }
        return admission.refusal
    }

    mutating func unasked(_ verdict: CallVerdict) { breaker.recordUnasked(verdict, at: now) { transitions.append($0) } }

    mutating func apply(_ operation: BreakerOperation) -> BreakerOperationError? {
        breaker.apply(operation, at: now) { transitions.append($0) }
    }
}
