import Testing
@testable import Actors
import Scenarios

/// The `window` breaker's sliding windows, metrics and open waits, ported from resilience4j's own tests
/// (each test names the upstream test it follows).
@Suite struct WindowMetricsTests {
    let ms: Int64 = 1_000_000
    let second: Int64 = 1_000_000_000

    // MARK: Count window (FixedSizeSlidingWindowMetricsTest)

    // upstream: FixedSizeSlidingWindowMetricsTest.checkInitialBucketCreation
    @Test func test_aFreshCountWindowIsEmpty() {
        let window = SlidingCountWindow(size: 5)
        #expect(window.total == .empty)
        #expect(window.total.failureRate == 0)
        #expect(window.total.averageDurationMilliseconds == 0)
    }

    // upstream: FixedSizeSlidingWindowMetricsTest.testRecordSuccess, testRecordError, testRecordSlowSuccess
    @Test func test_oneRecordedCallShowsInTheTotals() {
        var success = SlidingCountWindow(size: 5)
        let afterSuccess = success.record(failed: false, slow: false, duration: 100 * ms)
        #expect(afterSuccess == CallAggregate(calls: 1, failed: 0, slow: 0, slowFailed: 0, durationMilliseconds: 100))
        #expect(afterSuccess.failureRate == 0)
        var error = SlidingCountWindow(size: 5)
        let afterError = error.record(failed: true, slow: false, duration: 100 * ms)
        #expect(afterError.failed == 1 && afterError.failureRate == 100 && afterError.averageDurationMilliseconds == 100)
        var slow = SlidingCountWindow(size: 5)
        let afterSlow = slow.record(failed: false, slow: true, duration: 100 * ms)
        #expect(afterSlow == CallAggregate(calls: 1, failed: 0, slow: 1, slowFailed: 0, durationMilliseconds: 100))
    }

    // upstream: FixedSizeSlidingWindowMetricsTest.testSlowCallsPercentage (and SlidingTimeWindowMetricsTest's twin)
    @Test func test_aSlowErrorCountsAsFailedAndSlow() {
        var count = SlidingCountWindow(size: 5)
        var time = SlidingTimeWindow(seconds: 5, at: 0)
        let calls: [(failed: Bool, slow: Bool, duration: Int64)] = [(false, true, 10_000 * ms), (true, true, 10_000 * ms),
                                                                    (false, false, 100 * ms), (false, false, 100 * ms), (false, false, 100 * ms)]
        for call in calls {
            _ = count.record(failed: call.failed, slow: call.slow, duration: call.duration)
            _ = time.record(failed: call.failed, slow: call.slow, duration: call.duration, at: 0)
        }
        for total in [count.total, time.total(at: 0)] {
            #expect(total == CallAggregate(calls: 5, failed: 1, slow: 2, slowFailed: 1, durationMilliseconds: 20_300))
            #expect(total.calls - total.failed == 4)
            #expect(total.slow - total.slowFailed == 1)
            #expect(total.averageDurationMilliseconds == 4060)
            #expect(total.slowCallRate == 40)
        }
    }

    // upstream: FixedSizeSlidingWindowMetricsTest.testMoveHeadIndexByOne
    @Test func test_theHeadWrapsAroundTheRing() {
        var window = SlidingCountWindow(size: 3)
        var heads: [Int] = [window.head]
        for _ in 0..<4 { window.moveHeadByOne(); heads.append(window.head) }
        #expect(heads == [0, 1, 2, 0, 1])
    }

    // upstream: FixedSizeSlidingWindowMetricsTest.testSlidingWindowMetrics
    @Test func test_aFullCountWindowEvictsItsOldestCall() {
        var window = SlidingCountWindow(size: 4)
        var rates: [Float] = []
        var calls: [Int] = []
        for failed in [true, false, false, false, false] {
            let total = window.record(failed: failed, slow: false, duration: 100 * ms)
            rates.append(total.failureRate)
            calls.append(total.calls)
            #expect(total.averageDurationMilliseconds == 100)
        }
        #expect(calls == [1, 2, 3, 4, 4])
        #expect(rates == [100, 50, 33.333332, 25, 0])
        #expect(window.total.durationMilliseconds == 400)
    }

    // upstream: FixedSizeSlidingWindowMetricsTest.testSlidingWindowMetricsWithSlowCalls
    @Test func test_evictionTakesSlowCallsWithIt() {
        var window = SlidingCountWindow(size: 2)
        let first = window.record(failed: true, slow: true, duration: 100 * ms)
        #expect(first == CallAggregate(calls: 1, failed: 1, slow: 1, slowFailed: 1, durationMilliseconds: 100))
        let second = window.record(failed: false, slow: true, duration: 100 * ms)
        #expect(second == CallAggregate(calls: 2, failed: 1, slow: 2, slowFailed: 1, durationMilliseconds: 200))
        let third = window.record(failed: false, slow: false, duration: 100 * ms)
        #expect(third == CallAggregate(calls: 2, failed: 0, slow: 1, slowFailed: 0, durationMilliseconds: 200))
        let fourth = window.record(failed: false, slow: false, duration: 100 * ms)
        #expect(fourth == CallAggregate(calls: 2, failed: 0, slow: 0, slowFailed: 0, durationMilliseconds: 200))
    }

    @Test func test_durationsAreTruncatedToMillisecondsPerCall() {
        var window = SlidingCountWindow(size: 3)
        _ = window.record(failed: false, slow: false, duration: 1_999_999)
        _ = window.record(failed: false, slow: false, duration: 1_999_999)
        #expect(window.total.durationMilliseconds == 2)
    }

    @Test func test_aWindowOfSizeZeroKeepsNothing() {
        var window = SlidingCountWindow(size: 0)
        #expect(window.record(failed: true, slow: true, duration: second) == .empty)
    }

    // MARK: Time window (SlidingTimeWindowMetricsTest)

    // upstream: SlidingTimeWindowMetricsTest.checkInitialBucketCreation
    @Test func test_aFreshTimeWindowStartsAtTheCurrentSecond() {
        var window = SlidingTimeWindow(seconds: 5, at: 7 * second + 300 * ms)
        #expect(window.headSecond == 7)
        #expect(window.total(at: 7 * second + 300 * ms) == .empty)
    }

    // upstream: SlidingTimeWindowMetricsTest.testMoveHeadIndexByOne
    @Test func test_theTimeWindowsHeadWrapsOneBucketPerSecond() {
        var window = SlidingTimeWindow(seconds: 3, at: 0)
        var heads: [Int] = [window.head]
        for s in 1...4 { window.move(to: Int64(s) * second); heads.append(window.head) }
        #expect(heads == [0, 1, 2, 0, 1])
    }

    // upstream: SlidingTimeWindowMetricsTest.testSlidingTimeWindowMetrics
    @Test func test_theWholeOldestSecondLeavesAtOnce() {
        var window = SlidingTimeWindow(seconds: 5, at: 0)
        let steps: [(at: Int64, failed: Bool, calls: Int, failures: Int)] = [
            (0, true, 1, 1), (100 * ms, false, 2, 1), (200 * ms, false, 3, 1),
            (1_200 * ms, false, 4, 1), (2_200 * ms, false, 5, 1), (3_200 * ms, true, 6, 2), (4_200 * ms, false, 7, 2),
            // 5.2 s: second 0 (three calls, one failure) leaves together.
            (5_200 * ms, false, 5, 1), (6_200 * ms, false, 5, 1),
            // 11.2 s: everything older than second 7 is gone.
            (11_200 * ms, false, 1, 0),
        ]
        for step in steps {
            let total = window.record(failed: step.failed, slow: false, duration: 100 * ms, at: step.at)
            #expect(total.calls == step.calls, "at \(step.at)")
            #expect(total.failed == step.failures, "at \(step.at)")
            #expect(total.durationMilliseconds == Int64(step.calls) * 100, "at \(step.at)")
        }
    }

    // upstream: SlidingTimeWindowMetricsTest.shouldClearSlidingTimeWindowMetrics
    @Test func test_readingTheTimeWindowMovesIt() {
        var window = SlidingTimeWindow(seconds: 5, at: 0)
        _ = window.record(failed: true, slow: false, duration: 100 * ms, at: 0)
        _ = window.record(failed: false, slow: false, duration: 100 * ms, at: 100 * ms)
        let third = window.record(failed: true, slow: true, duration: 1_000 * ms, at: 800 * ms)
        #expect(third == CallAggregate(calls: 3, failed: 2, slow: 1, slowFailed: 1, durationMilliseconds: 1_200))
        #expect(third.averageDurationMilliseconds == 400)
        #expect(window.total(at: 4_800 * ms) == third)
        #expect(window.total(at: 5_800 * ms) == .empty)
        let fresh = window.record(failed: false, slow: false, duration: 100 * ms, at: 5_900 * ms)
        #expect(fresh == CallAggregate(calls: 1, failed: 0, slow: 0, slowFailed: 0, durationMilliseconds: 100))
        let later = window.record(failed: false, slow: false, duration: 100 * ms, at: 10_900 * ms)
        #expect(later == fresh)
    }

    // MARK: Metrics (CircuitBreakerMetricsTest)

    // upstream: CircuitBreakerMetricsTest.testCircuitBreakerMetrics
    @Test func test_metricsDecideOnlyFromTheMinimumNumberOfCalls() {
        let policy = WindowBreakerPolicy(slidingWindow: .init(type: .count, size: 10), minimumCalls: 10)
        var metrics = WindowMetrics.closed(policy, at: 0)
        var verdict = MetricsVerdict.belowThresholds
        for failed in [false, false, true, true] { verdict = metrics.record(failed: failed, duration: 0, at: 0) }
        metrics.callNotPermitted()
        metrics.callNotPermitted()
        #expect(verdict == .belowMinimumCalls)
        #expect(metrics.snapshot(at: 0) == WindowSnapshot(failureRate: -1, slowCallRate: -1, buffered: 4, successful: 2, failed: 2, slow: 0, notPermitted: 2))
        for failed in [true, true, true, true, false, false, false, false] { verdict = metrics.record(failed: failed, duration: 0, at: 0) }
        // 12 recorded, the last 10 kept: 6 failures, 4 successes.
        #expect(verdict == .exceeded)
        #expect(metrics.snapshot(at: 0).failureRate == 60)
        #expect(metrics.snapshot(at: 0).buffered == 10)
        for _ in 0..<3 { verdict = metrics.record(failed: false, duration: 0, at: 0) }
        #expect(verdict == .belowThresholds)
        #expect(metrics.snapshot(at: 0).failureRate == 30)
    }

    @Test func test_aCallIsSlowOnlyStrictlyAboveTheThreshold() {
        let policy = WindowBreakerPolicy(slidingWindow: .init(size: 10), minimumCalls: 1, slowCallDuration: .seconds(4))
        var metrics = WindowMetrics.closed(policy, at: 0)
        _ = metrics.record(failed: false, duration: 4 * second, at: 0)
        #expect(metrics.snapshot(at: 0).slow == 0)
        _ = metrics.record(failed: false, duration: 4 * second + 1, at: 0)
        #expect(metrics.snapshot(at: 0).slow == 1)
    }

    // upstream: CircuitBreakerConfigTest.shouldReduceMinimumNumberOfCallsToSlidingWindowSize,
    //           shouldAllowHighMinimumNumberOfCallsWhenSlidingWindowIsTimeBased
    @Test func test_theMinimumIsCappedByACountWindowButNotByATimeWindow() {
        let count = WindowBreakerPolicy(slidingWindow: .init(type: .count, size: 5), minimumCalls: 6)
        let time = WindowBreakerPolicy(slidingWindow: .init(type: .time, size: 10), minimumCalls: 100)
        #expect(WindowMetrics.closed(count, at: 0).minimumCalls == 5)
        #expect(WindowMetrics.closed(time, at: 0).minimumCalls == 100)
        let halfOpen = WindowBreakerPolicy(minimumCalls: 5, permittedInHalfOpen: 4)
        #expect(WindowMetrics.halfOpen(halfOpen, at: 0).minimumCalls == 4)
        #expect(WindowMetrics.halfOpen(WindowBreakerPolicy(minimumCalls: 2, permittedInHalfOpen: 4), at: 0).minimumCalls == 2)
    }

    // MARK: Open waits (IntervalFunction)

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterWaitInterval (IntervalFunction.ofExponentialBackoff(5000))
    @Test func test_exponentialWaitsTruncateAtEveryStep() {
        let wait = OpenWait(.exponential(initial: .seconds(5), multiplier: 1.5, max: nil))
        #expect((1...6).map { wait.milliseconds(forAttempt: $0) } == [5000, 7500, 11250, 16875, 25312, 37968])
        let capped = OpenWait(.exponential(initial: .seconds(5), multiplier: 1.5, max: .seconds(12)))
        #expect((1...4).map { capped.milliseconds(forAttempt: $0) } == [5000, 7500, 11250, 12000])
        #expect(capped.milliseconds(forAttempt: 1_000_000) == 12000)
        #expect(wait.milliseconds(forAttempt: 10_000) == Int64.max)
        #expect(wait.nanoseconds(forAttempt: 10_000) == Int64.max)
    }

    // upstream: CircuitBreakerConfigTest.shouldSetDefaultSettings (waitIntervalFunctionInOpenState.apply(1) == 60000)
    @Test func test_constantWaitIsTheSameForEveryAttemptInWholeMilliseconds() {
        let wait = OpenWait(WindowBreakerPolicy().waitInOpen)
        #expect(wait.milliseconds(forAttempt: 1) == 60_000)
        #expect(wait.milliseconds(forAttempt: 9) == 60_000)
        #expect(OpenWait(.constant(TimeSpan(nanoseconds: 1_500_000))).nanoseconds(forAttempt: 1) == 1_000_000)
    }
}
