import Scenarios

/// What each step of a script saw: `lab run --json`'s `script_results`.
public struct ScriptResults: Sendable, Equatable {
    /// The traffic source's name.
    public var name: String
    /// The cluster whose breaker it drove.
    public var target: String
    /// One per step, in order.
    public var steps: [ScriptStepResult]
}

/// One step's outcome and the breaker just after it.
public struct ScriptStepResult: Sendable, Equatable {
    /// The step's instant, in nanoseconds.
    public var at: Int64
    /// For `call` and `try` steps: whether the breaker admitted the call.
    public var admitted: Bool?
    /// Why it refused, when it did.
    public var rejectedWith: Refusal?
    /// The state after the step (no further lazy look).
    public var state: BreakerState
    /// gobreaker's counts, for a `consecutive` breaker.
    public var counts: ConsecutiveCounts?
    /// resilience4j's metrics at the step's instant, for a `window` breaker.
    public var metrics: WindowSnapshot?
    /// Every transition of the breaker so far.
    public var transitions: [BreakerTransition]
    /// Why the step did nothing, when it did nothing.
    public var error: ScriptStepError?
}

/// Why a step was refused.
public enum ScriptStepError: String, Sendable, Equatable, CustomStringConvertible {
    /// The breaker forbids the transition from its state (resilience4j's IllegalStateTransitionException).
    case illegalStateTransition = "illegal_state_transition"
    /// The breaker type has no such operation (forced open on a consecutive breaker, release on a count breaker).
    case unsupportedOperation = "unsupported_operation"
    /// A `complete` step for a `try` the breaker refused: there is no call to complete.
    case notAdmitted = "not_admitted"

    public var description: String { rawValue }

    init(_ error: BreakerOperationError) {
        self = error == .illegalStateTransition ? .illegalStateTransition : .unsupportedOperation
    }
}
