import Scenarios

/// The count-based breaker of the reference workload, as a value driven by explicit instants.
///
/// Closed: a sliding window of the last `windowSize` outcomes; at `minimumCalls` or more with a
/// failure ratio of at least `failureRate`, it opens. Open: refuses calls; the first `admit` at
/// or after `openFor` turns it half-open. Half-open: admits `halfOpenCalls` trials; every outcome
/// recorded while half-open counts as a trial, and when `halfOpenCalls` have been recorded it
/// closes (failure ratio below `failureRate`) or opens again. Outcomes arriving while open are dropped.
public struct CountBreaker: Sendable {
    public let policy: CountBreakerPolicy
    public private(set) var state: BreakerState = .closed
    private var window: [Bool]
    private var windowStart = 0
    private var windowCount = 0
    private var windowFailures = 0
    /// When an open breaker may turn half-open.
    private var openUntil: Int64 = 0
    private var trialsAdmitted = 0
    private var trialsRecorded = 0
    private var trialFailures = 0

    public init(policy: CountBreakerPolicy) {
        self.policy = policy
        window = Array(repeating: true, count: policy.windowSize)
    }

    /// Whether a call may go through at `now`; may turn an open breaker half-open first.
    @inline(__always)
    public mutating func admit(at now: Int64) -> (admitted: Bool, transition: BreakerTransition?) {
        var transition: BreakerTransition?
        if state == .open && now >= openUntil {
            transition = move(to: .halfOpen, at: now)
        }
        switch state {
        case .closed:
            return (true, transition)
        case .halfOpen where trialsAdmitted < policy.halfOpenCalls:
            trialsAdmitted += 1
            return (true, transition)
        default:
            return (false, transition)
        }
    }

    /// Records an admitted call's outcome at `now`.
    @inline(__always)
    public mutating func record(success: Bool, at now: Int64) -> BreakerTransition? {
        switch state {
        case .halfOpen:
            trialsRecorded += 1
            if !success { trialFailures += 1 }
            guard trialsRecorded == policy.halfOpenCalls else { return nil }
            let ratio = Double(trialFailures) / Double(trialsRecorded)
            return move(to: ratio >= policy.failureRate ? .open : .closed, at: now)
        case .open, .forcedOpen, .disabled, .metricsOnly:
            return nil
        case .closed:
            if windowCount == window.count {
                if !window[windowStart] { windowFailures -= 1 }
                window[windowStart] = success
                windowStart = (windowStart + 1) % window.count
            } else {
                window[(windowStart + windowCount) % window.count] = success
                windowCount += 1
            }
            if !success { windowFailures += 1 }
            if windowCount >= policy.minimumCalls && Double(windowFailures) >= policy.failureRate * Double(windowCount) {
                return move(to: .open, at: now)
            }
            return nil
        }
    }

    /// Applies an operation at `now`; returns the transition it made, if the state changed. A
    /// same-state operation restarts that state (an open wait, half-open trials) without a transition.
    /// Closed → half-open is refused, as resilience4j refuses it; forced open, disabled and metrics only
    /// are not states of this breaker.
    public mutating func apply(_ operation: BreakerOperation, at now: Int64) -> Result<BreakerTransition?, BreakerOperationError> {
        switch operation {
        case .transitionToOpen:
            return .success(restart(.open, at: now))
        case .transitionToOpenFor(let wait):
            let transition = restart(.open, at: now)
            openUntil = now + wait
            return .success(transition)
        case .transitionToHalfOpen:
            if state == .closed { return .failure(.illegalStateTransition) }
            return .success(restart(.halfOpen, at: now))
        case .transitionToClosed, .reset:
            return .success(restart(.closed, at: now))
        case .forceOpen, .disable, .metricsOnly:
            return .failure(.unsupportedOperation)
        }
    }

    private mutating func restart(_ next: BreakerState, at now: Int64) -> BreakerTransition? {
        let from = state
        let transition = move(to: next, at: now)
        return from == next ? nil : transition
    }

    private mutating func move(to next: BreakerState, at now: Int64) -> BreakerTransition {
        let transition = BreakerTransition(from: state, to: next)
        state = next
        switch next {
        case .open:
            openUntil = now + policy.openFor.nanoseconds
        case .halfOpen:
            trialsAdmitted = 0
            trialsRecorded = 0
            trialFailures = 0
        case .closed:
            windowStart = 0
            windowCount = 0
            windowFailures = 0
        case .forcedOpen, .disabled, .metricsOnly:
            break
        }
        return transition
    }
}
