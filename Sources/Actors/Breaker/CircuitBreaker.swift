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
    /// The state now stored, without any lazy look at the clock. Kept here (a copy of the machine's)
    /// so reading it touches one byte, not the machine.
    public private(set) var state: BreakerState = .closed
    private let kind: Kind
    // One of the three is set, the one `kind` names: kept apart (not in an enum's payload) and reached
    // through `!` on the stored property, so each call works on its machine in place, never on a copy
    // of its windows. (Comparing a machine with nil, or reading it by value, would copy it.)
    private var count: CountBreaker?
    private var consecutive: ConsecutiveBreaker?
    private var window: WindowBreaker?
    /// How the policy judges an attempt's answer.
    public let rules: AnswerRules

    private enum Kind: UInt8 { case count, consecutive, window }

    /// A closed breaker whose life begins at `start` (gobreaker's first generation starts then).
    public init(policy: BreakerPolicy, at start: Int64 = 0) {
        self.policy = policy
        rules = AnswerRules(policy: policy)
        switch policy {
        case .count(let p):
            kind = .count
            count = CountBreaker(policy: p)
        case .consecutive(let p):
            kind = .consecutive
            consecutive = ConsecutiveBreaker(policy: p, at: start)
        case .window(let p):
            kind = .window
            window = WindowBreaker(policy: p)
        }
    }

    @inline(__always)
    private mutating func settle() {
        switch kind {
        case .count: state = count!.state
        case .consecutive: state = consecutive!.state
        case .window: state = window!.state
        }
    }

    /// May a call go through at `now`?
    @inline(__always)
    public mutating func admit(at now: Int64, onTransition: (BreakerTransition) -> Void) -> Admission {
        let admission: Admission
        switch kind {
        case .count:
            let (admitted, transition) = count!.admit(at: now)
            if let transition { onTransition(transition) }
            admission = admitted ? .admitted() : Admission(refusal: count!.state == .halfOpen ? .tooManyRequests : .open)
        case .consecutive:
            admission = consecutive!.admit(at: now, onTransition: onTransition)
        case .window:
            admission = window!.admit(at: now, onTransition: onTransition)
        }
        settle()
        return admission
    }

    /// The result of an admitted call: `ticket` is its admission's, `duration` how long it took.
    @inline(__always)
    public mutating func record(_ verdict: CallVerdict, duration: Int64, ticket: UInt64, at now: Int64,
                                onTransition: (BreakerTransition) -> Void) {
        switch kind {
        case .count:
            guard verdict != .ignored, let transition = count!.record(success: verdict == .success, at: now) else { return }
            onTransition(transition)
        case .consecutive:
            consecutive!.record(verdict, ticket: ticket, at: now, onTransition: onTransition)
        case .window:
            window!.record(verdict, duration: duration, at: now, onTransition: onTransition)
        }
        settle()
    }

    /// A result reported without an admission (resilience4j's onSuccess / onError called directly;
    /// for gobreaker, a result of the current generation; for the count breaker, a recorded outcome).
    public mutating func recordUnasked(_ verdict: CallVerdict, duration: Int64, at now: Int64, onTransition: (BreakerTransition) -> Void) {
        if kind == .consecutive {
            consecutive!.recordUnasked(verdict, at: now, onTransition: onTransition)
            settle()
        } else {
            record(verdict, duration: duration, ticket: 0, at: now, onTransition: onTransition)
        }
    }

    /// Gives a half-open permit back (resilience4j's releasePermission); only `window` breakers have it.
    public mutating func release(at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        guard kind == .window else { return .unsupportedOperation }
        window!.release(at: now, onTransition: onTransition)
        settle()
        return nil
    }

    /// The state after the lazy transitions a look applies (gobreaker's State(); resilience4j's
    /// scheduled transitions that are due).
    public mutating func look(at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerState {
        switch kind {
        case .count: break
        case .consecutive: _ = consecutive!.look(at: now, onTransition: onTransition)
        case .window: window!.advance(to: now, onTransition: onTransition)
        }
        settle()
        return state
    }

    /// Applies an operation; on an error the state is unchanged.
    public mutating func apply(_ operation: BreakerOperation, at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        defer { settle() }
        switch kind {
        case .count:
            switch count!.apply(operation, at: now) {
            case .success(let transition):
                if let transition { onTransition(transition) }
                return nil
            case .failure(let error):
                return error
            }
        case .consecutive:
            return consecutive!.apply(operation, at: now, onTransition: onTransition)
        case .window:
            return window!.apply(operation, at: now, onTransition: onTransition)
        }
    }

    /// Applies the scheduled transitions due at or before `now` (resilience4j's automatic half-open
    /// and its half-open deadline); the other types schedule nothing.
    public mutating func advance(to now: Int64, onTransition: (BreakerTransition) -> Void) {
        guard kind == .window else { return }
        window!.advance(to: now, onTransition: onTransition)
        settle()
    }

    /// When the next scheduled transition is due, if any.
    public var nextScheduledTransition: Int64? { kind == .window ? window!.nextScheduledTransition : nil }

    /// gobreaker's Counts(), for a `consecutive` breaker.
    public var counts: ConsecutiveCounts? { kind == .consecutive ? consecutive!.counts : nil }

    /// resilience4j's metrics at `now`, for a `window` breaker.
    public mutating func snapshot(at now: Int64, onTransition: (BreakerTransition) -> Void) -> WindowSnapshot? {
        guard kind == .window else { return nil }
        defer { settle() }
        return window!.snapshot(at: now, onTransition: onTransition)
    }

    /// How the policy judges an attempt's answer (`AnswerRules`).
    @inline(__always)
    public func verdict(status: Int, outcome: AnswerOutcome) -> CallVerdict { rules.verdict(status: status, outcome: outcome) }
}
