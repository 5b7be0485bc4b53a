import Scenarios

/// A circuit breaker of any of the lab's three types, as one value driven by explicit instants:
/// what a `BreakerActor` holds, and what Swift code can drive on its own (`admit`, `record`,
/// `apply` and the rest take the virtual instant as an argument; nothing reads a clock).
///
/// - `count`: the lab's count-window breaker (`CountBreaker`).
/// - `consecutive`: gobreaker's (`ConsecutiveBreaker`).
/// - `window`: resilience4j's (`WindowBreaker`).
///
/// Each type keeps its own library's rules; this value only routes the calls and judges an
/// attempt's answer by the policy (`verdict(status:outcome:)`). Transitions are reported to the
/// caller's `onTransition`, in order.
public struct CircuitBreaker: Sendable {
    public let policy: BreakerPolicy
    // One of the three is set, the one `policy` names: kept apart (not in an enum's payload) so each
    // call mutates its machine in place, without copying its windows.
    private var count: CountBreaker?
    private var consecutive: ConsecutiveBreaker?
    private var window: WindowBreaker?
    /// The policy's answer rules, taken out of the policy once so judging an answer binds no payload.
    private let neither: [AnswerMatch]
    private let failures: [AnswerMatch]?

    /// A closed breaker whose life begins at `start` (gobreaker's first generation starts then).
    public init(policy: BreakerPolicy, at start: Int64 = 0) {
        self.policy = policy
        switch policy {
        case .count(let p):
            count = CountBreaker(policy: p)
            (neither, failures) = ([], nil)
        case .consecutive(let p):
            consecutive = ConsecutiveBreaker(policy: p, at: start)
            (neither, failures) = (p.exclude, nil)
        case .window(let p):
            window = WindowBreaker(policy: p)
            (neither, failures) = (p.ignore, p.record)
        }
    }

    /// The state now stored, without any lazy look at the clock.
    public var state: BreakerState {
        if count != nil { return count.unsafelyUnwrapped.state }
        if consecutive != nil { return consecutive.unsafelyUnwrapped.state }
        return window.unsafelyUnwrapped.state
    }

    /// May a call go through at `now`?
    @inline(__always)
    public mutating func admit(at now: Int64, onTransition: (BreakerTransition) -> Void) -> Admission {
        if count != nil {
            let (admitted, transition) = count!.admit(at: now)
            if let transition { onTransition(transition) }
            if admitted { return .admitted() }
            return Admission(refusal: count.unsafelyUnwrapped.state == .halfOpen ? .tooManyRequests : .open)
        }
        if consecutive != nil { return consecutive!.admit(at: now, onTransition: onTransition) }
        return window!.admit(at: now, onTransition: onTransition)
    }

    /// The result of an admitted call: `ticket` is its admission's, `duration` how long it took.
    @inline(__always)
    public mutating func record(_ verdict: CallVerdict, duration: Int64, ticket: UInt64, at now: Int64,
                                onTransition: (BreakerTransition) -> Void) {
        if count != nil {
            guard verdict != .ignored, let transition = count!.record(success: verdict == .success, at: now) else { return }
            onTransition(transition)
        } else if consecutive != nil {
            consecutive!.record(verdict, ticket: ticket, at: now, onTransition: onTransition)
        } else {
            window!.record(verdict, duration: duration, at: now, onTransition: onTransition)
        }
    }

    /// A result reported without an admission (resilience4j's onSuccess / onError called directly;
    /// for gobreaker, a result of the current generation; for the count breaker, a recorded outcome).
    public mutating func recordUnasked(_ verdict: CallVerdict, duration: Int64, at now: Int64, onTransition: (BreakerTransition) -> Void) {
        if consecutive != nil {
            consecutive!.recordUnasked(verdict, at: now, onTransition: onTransition)
        } else {
            record(verdict, duration: duration, ticket: 0, at: now, onTransition: onTransition)
        }
    }

    /// Gives a half-open permit back (resilience4j's releasePermission); only `window` breakers have it.
    public mutating func release(at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        guard window != nil else { return .unsupportedOperation }
        window!.release(at: now, onTransition: onTransition)
        return nil
    }

    /// The state after the lazy transitions a look applies (gobreaker's State(); resilience4j's
    /// scheduled transitions that are due).
    public mutating func look(at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerState {
        if consecutive != nil { return consecutive!.look(at: now, onTransition: onTransition) }
        if window != nil { window!.advance(to: now, onTransition: onTransition) }
        return state
    }

    /// Applies an operation; on an error the state is unchanged.
    public mutating func apply(_ operation: BreakerOperation, at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        if count != nil {
            switch count!.apply(operation, at: now) {
            case .success(let transition):
                if let transition { onTransition(transition) }
                return nil
            case .failure(let error):
                return error
            }
        }
        if consecutive != nil { return consecutive!.apply(operation, at: now, onTransition: onTransition) }
        return window!.apply(operation, at: now, onTransition: onTransition)
    }

    /// Applies the scheduled transitions due at or before `now` (resilience4j's automatic half-open
    /// and its half-open deadline); the other types schedule nothing.
    public mutating func advance(to now: Int64, onTransition: (BreakerTransition) -> Void) {
        if window != nil { window!.advance(to: now, onTransition: onTransition) }
    }

    /// When the next scheduled transition is due, if any.
    public var nextScheduledTransition: Int64? { window?.nextScheduledTransition }

    /// gobreaker's Counts(), for a `consecutive` breaker.
    public var counts: ConsecutiveCounts? { consecutive?.counts }

    /// resilience4j's metrics at `now`, for a `window` breaker.
    public mutating func snapshot(at now: Int64, onTransition: (BreakerTransition) -> Void) -> WindowSnapshot? {
        guard window != nil else { return nil }
        return window!.snapshot(at: now, onTransition: onTransition)
    }

    /// How the policy judges an attempt's answer. `count`: a 5xx or a timeout fails, anything else
    /// succeeds. `consecutive`: answers matching `exclude` count as neither; otherwise the same rule.
    /// `window`: answers matching `ignore` are not buffered; then answers matching `record` fail (by
    /// default every 5xx and every timeout) and every other answer succeeds.
    @inline(__always)
    public func verdict(status: Int, outcome: AnswerOutcome) -> CallVerdict {
        if !neither.isEmpty && neither.matches(status: status, outcome: outcome) { return .ignored }
        if let failures { return failures.matches(status: status, outcome: outcome) ? .failure : .success }
        return status >= 500 || outcome == .timeout ? .failure : .success
    }
}
