import Scenarios

/// resilience4j's circuit breaker (`type: "window"`), as a value driven by explicit virtual instants:
/// `CircuitBreakerStateMachine` with its `CircuitBreakerMetrics` and resilience4j-core's sliding windows.
///
/// - CLOSED (`ClosedState`): admits everything; each recorded outcome goes into the sliding window,
///   and once the failure rate or the slow-call rate reaches its threshold it opens (attempt 1).
/// - OPEN (`OpenState`): refuses calls and counts each refusal. It keeps the metrics object of the
///   state it came from, so it shows the rates that tripped it, and outcomes that still arrive are
///   recorded there without any transition. The first admission strictly after
///   `now + wait(attempts)` turns it HALF_OPEN (`clock.instant().isAfter(retryAfterWaitDuration)`);
///   with `automaticHalfOpen`, a scheduled task does so at exactly that instant.
/// - HALF_OPEN (`HalfOpenState`): `permittedInHalfOpen` permits; its own count window of that size
///   decides open (thresholds reached, attempt + 1) or closed (below them); `maxWaitInHalfOpen`
///   (≥ 1 ms) schedules `afterMaxWait` for an undecided one.
/// - FORCED_OPEN refuses and counts refusals; DISABLED admits and records nothing; METRICS_ONLY
///   records like CLOSED and never moves by itself.
///
/// Scheduled transitions belong to the state object that scheduled them: every transition —
/// `reset` included — cancels them. resilience4j's `reset()` skips `preTransitionHook`, so a pending
/// timer of the replaced OPEN or HALF_OPEN state still fires later against the fresh CLOSED state
/// (it can open it); the lab never lets a stale timer act on a fresh state.
///
/// Same-state transitions replace the state object (fresh metrics, refilled permits, a restarted
/// wait) but publish nothing, as `publishStateTransitionEvent` skips internal transitions.
/// Hot path: `admit` and `record` never allocate (windows are preallocated and reset in place).
public struct WindowBreaker: Sendable {
    public let policy: WindowBreakerPolicy
    public private(set) var state: BreakerState = .closed
    /// The next instant a scheduled transition (automatic half-open, max wait in half-open) is due, if any.
    public private(set) var nextScheduledTransition: Int64?
    private var scheduled = Scheduled.none
    /// resilience4j's `attempts()`: openings since the breaker last went through CLOSED (or
    /// DISABLED / METRICS_ONLY, which also report 0).
    private(set) var attempts = 0
    /// OPEN: admissions strictly after this instant turn the breaker half-open.
    private(set) var retryAfter: Int64 = 0
    /// HALF_OPEN: permits left (`permittedNumberOfCalls`); `release` raises it without bound.
    private(set) var permits = 0
    private let openWait: OpenWait
    /// `maxWaitDurationInHalfOpenState` truncated to whole ms, in ns; nil below 1 ms (wait forever).
    private let halfOpenMaxWait: Int64?
    private var closedMetrics: WindowMetrics
    private var halfOpenMetrics: WindowMetrics
    private var emptyMetrics: WindowMetrics
    /// Whose metrics the current state shows (OPEN inherits its predecessor's).
    private var shown = MetricsSlot.closed

    private enum Scheduled: Sendable { case none, halfOpen, afterMaxWait }
    private enum MetricsSlot: Sendable { case closed, halfOpen, empty }

    public init(policy: WindowBreakerPolicy) {
        self.policy = policy
        openWait = OpenWait(policy.waitInOpen)
        let maxWaitMilliseconds = policy.maxWaitInHalfOpen.nanoseconds / 1_000_000
        halfOpenMaxWait = maxWaitMilliseconds >= 1 ? OpenWait.nanoseconds(milliseconds: maxWaitMilliseconds) : nil
        closedMetrics = .closed(policy, at: 0)
        halfOpenMetrics = .halfOpen(policy, at: 0)
        emptyMetrics = .empty(policy, at: 0)
    }

    // MARK: Entry points

    /// Applies every scheduled transition due at or before `now`, each at its own due instant (a task
    /// due at t acts before anything else at t). A chain (half-open, then its max wait) runs in order.
    public mutating func advance(to now: Int64, onTransition: (BreakerTransition) -> Void) {
        while let due = nextScheduledTransition, due <= now {
            switch scheduled {
            case .none:
                nextScheduledTransition = nil
            case .halfOpen:
                // OpenState.toHalfOpenState → transitionToHalfOpenState: attempts kept.
                enter(.halfOpen, attempts: attempts, at: due, onTransition)
            case .afterMaxWait:
                // HalfOpenState.toState: transitionToOpenState (attempts + 1) or transitionToClosedState.
                if policy.afterMaxWait == .open {
                    enter(.open, attempts: attempts + 1, at: due, onTransition)
                } else {
                    enter(.closed, attempts: 0, at: due, onTransition)
                }
            }
        }
    }

    /// resilience4j's `tryAcquirePermission` at `now`: OPEN and FORCED_OPEN refuse with `.open`,
    /// HALF_OPEN without a permit with `.tooManyRequests`; each refusal counts as not permitted in the
    /// current metrics. An OPEN breaker strictly past its wait turns HALF_OPEN first and asks again.
    public mutating func admit(at now: Int64, onTransition: (BreakerTransition) -> Void) -> Admission {
        advance(to: now, onTransition: onTransition)
        switch state {
        case .closed, .disabled, .metricsOnly:
            return .admitted()
        case .forcedOpen:
            emptyMetrics.callNotPermitted()
            return Admission(refusal: .open)
        case .open:
            guard now > retryAfter else {
                withShownMetrics { $0.callNotPermitted() }
                return Admission(refusal: .open)
            }
            enter(.halfOpen, attempts: attempts, at: now, onTransition)
            return admitHalfOpen()
        case .halfOpen:
            return admitHalfOpen()
        }
    }

    /// An admitted call's outcome at `now` (`onSuccess` / `onError`): slow when `duration` (ns) exceeds
    /// `slowCallDuration`. `.ignored` is an ignored exception: not buffered, the permit is given back
    /// (`releasePermission`). CLOSED may open, HALF_OPEN may open or close; OPEN records without any
    /// transition; METRICS_ONLY records and stays; FORCED_OPEN and DISABLED drop it.
    public mutating func record(_ verdict: CallVerdict, duration: Int64, at now: Int64, onTransition: (BreakerTransition) -> Void) {
        advance(to: now, onTransition: onTransition)
        let failed: Bool
        switch verdict {
        case .ignored:
            releasePermit()
            return
        case .success: failed = false
        case .failure: failed = true
        }
        switch state {
        case .closed:
            if closedMetrics.record(failed: failed, duration: duration, at: now) == .exceeded {
                enter(.open, attempts: attempts + 1, at: now, onTransition)
            }
        case .halfOpen:
            switch halfOpenMetrics.record(failed: failed, duration: duration, at: now) {
            case .exceeded: enter(.open, attempts: attempts + 1, at: now, onTransition)
            case .belowThresholds: enter(.closed, attempts: 0, at: now, onTransition)
            case .belowMinimumCalls: break
            }
        case .open:
            _ = withShownMetrics { $0.record(failed: failed, duration: duration, at: now) }
        case .metricsOnly:
            _ = closedMetrics.record(failed: failed, duration: duration, at: now)
        case .forcedOpen, .disabled:
            break
        }
    }

    /// resilience4j's `releasePermission`, after applying what is due at `now`: HALF_OPEN gets a
    /// permit back (without an upper bound); every other state ignores it.
    public mutating func release(at now: Int64, onTransition: (BreakerTransition) -> Void) {
        advance(to: now, onTransition: onTransition)
        releasePermit()
    }

    /// `releasePermission` on the breaker as it stands: applies no scheduled transition, because it
    /// could not report one. Call `advance(to: now, onTransition:)` first (the lab's runner does so
    /// at every step), or use `release(at:onTransition:)`.
    public mutating func release(at now: Int64) {
        releasePermit()
    }

    /// resilience4j's `transitionTo…State` / `reset()` at `now`. An illegal transition (CLOSED → HALF_OPEN,
    /// METRICS_ONLY → OPEN or HALF_OPEN: `StateTransition.transitionBetween`) returns
    /// `.illegalStateTransition` and changes nothing. A same-state operation replaces the state
    /// without a transition; `reset` reports closed only when the breaker was not closed.
    public mutating func apply(_ operation: BreakerOperation, at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        advance(to: now, onTransition: onTransition)
        let target: BreakerState
        switch operation {
        case .transitionToOpen, .transitionToOpenFor: target = .open
        case .transitionToHalfOpen: target = .halfOpen
        case .transitionToClosed, .reset: target = .closed
        case .forceOpen: target = .forcedOpen
        case .disable: target = .disabled
        case .metricsOnly: target = .metricsOnly
        }
        if operation != .reset && !WindowBreaker.allows(from: state, to: target) { return .illegalStateTransition }
        switch operation {
        case .transitionToOpen:
            enter(.open, attempts: attempts + 1, at: now, onTransition)
        case .transitionToOpenFor(let wait):
            // transitionToOpenStateFor: attempts kept, the given wait (Duration.toMillis) instead of the policy's.
            enter(.open, attempts: attempts, openWait: OpenWait.nanoseconds(milliseconds: WindowBreaker.floorMilliseconds(wait)), at: now, onTransition)
        case .transitionToHalfOpen:
            enter(.halfOpen, attempts: attempts, at: now, onTransition)
        case .transitionToClosed, .reset:
            enter(.closed, attempts: 0, at: now, onTransition)
        case .forceOpen:
            enter(.forcedOpen, attempts: attempts + 1, at: now, onTransition)
        case .disable, .metricsOnly:
            enter(target, attempts: 0, at: now, onTransition)
        }
        return nil
    }

    /// The current state's metrics at `now`, after applying what is due (a time window moves on read).
    public mutating func snapshot(at now: Int64, onTransition: (BreakerTransition) -> Void) -> WindowSnapshot {
        advance(to: now, onTransition: onTransition)
        return snapshot(at: now)
    }

    /// The current state's metrics as they read at `now` (OPEN shows the metrics that tripped it;
    /// FORCED_OPEN and DISABLED -1/0 with their refusals). Applies no scheduled transition, because it
    /// could not report one: call `advance(to: now, onTransition:)` first, or use `snapshot(at:onTransition:)`.
    public mutating func snapshot(at now: Int64) -> WindowSnapshot {
        withShownMetrics { $0.snapshot(at: now) }
    }

    /// Whether resilience4j's `StateTransition` table has this pair (every pair but CLOSED → HALF_OPEN,
    /// METRICS_ONLY → OPEN and METRICS_ONLY → HALF_OPEN; same-state pairs included).
    public static func allows(from: BreakerState, to: BreakerState) -> Bool {
        switch (from, to) {
        case (.closed, .halfOpen), (.metricsOnly, .open), (.metricsOnly, .halfOpen): return false
        default: return true
        }
    }

    // MARK: States

    private mutating func admitHalfOpen() -> Admission {
        if permits > 0 {
            permits -= 1
            return .admitted()
        }
        halfOpenMetrics.callNotPermitted()
        return Admission(refusal: .tooManyRequests)
    }

    private mutating func releasePermit() {
        if state == .halfOpen { permits += 1 }
    }

    /// Installs a new state object at `now`: cancels the old state's scheduled transition (its
    /// `preTransitionHook`, and for `reset` too), builds the new state's metrics and timers, then
    /// reports the change if the state differs.
    private mutating func enter(_ next: BreakerState, attempts nextAttempts: Int, openWait explicitWait: Int64? = nil,
                                at now: Int64, _ onTransition: (BreakerTransition) -> Void) {
        let from = state
        scheduled = .none
        nextScheduledTransition = nil
        state = next
        attempts = nextAttempts
        switch next {
        case .closed, .metricsOnly:
            closedMetrics.reset(at: now)
            shown = .closed
        case .open:
            // OpenState keeps `currentState.getMetrics()`: `shown` stays as it is.
            let wait = explicitWait ?? openWait.nanoseconds(forAttempt: nextAttempts)
            retryAfter = WindowBreaker.saturatingSum(now, wait)
            if policy.automaticHalfOpen { schedule(.halfOpen, at: max(now, retryAfter)) }
        case .halfOpen:
            halfOpenMetrics.reset(at: now)
            shown = .halfOpen
            permits = policy.permittedInHalfOpen
            if let halfOpenMaxWait { schedule(.afterMaxWait, at: WindowBreaker.saturatingSum(now, halfOpenMaxWait)) }
        case .forcedOpen, .disabled:
            emptyMetrics.reset(at: now)
            shown = .empty
        }
        if from != next { onTransition(BreakerTransition(from: from, to: next)) }
    }

    private mutating func schedule(_ kind: Scheduled, at instant: Int64) {
        scheduled = kind
        nextScheduledTransition = instant
    }

    private mutating func withShownMetrics<Result>(_ body: (inout WindowMetrics) -> Result) -> Result {
        switch shown {
        case .closed: return body(&closedMetrics)
        case .halfOpen: return body(&halfOpenMetrics)
        case .empty: return body(&emptyMetrics)
        }
    }

    /// `Duration.toMillis`: whole milliseconds, rounded toward negative infinity.
    private static func floorMilliseconds(_ nanoseconds: Int64) -> Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000 : -((-(nanoseconds + 1)) / 1_000_000) - 1
    }

    private static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }
}
