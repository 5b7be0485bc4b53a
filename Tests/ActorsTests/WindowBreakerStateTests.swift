import Testing
@testable import Actors
import Scenarios

/// Half-open, forced open, disabled, metrics only and the transition rules of the `window` breaker.
extension WindowBreakerTests {
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
}
