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
}
