import Scenarios

/// gobreaker's circuit breaker (v1 `gobreaker.go`, v2 with rolling buckets and exclusions) as a value
/// driven by explicit virtual instants (nanoseconds from 0).
///
/// - Closed: admits everything; every result counts; after a failure `readyToTrip` decides whether to
///   open. The counts start afresh every `interval` (a new generation), or, with `bucketPeriod`, roll out
///   bucket by bucket; an `interval` of 0 never clears them.
/// - Open: refuses every call (`Refusal.open`) until `timeout` has passed, then turns half-open.
/// - Half-open: admits `maxRequests` calls, counting calls in flight; any failure opens again, and
///   `maxRequests` consecutive successes close it. Half-open never times out.
///
/// Every state change, and every expiry of the closed interval, starts a new generation with empty
/// counts; a result admitted in an older generation is dropped (gobreaker `afterRequest`). Time is lazy
/// as in gobreaker: the interval's and the timeout's expiry take effect only when `look`, `admit`,
/// `record` or `recordUnasked` run, and only strictly after the expiry instant (`expiry.Before(now)`).
/// `state` and `counts` read the stored values without that look, like gobreaker's fields and `Counts()`.
///
/// `admit` and `record` do not allocate: the bucket ring is allocated at init.
public struct ConsecutiveBreaker: Sendable {
    public let policy: ConsecutiveBreakerPolicy
    /// The stored state, without the lazy look.
    public private(set) var state: BreakerState = .closed
    private var buckets: RollingBuckets
    private let maxRequests: Int
    /// The closed period in ns (rounded up to a whole number of buckets), 0 for none.
    private let interval: Int64
    /// The bucket period in ns when rolling buckets are used, else 0.
    private let bucketPeriod: Int64
    private let timeout: Int64
    /// The current generation; never 0, so the ticket 0 of a refusal never matches one.
    private(set) var generation: UInt32 = 0
    /// When the current generation began: bucket ages count from here.
    private var start: Int64 = 0
    /// gobreaker's `expiry`; nil is its zero time (no expiry: closed without interval or with buckets,
    /// half-open).
    private(set) var expiry: Int64?

    /// gobreaker `NewCircuitBreaker`: closed, in a first generation beginning at `start`.
    /// `maxRequests` 0 → 1 and `timeout` 0 → 60 s; with a bucket period the interval is rounded up to a
    /// whole number of buckets (see `ConsecutiveBreakerPolicy.buckets`).
    public init(policy: ConsecutiveBreakerPolicy, at start: Int64) {
        self.policy = policy
        maxRequests = policy.effectiveMaxRequests
        timeout = policy.effectiveTimeout.nanoseconds
        if let rolling = policy.buckets {
            buckets = RollingBuckets(count: rolling.count)
            interval = rolling.interval.nanoseconds
            bucketPeriod = policy.bucketPeriod.nanoseconds
        } else {
            buckets = RollingBuckets(count: 1)
            interval = max(0, policy.effectiveInterval.nanoseconds)
            bucketPeriod = 0
        }
        startGeneration(at: start)
    }

    /// gobreaker `Counts()`: the current generation's counts, without the lazy look.
    public var counts: ConsecutiveCounts { buckets.totals }

    /// gobreaker `State()` (`currentState`): applies what time has done by `now`, then returns the state.
    /// Closed: strictly after the interval's expiry a new generation begins (no transition); with rolling
    /// buckets the ring rolls on to `now`'s bucket. Open: strictly after the timeout's expiry, half-open.
    public mutating func look(at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerState {
        switch state {
        case .closed:
            if let expiry, expiry < now {
                startGeneration(at: now)
            } else if bucketPeriod > 0 {
                buckets.grow(to: age(at: now))
            }
        case .open:
            if let expiry, expiry < now { move(to: .halfOpen, at: now, onTransition) }
        case .halfOpen, .forcedOpen, .disabled, .metricsOnly:
            break
        }
        return state
    }

    /// gobreaker `beforeRequest`: after the lazy look, open refuses (`ErrOpenState`), half-open refuses
    /// (`ErrTooManyRequests`) once its admitted, not excluded requests reach `maxRequests`; otherwise the
    /// request is counted now (so calls in flight take half-open slots) and admitted with a ticket
    /// naming its generation and bucket. A refusal's ticket is 0, which names no generation.
    public mutating func admit(at now: Int64, onTransition: (BreakerTransition) -> Void) -> Admission {
        switch look(at: now, onTransition: onTransition) {
        case .open, .forcedOpen:
            return Admission(refusal: .open)
        case .halfOpen where buckets.totals.validRequests >= maxRequests:
            return Admission(refusal: .tooManyRequests)
        case .closed, .halfOpen, .disabled, .metricsOnly:
            buckets.countRequest()
            return .admitted(ticket: currentTicket)
        }
    }

    /// gobreaker `afterRequest`: after the lazy look, a result whose ticket names an older generation is
    /// dropped, and so is one whose bucket has rolled out (v2 `rollingCounts.onSuccess` …); otherwise it
    /// counts as described in `judge`.
    ///
    /// The ticket keeps the generation and the bucket age modulo 2³², so a result is misjudged only if
    /// 2³² generations or 2³² bucket periods pass while its call is in flight.
    public mutating func record(_ verdict: CallVerdict, ticket: UInt64, at now: Int64, onTransition: (BreakerTransition) -> Void) {
        let current = look(at: now, onTransition: onTransition)
        guard UInt32(truncatingIfNeeded: ticket >> 32) == generation else { return }
        let behind = UInt64(UInt32(truncatingIfNeeded: buckets.age) &- UInt32(truncatingIfNeeded: ticket))
        guard behind <= buckets.age else { return }
        judge(verdict, in: current, admittedAge: buckets.age - behind, at: now, onTransition)
    }

    /// A result reported without an admission (no gobreaker counterpart): after the lazy look it counts
    /// in the current generation and bucket as `record` would count it; no request is counted.
    public mutating func recordUnasked(_ verdict: CallVerdict, at now: Int64, onTransition: (BreakerTransition) -> Void) {
        let current = look(at: now, onTransition: onTransition)
        judge(verdict, in: current, admittedAge: buckets.age, at: now, onTransition)
    }

    /// An operation from outside. gobreaker has none; they are its `setState`, applied to the stored
    /// state (without the lazy look, as `setState` itself does not look):
    /// - `transition_to_open`: `setState(open)`, open until now + timeout. Already open: no-op (the old
    ///   expiry stays, so an open breaker past its timeout still turns half-open on the next look).
    /// - `transition_to_open_for(wait)`: as above, but the breaker is open until now + wait afterwards,
    ///   also when it was open already (then without a new generation or a transition).
    /// - `transition_to_half_open`: `setState(halfOpen)` from open; already half-open: no-op; from closed
    ///   it is refused (`illegalStateTransition`), as resilience4j refuses closed → half-open.
    /// - `transition_to_closed`: `setState(closed)`; already closed: no-op (the counts are kept).
    /// - `reset`: a fresh closed generation (`toNewGeneration`), with a transition only when not closed.
    /// - `force_open`, `disable`, `metrics_only`: gobreaker has no such states (`unsupportedOperation`).
    /// A refused operation leaves the breaker unchanged.
    public mutating func apply(_ operation: BreakerOperation, at now: Int64, onTransition: (BreakerTransition) -> Void) -> BreakerOperationError? {
        switch operation {
        case .transitionToOpen:
            move(to: .open, at: now, onTransition)
        case .transitionToOpenFor(let wait):
            move(to: .open, at: now, onTransition)
            expiry = Self.sum(now, wait)
        case .transitionToHalfOpen:
            if state == .closed { return .illegalStateTransition }
            move(to: .halfOpen, at: now, onTransition)
        case .transitionToClosed:
            move(to: .closed, at: now, onTransition)
        case .reset:
            if state == .closed { startGeneration(at: now) } else { move(to: .closed, at: now, onTransition) }
        case .forceOpen, .disable, .metricsOnly:
            return .unsupportedOperation
        }
        return nil
    }

    /// The bucket `offset` places after the current one (gobreaker v2 `bucketAt`); for tests.
    func bucket(at offset: Int) -> ConsecutiveCounts { buckets.bucket(at: offset) }

    /// The current bucket age (gobreaker v2 `rollingCounts.age`).
    var bucketAge: UInt64 { buckets.age }

    /// gobreaker `onSuccess` / `onFailure` / v2 `onExclusion`, with the exclusion judged first (v2
    /// `afterRequest` asks `IsExcluded` before `IsSuccessful`):
    /// - an exclusion counts in any state and touches nothing else;
    /// - closed: a success counts; a failure counts, then the trip rule judges the counts and may open;
    /// - half-open: a success counts and closes once `maxRequests` successes are consecutive; a failure
    ///   opens at once (without counting);
    /// - open: successes and failures are dropped.
    private mutating func judge(_ verdict: CallVerdict, in current: BreakerState, admittedAge: UInt64, at now: Int64,
                                _ onTransition: (BreakerTransition) -> Void) {
        switch (verdict, current) {
        case (.ignored, _):
            buckets.count(.ignored, admittedAge: admittedAge)
        case (.success, .closed):
            buckets.count(.success, admittedAge: admittedAge)
        case (.success, .halfOpen):
            buckets.count(.success, admittedAge: admittedAge)
            if buckets.totals.consecutiveSuccesses >= maxRequests { move(to: .closed, at: now, onTransition) }
        case (.failure, .closed):
            buckets.count(.failure, admittedAge: admittedAge)
            if tripped(buckets.totals) { move(to: .open, at: now, onTransition) }
        case (.failure, .halfOpen):
            move(to: .open, at: now, onTransition)
        case (.success, _), (.failure, _):
            break
        }
    }

    /// gobreaker's `ReadyToTrip`, given the counts after the failure. `consecutiveFailures(n)`: more
    /// than n in a row (the default `ConsecutiveFailures > 5`). `failureRatio(r, minRequests: m)`: the
    /// ratio rule of gobreaker's own tests, counting not excluded requests as v2's test does
    /// (`validRequests() >= m && TotalFailures / validRequests() >= r`, in float64: with no valid request a
    /// failure makes the ratio +inf).
    private func tripped(_ counts: ConsecutiveCounts) -> Bool {
        switch policy.readyToTrip {
        case .consecutiveFailures(let limit):
            return counts.consecutiveFailures > limit
        case .failureRatio(let ratio, let minRequests):
            let valid = counts.validRequests
            return valid >= minRequests && Double(counts.totalFailures) / Double(valid) >= ratio
        }
    }

    /// gobreaker `setState`: a change of state starts a new generation and is reported; the same state
    /// is a no-op.
    private mutating func move(to next: BreakerState, at now: Int64, _ onTransition: (BreakerTransition) -> Void) {
        guard next != state else { return }
        let from = state
        state = next
        startGeneration(at: now)
        onTransition(BreakerTransition(from: from, to: next))
    }

    /// gobreaker `toNewGeneration`: empty counts from `now`; closed expires after the interval (never
    /// without one or with rolling buckets), open after the timeout, half-open never.
    private mutating func startGeneration(at now: Int64) {
        generation = generation == UInt32.max ? 1 : generation + 1
        start = now
        buckets.clear()
        switch state {
        case .closed:
            expiry = interval == 0 || bucketPeriod > 0 ? nil : Self.sum(now, interval)
        case .open:
            expiry = Self.sum(now, timeout)
        case .halfOpen, .forcedOpen, .disabled, .metricsOnly:
            expiry = nil
        }
    }

    /// gobreaker `age`: whole bucket periods since the generation began (0 before it).
    private func age(at now: Int64) -> UInt64 {
        guard bucketPeriod > 0, now > start else { return 0 }
        let elapsed = now.subtractingReportingOverflow(start)
        return elapsed.overflow ? UInt64(Int64.max / bucketPeriod) : UInt64(elapsed.partialValue / bucketPeriod)
    }

    private var currentTicket: UInt64 { UInt64(generation) << 32 | UInt64(UInt32(truncatingIfNeeded: buckets.age)) }

    /// `now + span`, held at the ends of Int64 instead of overflowing.
    private static func sum(_ now: Int64, _ span: Int64) -> Int64 {
        let (value, overflow) = now.addingReportingOverflow(span)
        return overflow ? (span > 0 ? Int64.max : Int64.min) : value
    }
}
