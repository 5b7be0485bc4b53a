import Scenarios

/// Guards one cluster: admits or refuses calls (fast-failing with `circuit_breaker`), learns from
/// their results, and carries out what the scenario schedules for it — its `actions` and the steps
/// of the scripts that target it, each step's outcome kept for `script_results`.
///
/// Every state change and every operation goes into the trace; admissions and results are only
/// counted (`tally`), and reach the summary and the metrics when the run ends.
actor BreakerActor: LabActor {
    /// The timers of this actor, as their tokens carry them.
    enum Timer {
        /// The next entry of the agenda is due.
        case agenda
        /// A scheduled transition of the breaker (resilience4j's automatic half-open or half-open
        /// deadline) is due at `due`.
        case scheduled(due: Int64)

        init(_ token: TimerToken) { self = token.tag == 0 ? .agenda : .scheduled(due: token.d) }

        var token: TimerToken {
            switch self {
            case .agenda: return TimerToken(tag: 0)
            case .scheduled(let due): return TimerToken(tag: 1, d: due)
            }
        }
    }

    /// An attempt's result as the router reports it.
    struct AttemptResult {
        var status: Int16
        var outcome: Outcome
        var duration: Int64
        var ticket: UInt64
    }

    nonisolated let timeline: TimelineCore
    nonisolated let cluster: Int32
    /// The machine; used only when `guarded` (a cluster without a breaker admits every call, and
    /// holds an idle count breaker here so the property needs no optional, whose unwrapping would
    /// copy the machine).
    @exclusivity(unchecked) private var breaker: CircuitBreaker
    private let guarded: Bool
    /// The machine's state, as its transitions leave it (read here, not from the machine: reading a
    /// value out of the optional machine would copy it).
    private var current = BreakerState.closed
    private let rules: AnswerRules?
    private let counters = TallyCounters()
    @exclusivity(unchecked) private var agenda: BreakerAgenda
    /// Whether the breaker's machine schedules transitions of its own (timers are then kept in step).
    private let schedules: Bool
    private var owner: TimerOwnerID?
    /// The instant of the pending scheduled-transition timer.
    private var scheduledFor: Int64?
    /// Every transition so far, kept when a script reads them.
    private var history: [BreakerTransition] = []
    private let keepsHistory: Bool
    /// The scripts' attempts (`try`) so far: script, name, admission.
    private var attempts: [(script: Int, name: String, admission: Admission, at: Int64)] = []
    /// Per script of the agenda: the results of its steps so far.
    private(set) var results: [[ScriptStepResult]]

    init(timeline: TimelineCore, cluster: Int32, policy: BreakerPolicy?, actions: [BreakerAction] = [],
         scripts: [(index: Int, script: BreakerScript)] = []) {
        self.timeline = timeline
        self.cluster = cluster
        breaker = CircuitBreaker(policy: policy ?? .count(CountBreakerPolicy(windowSize: 1, minimumCalls: 1)), at: 0)
        guarded = policy != nil
        rules = policy.map(AnswerRules.init)
        agenda = BreakerAgenda(actions: actions, scripts: scripts)
        results = scripts.map { _ in [] }
        keepsHistory = !scripts.isEmpty
        if case .window(let p) = policy { schedules = p.automaticHalfOpen || p.maxWaitInHalfOpen > .zero } else { schedules = false }
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    var state: BreakerState { current }

    /// Admissions and results so far, by state.
    var tally: BreakerTally { counters.tally }

    /// The scenario's index of each script this breaker plays, in the order of `results`.
    var scriptIndices: [Int] { agenda.scripts.map(\.index) }

    /// Registers the timers and schedules the agenda's first entry; a breaker with nothing to
    /// schedule takes no timer owner.
    func start() {
        guard guarded, schedules || !agenda.isEmpty else { return }
        owner = timeline.register(self, LabCalls.timerHandler { breaker, token in BreakerActor.fire(breaker, token) })
        if let first = agenda.nextInstant { schedule(.agenda, at: first) }
    }

    private static func fire(_ breaker: isolated BreakerActor, _ token: TimerToken) {
        switch Timer(token) {
        case .agenda: breaker.runAgenda()
        case .scheduled(let due):
            if breaker.scheduledFor == due { breaker.scheduledFor = nil }
            if breaker.guarded { breaker.breaker.advance(to: breaker.timeline.now) { breaker.trace($0) } }
            breaker.keepSchedule()
        }
    }

    private func schedule(_ timer: Timer, at time: Int64) {
        timeline.schedule(at: time, owner: owner.unsafelyUnwrapped, token: timer.token)
    }

    // MARK: The router's calls

    @inline(__always)
    func admit() -> Admission {
        guard guarded else { return .admitted() }
        let admission = breaker.admit(at: timeline.now) { trace($0) }
        if !admission.admitted { counters.add(.rejected, in: current) }
        if schedules { keepSchedule() }
        return admission
    }

    @inline(__always)
    func record(_ result: AttemptResult) {
        guard guarded else { return }
        if result.outcome == .cancelled {
            // A hedge that lost, or an admission no attempt used: its permit is given back unrecorded.
            breaker.record(.ignored, duration: result.duration, ticket: result.ticket, at: timeline.now) { trace($0) }
            return
        }
        let verdict = rules!.verdict(status: Int(result.status), outcome: AnswerOutcome(result.outcome))
        counters.add(Self.tallied(verdict), in: current)
        breaker.record(verdict, duration: result.duration, ticket: result.ticket, at: timeline.now) { trace($0) }
        if schedules { keepSchedule() }
    }

    // MARK: Operations (actions, scripts, the Swift API)

    /// Applies an operation now; traced, whether applied or refused.
    @discardableResult
    func apply(_ operation: BreakerOperation) -> BreakerOperationError? {
        guard guarded else { return .unsupportedOperation }
        let error = breaker.apply(operation, at: timeline.now) { trace($0) }
        timeline.emit(.breakerOperation(at: timeline.now, cluster: cluster, operation: operation, refused: error))
        if schedules { keepSchedule() }
        return error
    }

    // MARK: The agenda

    private func runAgenda() {
        let now = timeline.now
        while let at = agenda.nextInstant, at <= now {
            let entry = agenda.entries[agenda.cursor].entry
            agenda.cursor += 1
            switch entry {
            case .action(let operation): apply(operation)
            case .step(let script, let step): run(script: script, step: step)
            }
        }
        if let next = agenda.nextInstant { schedule(.agenda, at: next) }
    }

    private func run(script s: Int, step i: Int) {
        let now = timeline.now
        var result = ScriptStepResult(at: now, state: .closed, transitions: [])
        switch agenda.scripts[s].script.steps[i].action {
        case .call(let verdict, let duration):
            let admission = admit()
            result.admitted = admission.admitted
            result.rejectedWith = admission.refusal
            if admission.admitted { recordScripted(verdict, duration: duration.nanoseconds, ticket: admission.ticket) }
        case .attempt(let name):
            let admission = admit()
            result.admitted = admission.admitted
            result.rejectedWith = admission.refusal
            attempts.append((s, name, admission, now))
        case .complete(let name, let verdict, let duration):
            if let attempt = attempts.last(where: { $0.script == s && $0.name == name }) {
                if attempt.admission.admitted {
                    recordScripted(verdict, duration: duration?.nanoseconds ?? now - attempt.at, ticket: attempt.admission.ticket)
                } else {
                    result.error = .notAdmitted
                }
            }
        case .record(let verdict, let duration):
            counters.add(Self.tallied(verdict), in: state)
            breaker.recordUnasked(verdict, duration: duration.nanoseconds, at: now) { trace($0) }
        case .release:
            result.error = breaker.release(at: now) { trace($0) }.map(ScriptStepError.init)
        case .check:
            _ = breaker.look(at: now) { trace($0) }
        case .operation(let operation):
            result.error = apply(operation).map(ScriptStepError.init)
        }
        if schedules { keepSchedule() }
        result.metrics = breaker.snapshot(at: now) { trace($0) }
        result.state = state
        result.counts = breaker.counts
        result.transitions = history
        results[s].append(result)
    }

    private func recordScripted(_ verdict: CallVerdict, duration: Int64, ticket: UInt64) {
        counters.add(Self.tallied(verdict), in: state)
        breaker.record(verdict, duration: duration, ticket: ticket, at: timeline.now) { trace($0) }
    }

    // MARK: Bookkeeping

    private static func tallied(_ verdict: CallVerdict) -> BreakerTally.Result {
        switch verdict {
        case .success: return .success
        case .failure: return .failure
        case .ignored: return .ignored
        }
    }

    /// Keeps one timer at the machine's next scheduled transition. A timer left for an instant the
    /// machine no longer plans (a transition moved it on) finds nothing due and does nothing.
    private func keepSchedule() {
        guard guarded, let due = breaker.nextScheduledTransition, due != scheduledFor else { return }
        if owner == nil { owner = timeline.register(self, LabCalls.timerHandler { breaker, token in BreakerActor.fire(breaker, token) }) }
        scheduledFor = due
        schedule(.scheduled(due: due), at: max(due, timeline.now))
    }

    private func trace(_ t: BreakerTransition) {
        current = t.to
        timeline.emit(.breakerTransition(at: timeline.now, cluster: cluster, from: t.from, to: t.to))
        if keepsHistory { history.append(t) }
    }
}

extension AnswerOutcome {
    /// The scenario format's name for an attempt's outcome.
    init(_ outcome: Outcome) {
        switch outcome {
        // Never an attempt's result a breaker records: the router releases the admission instead.
        case .ok, .circuitBreaker, .overflow, .rateLimit, .cancelled: self = .ok
        case .internalError: self = .internalError
        case .chaos: self = .chaos
        case .serviceUnavailable: self = .serviceUnavailable
        case .timeout: self = .timeout
        case .reset: self = .reset
        case .refused: self = .refused
        case .protocolError: self = .protocolError
        case .truncated: self = .truncated
        }
    }
}
