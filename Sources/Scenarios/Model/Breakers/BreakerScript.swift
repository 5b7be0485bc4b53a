/// Scripted calls to one cluster's breaker (a traffic source with `script`): admissions, results and
/// operations at exact virtual instants, each step's outcome reported in `script_results`. What
/// replays a breaker library's unit test, or a user's "the first three calls fail" story.
public struct BreakerScript: Sendable, Equatable {
    public var name: String
    /// The cluster whose breaker the steps drive.
    public var target: String
    /// In file order; instants never go backwards.
    public var steps: [ScriptStep]

    public init(name: String, target: String, steps: [ScriptStep]) {
        self.name = name
        self.target = target
        self.steps = steps
    }
}

/// One step of a script, at `at`.
public struct ScriptStep: Sendable, Equatable {
    public var at: TimeSpan
    public var action: Action

    public enum Action: Sendable, Equatable {
        /// Ask for admission and, if admitted, report `verdict` at once with `duration` as the call's
        /// measured time (what slow-call rules judge).
        case call(CallVerdict, duration: TimeSpan)
        /// Ask for admission and remember it as `name`.
        case attempt(name: String)
        /// Report the result of the attempt `name`; `duration` nil: the virtual time since it was admitted.
        case complete(name: String, verdict: CallVerdict, duration: TimeSpan?)
        /// Report a result without having asked (resilience4j's onSuccess / onError).
        case record(CallVerdict, duration: TimeSpan)
        /// Give a half-open permit back (resilience4j's releasePermission).
        case release
        /// Look at the breaker (gobreaker's State(), which applies its lazy transitions).
        case check
        case operation(BreakerOperation)
    }

    public init(at: TimeSpan, _ action: Action) {
        self.at = at
        self.action = action
    }
}

/// An operation on a cluster's breaker at a virtual instant (the scenario's `actions`).
public struct BreakerAction: Sendable, Equatable {
    public var at: TimeSpan
    /// The cluster whose breaker it acts on.
    public var breaker: String
    public var operation: BreakerOperation

    public init(at: TimeSpan, breaker: String, operation: BreakerOperation) {
        self.at = at
        self.breaker = breaker
        self.operation = operation
    }
}
