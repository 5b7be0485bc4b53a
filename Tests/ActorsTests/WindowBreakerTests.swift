import Testing
@testable import Actors
import Scenarios

/// The `window` breaker (resilience4j's CircuitBreakerStateMachine) as specified by resilience4j's own
/// unit tests, restated on virtual instants; each test names the upstream test it follows.
@Suite struct WindowBreakerTests {
    static let ms: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000
    let ms = WindowBreakerTests.ms
    let second = WindowBreakerTests.second

    /// CircuitBreakerStateMachineTest's setUp: a 20 s time window deciding from 5 calls, 50 % for both
    /// rates, slow above 4 s, 4 half-open permits, 5 s open, at most 1 s undecided in half-open.
    static let upstream = WindowBreakerPolicy(
        slidingWindow: .init(type: .time, size: 20), minimumCalls: 5, failureRate: 50, slowCallRate: 50,
        slowCallDuration: .seconds(4), waitInOpen: .constant(.seconds(5)), permittedInHalfOpen: 4, maxWaitInHalfOpen: .seconds(1))

    /// A breaker with the transitions it reported, in order.
    final class Run {
        var breaker: WindowBreaker
        var transitions: [String] = []

        init(_ policy: WindowBreakerPolicy = WindowBreakerTests.upstream) { breaker = WindowBreaker(policy: policy) }

        var state: BreakerState { breaker.state }

        func admit(at now: Int64 = 0) -> Admission {
            var log: [String] = []
            defer { transitions += log }
            return breaker.admit(at: now) { log.append($0.description) }
        }

        func admitted(at now: Int64 = 0) -> Bool { admit(at: now).admitted }

        func record(_ verdict: CallVerdict, duration: Int64 = 0, at now: Int64 = 0) {
            var log: [String] = []
            breaker.record(verdict, duration: duration, at: now) { log.append($0.description) }
            transitions += log
        }

        @discardableResult
        func apply(_ operation: BreakerOperation, at now: Int64 = 0) -> BreakerOperationError? {
            var log: [String] = []
            defer { transitions += log }
            return breaker.apply(operation, at: now) { log.append($0.description) }
        }

        func advance(to now: Int64) {
            var log: [String] = []
            breaker.advance(to: now) { log.append($0.description) }
            transitions += log
        }

        func release(at now: Int64 = 0) {
            var log: [String] = []
            breaker.release(at: now) { log.append($0.description) }
            transitions += log
        }

        func metrics(at now: Int64 = 0) -> WindowSnapshot {
            var log: [String] = []
            defer { transitions += log }
            return breaker.snapshot(at: now) { log.append($0.description) }
        }

        /// resilience4j's assertCircuitBreakerMetricsEqualTo(failureRate, successful, buffered, failed, notPermitted).
        func expectMetrics(_ failureRate: Float, _ successful: Int, _ buffered: Int, _ failed: Int, _ notPermitted: Int,
                                    at now: Int64 = 0, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let m = metrics(at: now)
            #expect(m.failureRate == failureRate, sourceLocation: sourceLocation)
            #expect(m.successful == successful, sourceLocation: sourceLocation)
            #expect(m.buffered == buffered, sourceLocation: sourceLocation)
            #expect(m.failed == failed, sourceLocation: sourceLocation)
            #expect(m.notPermitted == notPermitted, sourceLocation: sourceLocation)
        }
    }

    // MARK: Configuration

    // upstream: CircuitBreakerConfigTest.shouldSetDefaultSettings
    @Test func test_defaultsAreResilience4jsDefaults() {
        let policy = WindowBreakerPolicy()
        #expect(policy.failureRate == 50 && policy.slowCallRate == 100)
        #expect(policy.slowCallDuration == .seconds(60))
        #expect(policy.slidingWindow == .init(type: .count, size: 100))
        #expect(policy.minimumCalls == 100 && policy.permittedInHalfOpen == 10)
        #expect(policy.waitInOpen == .constant(.seconds(60)))
        #expect(!policy.automaticHalfOpen && policy.maxWaitInHalfOpen == .zero && policy.afterMaxWait == .open)
        let run = Run(policy)
        #expect(run.state == .closed)
        #expect(run.breaker.nextScheduledTransition == nil)
        run.expectMetrics(-1, 0, 0, 0, 0)
    }

    // upstream: CircuitBreakerConfigTest.shouldReduceMinimumNumberOfCallsToSlidingWindowSize
    @Test func test_aCountWindowDecidesOnceItIsFullEvenBelowMinimumCalls() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(type: .count, size: 5), minimumCalls: 6))
        for _ in 0..<4 { run.record(.failure) }
        #expect(run.state == .closed)
        run.record(.failure)
        #expect(run.transitions == ["closed->open"])
    }

    // upstream: CircuitBreakerConfigTest.shouldAllowHighMinimumNumberOfCallsWhenSlidingWindowIsTimeBased
    @Test func test_aTimeWindowWaitsForTheFullMinimum() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(type: .time, size: 10), minimumCalls: 100))
        for _ in 0..<99 { run.record(.failure) }
        #expect(run.state == .closed)
        #expect(run.metrics().failureRate == -1)
        run.record(.failure)
        #expect(run.state == .open)
        #expect(run.metrics().failureRate == 100)
    }

    // MARK: Closed

    // upstream: CircuitBreakerStateMachineTest.shouldOpenAfterFailureRateThresholdExceeded
    @Test func test_closedOpensWhenTheFailureRateReachesTheThreshold() {
        let run = Run()
        #expect(run.admitted())
        run.expectMetrics(-1, 0, 0, 0, 0)
        let calls: [(verdict: CallVerdict, successful: Int, buffered: Int, failed: Int)] = [
            (.failure, 0, 1, 1), (.failure, 0, 2, 2), (.failure, 0, 3, 3), (.success, 1, 4, 3)]
        for call in calls {
            #expect(run.admitted())
            run.record(call.verdict)
            #expect(run.state == .closed)
            run.expectMetrics(-1, call.successful, call.buffered, call.failed, 0)
        }
        run.record(.success)
        #expect(run.state == .open)
        run.expectMetrics(60, 2, 5, 3, 0)
        #expect(run.admit() == Admission(refusal: .open))
        run.expectMetrics(60, 2, 5, 3, 1)
        #expect(run.transitions == ["closed->open"])
    }

    // upstream: CircuitBreakerStateMachineTest.shouldOpenAfterFailureRateThresholdExceeded2
    @Test func test_aTimeWindowOpensOnCallsSpreadOverSeconds() {
        let run = Run()
        for (s, verdict) in [CallVerdict.success, .success, .success, .failure, .failure].enumerated() {
            run.record(verdict, at: Int64(s) * second)
        }
        #expect(run.state == .closed)
        run.advance(to: 5 * second)
        #expect(run.state == .closed)
        run.record(.failure, at: 5 * second)
        #expect(run.state == .open)
        #expect(run.metrics(at: 5 * second).failureRate == 50)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldOpenAfterSlowCallRateThresholdExceeded
    @Test func test_closedOpensWhenTheSlowCallRateReachesTheThreshold() {
        let run = Run()
        let calls: [(CallVerdict, Int64)] = [(.failure, 5 * second), (.success, 5 * second), (.failure, 100 * ms), (.success, 100 * ms)]
        for (verdict, duration) in calls {
            #expect(run.admitted())
            run.record(verdict, duration: duration)
            #expect(run.state == .closed)
        }
        run.record(.success, duration: 5 * second)
        #expect(run.state == .open)
        let m = run.metrics()
        #expect(m.buffered == 5 && m.slow == 3 && m.slowCallRate == 60)
        #expect(m.failureRate == 40)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldOpenAfterSlowCallRateThresholdExceededUsingMockClock
    @Test func test_slowCallsMeasuredOnTheVirtualClockOpenTheBreaker() {
        let run = Run()
        var now: Int64 = 0
        var buffered: [Int] = []
        var slow: [Int] = []
        for seconds in [5, 5, 1, 1, 5] {
            #expect(run.admitted(at: now))
            let duration = Int64(seconds) * second
            now += duration
            run.record(.success, duration: duration, at: now)
            let m = run.metrics(at: now)
            buffered.append(m.buffered)
            slow.append(m.slow)
        }
        #expect(buffered == [1, 2, 3, 4, 5])
        #expect(slow == [1, 2, 2, 2, 3])
        #expect(run.state == .open)
        #expect(run.metrics(at: now).slowCallRate == 60)
    }

    @Test func test_aCallOfExactlyTheSlowDurationIsNotSlow() {
        let run = Run()
        for _ in 0..<5 { run.record(.success, duration: 4 * second) }
        #expect(run.state == .closed)
        #expect(run.metrics().slowCallRate == 0)
        for _ in 0..<5 { run.record(.success, duration: 4 * second + 1) }
        #expect(run.state == .open)
    }

    // upstream: CircuitBreakerTest (ignored exceptions are not buffered); SlidingTimeWindowMetricsTest.testSlidingTimeWindowMetrics
    @Test func test_ignoredCallsAreNotBufferedAndOldSecondsLeaveTogether() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(type: .time, size: 5), minimumCalls: 100))
        run.record(.ignored)
        #expect(run.metrics().buffered == 0)
        for at in [0, 100, 200, 1_200, 2_200, 3_200, 4_200] { run.record(.success, at: Int64(at) * ms) }
        #expect(run.metrics(at: 4_200 * ms).buffered == 7)
        // A read at 5.2 s moves the window: the three calls of second 0 leave at once.
        #expect(run.metrics(at: 5_200 * ms).buffered == 4)
        #expect(run.metrics(at: 9_999 * ms).buffered == 0)
    }

    // MARK: Open

    // upstream: CircuitBreakerStateMachineTest.shouldThrowCallNotPermittedExceptionWhenStateIsOpen
    @Test func test_openRefusesAndCountsTheRefusal() {
        let run = Run()
        run.apply(.transitionToOpen)
        #expect(run.admit() == Admission(refusal: .open))
        #expect(run.metrics().notPermitted == 1)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterWaitDuration
    @Test func test_openTurnsHalfOpenOnTheFirstAdmissionAfterTheWait() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.expectMetrics(-1, 0, 0, 0, 0)
        #expect(!run.admitted())
        #expect(!run.admitted(at: 3 * second))
        #expect(run.state == .open)
        run.expectMetrics(-1, 0, 0, 0, 2, at: 3 * second)
        #expect(run.admitted(at: 6 * second))
        #expect(run.state == .halfOpen)
        run.expectMetrics(-1, 0, 0, 0, 0, at: 6 * second)
        #expect(run.transitions == ["closed->open", "open->half_open"])
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterPassedWaitDuration (and …PassedWaitUntil)
    @Test func test_openForAGivenWaitKeepsThatWait() {
        let run = Run()
        run.apply(.transitionToOpenFor(wait: 2 * 3_600 * second))
        #expect(!run.admitted())
        #expect(!run.admitted(at: 3_600 * second))
        run.expectMetrics(-1, 0, 0, 0, 2, at: 3_600 * second)
        #expect(run.admitted(at: 7_201 * second))
        #expect(run.state == .halfOpen)
    }

    @Test func test_theLazyHalfOpenIsStrictlyAfterTheWait() {
        let run = Run()
        run.apply(.transitionToOpen)
        #expect(!run.admitted(at: 5 * second))
        #expect(run.state == .open)
        #expect(run.admitted(at: 5 * second + 1))
        #expect(run.state == .halfOpen)
    }

    // upstream: CircuitBreakerAutoTransitionStateMachineTest.testAutoTransition
    @Test func test_automaticHalfOpenHappensAtExactlyTheWait() {
        var policy = WindowBreakerPolicy(slidingWindow: .init(size: 5), minimumCalls: 5, waitInOpen: .constant(.seconds(2)),
                                         automaticHalfOpen: true, permittedInHalfOpen: 3)
        let run = Run(policy)
        run.apply(.transitionToOpen)
        #expect(run.breaker.nextScheduledTransition == 2 * second)
        run.advance(to: 2 * second - 1)
        #expect(run.state == .open)
        #expect(run.admitted(at: 2 * second))
        #expect(run.transitions == ["closed->open", "open->half_open"])
        policy.automaticHalfOpen = false
        let lazy = Run(policy)
        lazy.apply(.transitionToOpen)
        #expect(lazy.breaker.nextScheduledTransition == nil)
        #expect(!lazy.admitted(at: 2 * second))
    }

    // upstream: CircuitBreakerAutoTransitionStateMachineTest.shouldCancelAutoTransition
    @Test func test_leavingOpenCancelsTheAutomaticHalfOpen() {
        let run = Run(WindowBreakerPolicy(waitInOpen: .constant(.seconds(2)), automaticHalfOpen: true))
        run.apply(.transitionToOpen)
        run.apply(.forceOpen, at: second)
        #expect(run.breaker.nextScheduledTransition == nil)
        run.advance(to: 10 * second)
        #expect(run.state == .forcedOpen)
        #expect(run.transitions == ["closed->open", "open->forced_open"])
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionToHalfOpenAfterWaitInterval
    @Test func test_exponentialWaitsGrowWithEachOpening() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(size: 5), failureRate: 50,
                                          waitInOpen: .exponential(initial: .seconds(5), multiplier: 1.5, max: nil), permittedInHalfOpen: 4))
        run.apply(.transitionToOpen)
        #expect(!run.admitted())
        #expect(!run.admitted(at: 3 * second))
        run.expectMetrics(-1, 0, 0, 0, 2, at: 3 * second)
        #expect(run.admitted(at: 6 * second))
        #expect(run.state == .halfOpen)
        run.apply(.transitionToOpen, at: 6 * second)
        #expect(run.breaker.retryAfter == 6 * second + 7_500 * ms)
        #expect(!run.admitted(at: 12 * second))
        #expect(run.admitted(at: 17 * second))
        #expect(run.state == .halfOpen)
        run.expectMetrics(-1, 0, 0, 0, 0, at: 17 * second)
    }

    @Test func test_attemptsResetOnlyThroughClosed() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(size: 5), waitInOpen: .exponential(initial: .seconds(5), multiplier: 1.5, max: nil)))
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        run.apply(.forceOpen)
        #expect(run.breaker.attempts == 2)
        run.apply(.transitionToOpen)
        #expect(run.breaker.attempts == 3)
        #expect(run.breaker.retryAfter == 11_250 * ms)
        run.apply(.transitionToOpenFor(wait: second))
        #expect(run.breaker.attempts == 3)
        run.apply(.transitionToClosed)
        run.apply(.transitionToOpen)
        #expect(run.breaker.attempts == 1)
        #expect(run.breaker.retryAfter == 5 * second)
    }

    @Test func test_openKeepsTheTrippingMetricsAndRecordsLateResultsWithoutMoving() {
        let run = Run()
        for _ in 0..<5 { run.record(.failure) }
        #expect(run.state == .open)
        run.expectMetrics(100, 0, 5, 5, 0)
        for _ in 0..<20 { run.record(.success, at: second) }
        #expect(run.state == .open)
        run.expectMetrics(20, 20, 25, 5, 0, at: second)
        #expect(run.transitions == ["closed->open"])
    }

    // MARK: Half-open

    // upstream: CircuitBreakerStateMachineTest.shouldIncreaseCounterOnReleasePermission
    @Test func test_releaseGivesAHalfOpenPermitBack() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        #expect((0..<6).map { _ in run.admitted() } == [true, true, true, true, false, false])
        run.release()
        #expect(run.admitted())
        #expect(!run.admitted())
    }

    // upstream: CircuitBreakerStateMachineTest.shouldThrowCallNotPermittedExceptionWhenNotFurtherTestCallsArePermitted
    @Test func test_halfOpenRefusesWithTooManyRequestsOncePermitsAreTaken() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for _ in 0..<4 { #expect(run.admitted()) }
        #expect(run.admit() == Admission(refusal: .tooManyRequests))
        #expect(run.metrics().notPermitted == 1)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldOnlyPermitFourCallsInHalfOpenState
    @Test func test_aNewHalfOpenStateRefillsItsPermits() {
        let run = Run()
        run.expectMetrics(-1, 0, 0, 0, 0)
        for _ in 0..<2 {
            run.apply(.transitionToOpen)
            run.apply(.transitionToHalfOpen)
            #expect(run.state == .halfOpen)
            #expect((0..<6).map { _ in run.admitted() } == [true, true, true, true, false, false])
        }
    }

    @Test func test_releaseHasNoUpperBound() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for _ in 0..<3 { run.release() }
        #expect((0..<8).map { _ in run.admitted() } == [true, true, true, true, true, true, true, false])
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionBackToOpenStateWhenFailureRateIsAboveThreshold
    @Test func test_halfOpenReopensAboveTheFailureRate() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        run.expectMetrics(-1, 0, 0, 0, 0)
        for verdict in [CallVerdict.failure, .failure, .success, .failure] {
            #expect(run.admitted())
            run.record(verdict)
        }
        #expect(run.state == .open)
        run.expectMetrics(75, 1, 4, 3, 0)
        #expect(run.breaker.attempts == 2)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionBackToOpenStateWhenSlowCallRateIsAboveThreshold
    @Test func test_halfOpenReopensAboveTheSlowCallRate() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for duration in [5 * second, 5 * second, 5 * second, second] {
            #expect(run.admitted())
            run.record(.success, duration: duration)
        }
        #expect(run.state == .open)
        let m = run.metrics()
        #expect(m.slow == 3 && m.slowCallRate == 75 && m.failureRate == 0)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldTransitionBackToClosedStateWhenFailureIsBelowThreshold
    @Test func test_halfOpenClosesBelowTheThresholdsWithFreshMetrics() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for verdict in [CallVerdict.failure, .success, .success, .success] {
            #expect(run.admitted())
            run.record(verdict)
        }
        #expect(run.admitted())
        #expect(run.state == .closed)
        run.expectMetrics(-1, 0, 0, 0, 0)
        run.record(.success)
        run.expectMetrics(-1, 1, 1, 0, 0)
    }

    @Test func test_halfOpenDecidesAtItsOwnMinimumWhilePermitsRemain() {
        let run = Run(WindowBreakerPolicy(slidingWindow: .init(size: 10), minimumCalls: 2, permittedInHalfOpen: 5))
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        run.record(.success)
        #expect(run.state == .halfOpen)
        run.record(.success)
        #expect(run.state == .closed)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldReleasePermissionWhenExceptionIgnored
    @Test func test_anIgnoredCallInHalfOpenReleasesItsPermit() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for count in 1...3 {
            #expect(run.admitted())
            run.record(.success)
            #expect(run.state == .halfOpen)
            run.expectMetrics(-1, count, count, 0, 0)
        }
        #expect(run.admitted())
        run.record(.ignored)
        #expect(run.state == .halfOpen)
        run.expectMetrics(-1, 3, 3, 0, 0)
        #expect(run.admitted())
        run.record(.failure)
        #expect(run.state == .closed)
        run.expectMetrics(-1, 0, 0, 0, 0)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldIgnoreExceptionsAndThenTransitionToClosed
    @Test func test_ignoredCallsNeverDecideHalfOpen() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        for _ in 0..<4 {
            #expect(run.admitted())
            run.record(.ignored)
            #expect(run.state == .halfOpen)
        }
        run.expectMetrics(-1, 0, 0, 0, 0)
        for _ in 0..<3 {
            #expect(run.admitted())
            run.record(.success)
            #expect(run.state == .halfOpen)
        }
        run.expectMetrics(-1, 3, 3, 0, 0)
        #expect(run.admitted())
        run.record(.success)
        #expect(run.state == .closed)
    }

    // upstream: CircuitBreakerStateMachineTest.circuitBreakerTransitionsToOpenAfterWaitDurationInHalfOpenState
    @Test func test_anUndecidedHalfOpenReopensAfterItsMaxWait() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        #expect(run.breaker.nextScheduledTransition == second)
        run.advance(to: 2 * second)
        #expect(run.state == .open)
        #expect(run.breaker.attempts == 2)
        // The new wait runs from the instant the timer fired (1 s).
        #expect(run.breaker.retryAfter == 6 * second)
        #expect(run.transitions == ["closed->open", "open->half_open", "half_open->open"])
    }

    // upstream: CircuitBreakerStateMachineTest.circuitBreakerTransitionsToClosedAfterWaitDurationInHalfOpenState
    @Test func test_anUndecidedHalfOpenClosesAfterItsMaxWaitWhenConfigured() {
        let run = Run(WindowBreakerPolicy(maxWaitInHalfOpen: .seconds(1), afterMaxWait: .closed))
        run.apply(.transitionToOpen)
        run.apply(.transitionToHalfOpen)
        #expect(run.admitted(at: 999 * ms))
        #expect(run.admitted(at: second))
        #expect(run.state == .closed)
        #expect(run.transitions == ["closed->open", "open->half_open", "half_open->closed"])
    }

    @Test func test_automaticHalfOpenAndItsMaxWaitChainAtTheirOwnInstants() {
        let run = Run(WindowBreakerPolicy(waitInOpen: .constant(.seconds(2)), automaticHalfOpen: true, maxWaitInHalfOpen: .seconds(1)))
        run.apply(.transitionToOpen)
        run.advance(to: 5 * second)
        // open@0 → half_open@2 → open@3 (wait 2 s) → half_open@5 (a task due at 5 acts at 5).
        #expect(run.transitions == ["closed->open", "open->half_open", "half_open->open", "open->half_open"])
        #expect(run.breaker.nextScheduledTransition == 6 * second)
    }

    // MARK: Forced open, disabled, metrics only

    // upstream: CircuitBreakerStateMachineTest.shouldThrowCallNotPermittedExceptionWhenStateIsForcedOpen, shouldForceOpenCircuitBreaker
    @Test func test_forcedOpenRefusesForeverAndCountsRefusals() {
        let run = Run()
        run.apply(.forceOpen)
        #expect(run.admit() == Admission(refusal: .open))
        #expect(run.admit(at: 6 * second) == Admission(refusal: .open))
        #expect(run.state == .forcedOpen)
        run.record(.failure, at: 6 * second)
        run.expectMetrics(-1, 0, 0, 0, 2, at: 6 * second)
        #expect(run.breaker.nextScheduledTransition == nil)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldDisableCircuitBreaker
    @Test func test_disabledAdmitsEverythingAndRecordsNothing() {
        let run = Run()
        run.apply(.disable)
        #expect(run.state == .disabled)
        run.expectMetrics(-1, 0, 0, 0, 0)
        for verdict in [CallVerdict.success, .failure, .failure, .failure, .failure] {
            #expect(run.admitted())
            run.record(verdict)
        }
        run.expectMetrics(-1, 0, 0, 0, 0)
        #expect(run.metrics().slowCallRate == -1)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldRecordMetricsInMetricsOnlyState
    @Test func test_metricsOnlyRecordsButNeverMoves() {
        let run = Run()
        run.apply(.metricsOnly)
        let entered = run.transitions
        #expect(run.admitted())
        run.expectMetrics(-1, 0, 0, 0, 0)
        let calls: [(verdict: CallVerdict, successful: Int, buffered: Int, failed: Int)] = [
            (.failure, 0, 1, 1), (.failure, 0, 2, 2), (.failure, 0, 3, 3), (.success, 1, 4, 3)]
        for call in calls {
            #expect(run.admitted())
            run.record(call.verdict)
            #expect(run.state == .metricsOnly)
            run.expectMetrics(-1, call.successful, call.buffered, call.failed, 0)
        }
        run.record(.success)
        run.expectMetrics(60, 2, 5, 3, 0)
        run.record(.failure)
        #expect(run.state == .metricsOnly)
        #expect(run.transitions == entered)
    }

    // upstream: CircuitBreakerStateMachineTest.shouldResetMetricsAfterMetricsOnlyStateTransition
    @Test func test_enteringMetricsOnlyStartsFreshMetrics() {
        let run = Run()
        run.record(.success)
        run.record(.success)
        #expect(run.metrics().successful == 2)
        run.apply(.metricsOnly)
        #expect(run.state == .metricsOnly)
        #expect(run.metrics().successful == 0)
    }

    // MARK: Transitions

    // upstream: CircuitBreakerStateMachineTest.shouldNotAllowTransitionFromClosedToHalfOpen
    @Test func test_closedCannotGoHalfOpen() {
        let run = Run()
        run.record(.failure)
        #expect(run.apply(.transitionToHalfOpen) == .illegalStateTransition)
        #expect(run.state == .closed)
        #expect(run.metrics().failed == 1)
        #expect(run.transitions.isEmpty)
    }

    @Test func test_metricsOnlyCannotGoOpenOrHalfOpen() {
        let run = Run()
        run.apply(.metricsOnly)
        run.record(.failure)
        #expect(run.apply(.transitionToOpen) == .illegalStateTransition)
        #expect(run.apply(.transitionToOpenFor(wait: second)) == .illegalStateTransition)
        #expect(run.apply(.transitionToHalfOpen) == .illegalStateTransition)
        #expect(run.state == .metricsOnly)
        #expect(run.metrics().failed == 1)
        #expect(run.apply(.transitionToClosed) == nil)
        #expect(run.transitions == ["closed->metrics_only", "metrics_only->closed"])
    }

    // upstream: CircuitBreakerStateMachineTest.allCircuitBreakerStatesAllowTransitionToMetricsOnlyMode,
    //           allCircuitBreakerStatesAllowTransitionToItsOwnState
    @Test func test_everyStateMayGoToMetricsOnlyAndToItself() {
        for state in BreakerState.allCases {
            #expect(WindowBreaker.allows(from: state, to: .metricsOnly))
            #expect(WindowBreaker.allows(from: state, to: state))
        }
        let illegal = BreakerState.allCases.flatMap { from in BreakerState.allCases.map { (from, $0) } }
            .filter { !WindowBreaker.allows(from: $0.0, to: $0.1) }.map { "\($0.0)->\($0.1)" }
        #expect(illegal == ["closed->half_open", "metrics_only->open", "metrics_only->half_open"])
    }

    // upstream: CircuitBreakerStateMachineTest.circuitBreakerDoesNotPublishStateTransitionEventsForInternalTransitions
    @Test func test_sameStateOperationsReportNothing() {
        let run = Run()
        let operations: [BreakerOperation] = [.transitionToOpen, .transitionToOpen, .transitionToHalfOpen, .transitionToHalfOpen,
                                              .disable, .disable, .metricsOnly, .metricsOnly, .transitionToClosed, .transitionToClosed]
        for operation in operations { #expect(run.apply(operation) == nil) }
        #expect(run.transitions == ["closed->open", "open->half_open", "half_open->disabled", "disabled->metrics_only", "metrics_only->closed"])
    }

    @Test func test_sameStateOperationsStillReplaceTheState() {
        let run = Run()
        run.apply(.transitionToOpen)
        run.apply(.transitionToOpen, at: 3 * second)
        // A restarted wait with attempts + 1.
        #expect(run.breaker.attempts == 2)
        #expect(run.breaker.retryAfter == 8 * second)
        run.apply(.transitionToHalfOpen, at: 3 * second)
        for _ in 0..<4 { _ = run.admit(at: 3 * second) }
        run.record(.success, at: 3 * second)
        run.apply(.transitionToHalfOpen, at: 3 * second)
        // Refilled permits and fresh metrics.
        #expect(run.breaker.permits == 4)
        #expect(run.metrics(at: 3 * second).buffered == 0)
        #expect(run.transitions == ["closed->open", "open->half_open"])
    }

    // upstream: CircuitBreakerStateMachineTest.shouldResetMetrics, shouldResetClosedState, shouldResetToClosedState
    @Test func test_resetInstallsAFreshClosedStateAndReportsOnlyAChange() {
        let run = Run()
        run.expectMetrics(-1, 0, 0, 0, 0)
        run.record(.success)
        run.record(.failure)
        run.expectMetrics(-1, 1, 2, 1, 0)
        #expect(run.apply(.reset) == nil)
        run.expectMetrics(-1, 0, 0, 0, 0)
        #expect(run.transitions.isEmpty)
        run.apply(.transitionToOpen)
        run.apply(.reset)
        #expect(run.state == .closed)
        #expect(run.transitions == ["closed->open", "open->closed"])
    }

    @Test func test_resetCancelsTheReplacedStatesTimers() {
        // resilience4j's reset() skips preTransitionHook, so these timers would still fire; the lab's do not.
        let run = Run(WindowBreakerPolicy(waitInOpen: .constant(.seconds(2)), automaticHalfOpen: true, maxWaitInHalfOpen: .seconds(1)))
        run.apply(.transitionToOpen)
        run.apply(.reset, at: second)
        #expect(run.breaker.nextScheduledTransition == nil)
        run.advance(to: 10 * second)
        #expect(run.state == .closed)
        run.apply(.transitionToOpen, at: 10 * second)
        run.advance(to: 12 * second)
        #expect(run.state == .halfOpen)
        run.apply(.reset, at: 12 * second + 500 * ms)
        run.advance(to: 20 * second)
        #expect(run.state == .closed)
        #expect(run.transitions == ["closed->open", "open->closed", "closed->open", "open->half_open", "half_open->closed"])
    }

    // MARK: Property

    /// SplitMix64, seeded: the test's own deterministic source of operations.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    /// Runs a random sequence and returns everything it observed, checking each transition on the way.
    static func randomRun(seed: UInt64) -> [String] {
        var random = SplitMix(state: seed)
        let policy = WindowBreakerPolicy(
            slidingWindow: .init(type: random.below(2) == 0 ? .count : .time, size: 1 + random.below(6)),
            minimumCalls: 1 + random.below(6), failureRate: Double(1 + random.below(100)), slowCallRate: Double(1 + random.below(100)),
            slowCallDuration: .milliseconds(Double(1 + random.below(500))),
            waitInOpen: random.below(2) == 0 ? .constant(.seconds(Double(1 + random.below(5))))
                : .exponential(initial: .seconds(1), multiplier: 1.5, max: random.below(2) == 0 ? nil : .seconds(4)),
            automaticHalfOpen: random.below(2) == 0, permittedInHalfOpen: 1 + random.below(4),
            maxWaitInHalfOpen: random.below(2) == 0 ? .zero : .milliseconds(Double(1 + random.below(3_000))),
            afterMaxWait: random.below(2) == 0 ? .open : .closed)
        var breaker = WindowBreaker(policy: policy)
        var observed: [String] = []
        var previous = BreakerState.closed
        var now: Int64 = 0
        let check: (BreakerTransition) -> Void = { transition in
            #expect(transition.from != transition.to, "seed \(seed): \(transition)")
            #expect(WindowBreaker.allows(from: transition.from, to: transition.to), "seed \(seed): \(transition)")
            #expect(transition.from == previous, "seed \(seed): \(transition) after \(previous)")
            previous = transition.to
            observed.append("\(now) \(transition)")
        }
        let operations: [BreakerOperation] = [.transitionToOpen, .transitionToOpenFor(wait: 1_500 * ms), .transitionToHalfOpen,
                                              .transitionToClosed, .forceOpen, .disable, .metricsOnly, .reset]
        for _ in 0..<400 {
            now += Int64(random.below(800)) * ms
            switch random.below(10) {
            case 0, 1, 2:
                let admission = breaker.admit(at: now, onTransition: check)
                observed.append("admit \(admission.refusal.map { "\($0)" } ?? "ok")")
            case 3, 4, 5:
                let verdict = [CallVerdict.success, .failure, .ignored][random.below(3)]
                breaker.record(verdict, duration: Int64(random.below(1_000)) * ms, at: now, onTransition: check)
            case 6:
                breaker.release(at: now, onTransition: check)
            case 7:
                let error = breaker.apply(operations[random.below(operations.count)], at: now, onTransition: check)
                observed.append("op \(error.map { "\($0)" } ?? "ok")")
            case 8:
                breaker.advance(to: now, onTransition: check)
                if let due = breaker.nextScheduledTransition { #expect(due > now, "seed \(seed)") }
            default:
                let m = breaker.snapshot(at: now, onTransition: check)
                #expect(m.buffered >= 0 && m.failed >= 0 && m.slow >= 0 && m.successful >= 0, "seed \(seed)")
                #expect(m.failed + m.successful == m.buffered, "seed \(seed)")
                #expect(m.failureRate == -1 || (0...100).contains(m.failureRate), "seed \(seed)")
                observed.append("metrics \(m.failureRate) \(m.slowCallRate) \(m.buffered) \(m.failed) \(m.slow) \(m.notPermitted)")
            }
            #expect(breaker.state == previous, "seed \(seed)")
            observed.append("\(breaker.state)")
        }
        return observed
    }

    @Test func test_randomSequencesMoveOnlyAlongResilience4jsTransitionsAndRepeat() {
        for seed in UInt64(1)...40 {
            let first = WindowBreakerTests.randomRun(seed: seed)
            #expect(first == WindowBreakerTests.randomRun(seed: seed), "seed \(seed)")
        }
    }
}
