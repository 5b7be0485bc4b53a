import Scenarios

/// Opens and closes the scenario's chaos windows in virtual time, switches modes on the
/// scenario's timeline (and when the daemon asks), and decides for each attempt whether a fault
/// hits it: at send for cluster and route windows and the cluster's mode (`strike`), where the
/// cluster picks a backend for backend windows (`strikeBackend`). Each window draws from its own
/// stream (`chaos:NAME`) and each cluster's mode from `mode:CLUSTER`, so adding a window or a
/// mode never changes another's draws.
actor ChaosActor: LabActor {
    /// The timers of this actor, as their tokens carry them.
    enum Timer {
        case begins(window: Int32)
        case ends(window: Int32)
        case modeSwitch(entry: Int32)

        init(_ token: TimerToken) {
            switch token.tag {
            case 0: self = .begins(window: token.a)
            case 1: self = .ends(window: token.a)
            default: self = .modeSwitch(entry: token.a)
            }
        }

        var token: TimerToken {
            switch self {
            case .begins(let window): return TimerToken(tag: 0, a: window)
            case .ends(let window): return TimerToken(tag: 1, a: window)
            case .modeSwitch(let entry): return TimerToken(tag: 2, a: entry)
            }
        }
    }

    nonisolated let timeline: TimelineCore
    nonisolated let windows: [ChaosSpec]
    /// What chaos decided about attempts in flight, shared with the transport and the clusters.
    nonisolated let ledger: ChaosLedger
    /// Per cluster: whether any window strikes one of its backends (the cluster asks only then).
    nonisolated let strikesBackends: [Bool]
    /// Per window: the clusters it strikes at send (its cluster, its route's clusters), or the
    /// backend's cluster; the event's target (-1 for a route).
    private let reach: [[Int32]]
    private let targets: [Int32]
    @exclusivity(unchecked) private var armed: [ArmedWindow]
    /// Indices of open send-time windows, per cluster, in window order.
    @exclusivity(unchecked) private var open: [[Int]]
    /// Indices of open backend windows, per cluster, in window order.
    @exclusivity(unchecked) private var openBackends: [[Int]]
    /// Per cluster: the mode in force when it strikes at send (nil: it adds nothing at send).
    @exclusivity(unchecked) private var modes: [ArmedMode?]
    @exclusivity(unchecked) private var modeSpecs: [ModeSpec]
    @exclusivity(unchecked) private var modeStreams: [SeededGenerator]
    /// Per cluster: an open window or a striking mode; the one check an attempt pays without chaos.
    @exclusivity(unchecked) private var busy: [Bool]
    @exclusivity(unchecked) private var owner: TimerOwnerID?
    private let timelineModes: [ModeSwitch]
    private let presets: [ModePreset]
    private let clusterNames: [String]
    /// Per cluster, per template: the healthy answer's body size in bytes (only for runs whose
    /// faults read it: bandwidth, slicer, limit_data).
    private let bodySizes: [[Int]]
    private let runEnd: Int64

    init(timeline: TimelineCore, scenario: Scenario, templates: [RequestTemplateRef], end: Int64, streams: SeededStreams) {
        self.timeline = timeline
        windows = scenario.chaos
        runEnd = end
        let clusterCount = scenario.clusters.count
        ledger = ChaosLedger(clusterCount: clusterCount)
        clusterNames = scenario.clusters.map(\.name)
        var reach: [[Int32]] = []
        var targets: [Int32] = []
        var backendClusters = Array(repeating: false, count: clusterCount)
        armed = scenario.chaos.map { spec in
            var backend: Int32 = -1
            var matches = spec.match.map { match in templates.map { match.matches($0.template) } } ?? []
            switch spec.target {
            case .cluster(let name):
                let c = Int32(scenario.clusterIndex(named: name)!)
                reach.append([c]); targets.append(c)
            case .backend(let name, let index):
                let c = Int32(scenario.clusterIndex(named: name)!)
                reach.append([c]); targets.append(c)
                backend = Int32(index)
                backendClusters[Int(c)] = true
            case .route(let name):
                let r = scenario.routes.firstIndex { $0.name == name }!
                reach.append(scenario.routes[r].clusters.map { Int32(scenario.clusterIndex(named: $0)!) }); targets.append(-1)
                let onRoute = templates.map { $0.route == Int32(r) }
                matches = matches.isEmpty ? onRoute : zip(matches, onRoute).map { $0 && $1 }
            }
            let windowEnd = spec.end(runEnd: TimeSpan(nanoseconds: end)).nanoseconds
            return ArmedWindow(spec: spec, end: windowEnd, templates: matches, backend: backend, streams: streams)
        }
        self.reach = reach
        self.targets = targets
        strikesBackends = backendClusters
        open = Array(repeating: [], count: clusterCount)
        openBackends = Array(repeating: [], count: clusterCount)
        modes = Array(repeating: nil, count: clusterCount)
        modeSpecs = Array(repeating: .healthy, count: clusterCount)
        modeStreams = scenario.clusters.map { streams.generator("mode:\($0.name)") }
        busy = Array(repeating: false, count: clusterCount)
        timelineModes = scenario.modes
        presets = scenario.presets + ModePreset.builtIn
        let readsSizes = scenario.chaos.contains { $0.fault.kind.readsBodySize }
        bodySizes = readsSizes ? scenario.clusters.map { cluster in
            templates.map { ref in
                let responder = TemplateResponder(cluster: cluster, template: ref.template)
                return responder.answer(parameter: 1, verdict: .ok(Int(responder.bookedStatus)), seed: streams.seed).bodyBytes.count
            }
        } : []
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    /// Registers this actor's timers and sets those that open and close every window and switch
    /// every mode of the timeline. A window without `for` stays open to the end of the run.
    func start() {
        let owner = timeline.register(self, LabCalls.timerHandler { chaos, token in ChaosActor.fire(chaos, token) })
        self.owner = owner
        for (i, window) in windows.enumerated() {
            timeline.schedule(at: window.at.nanoseconds, owner: owner, token: Timer.begins(window: Int32(i)).token)
            if let duration = window.duration {
                timeline.schedule(at: window.at.nanoseconds + duration.nanoseconds, owner: owner, token: Timer.ends(window: Int32(i)).token)
            }
        }
        for (i, entry) in timelineModes.enumerated() {
            timeline.schedule(at: entry.at.nanoseconds, owner: owner, token: Timer.modeSwitch(entry: Int32(i)).token)
        }
    }

    private static func fire(_ chaos: isolated ChaosActor, _ token: TimerToken) {
        switch Timer(token) {
        case .begins(let window): chaos.begin(window)
        case .ends(let window): chaos.end(window)
        case .modeSwitch(let entry):
            let change = chaos.timelineModes[Int(entry)]
            chaos.switchMode(change.mode, cluster: change.cluster.flatMap { name in chaos.clusterNames.firstIndex(of: name).map(Int32.init) },
                             entry: entry)
        }
    }

    private func begin(_ window: Int32) {
        let w = Int(window)
        for c in reach[w].map(Int.init) {
            if armed[w].backend >= 0 {
                openBackends[c].append(w)
                openBackends[c].sort()
            } else {
                open[c].append(w)
                open[c].sort()
                busy[c] = true
            }
        }
        timeline.emit(.chaosBegan(at: timeline.now, window: window, target: targets[w]))
    }

    private func end(_ window: Int32) {
        let w = Int(window)
        for c in reach[w].map(Int.init) {
            openBackends[c].removeAll { $0 == w }
            open[c].removeAll { $0 == w }
            busy[c] = !open[c].isEmpty || modes[c] != nil
        }
        timeline.emit(.chaosEnded(at: timeline.now, window: window, target: targets[w]))
    }

    // MARK: Strikes

    /// The faults that strike an attempt from `template` sent to `cluster` now: each open window
    /// that sees the template draws once, then the cluster's mode.
    @inline(__always)
    func strike(_ cluster: Int32, _ template: Int32) -> ChaosEffect {
        guard busy[Int(cluster)] else { return ChaosEffect() }
        return struck(cluster, template, backend: -1)
    }

    /// The faults of the windows on backend `backend` of `cluster`, for an attempt from `template`
    /// the cluster hands it now.
    func strikeBackend(_ cluster: Int32, _ backend: Int32, _ template: Int32) -> ChaosEffect {
        guard !openBackends[Int(cluster)].isEmpty else { return ChaosEffect() }
        return struck(cluster, template, backend: backend)
    }

    @inline(never)
    private func struck(_ cluster: Int32, _ template: Int32, backend: Int32) -> ChaosEffect {
        let c = Int(cluster)
        let now = timeline.now
        var effect = ChaosEffect()
        for w in backend < 0 ? open[c] : openBackends[c] {
            if backend >= 0 && armed[w].backend != backend { continue }
            guard armed[w].fires(template: template, now: now) else { continue }
            if effect.window == nil { effect.window = Int32(w) }
            apply(w, &effect, cluster: c, template: Int(template), now: now)
        }
        if backend < 0, let mode = modes[c] { mode.strike(&effect, &modeStreams[c]) }
        effect.settle()
        return effect
    }

    /// One window's fault on the attempt (Docs/SCENARIOS.md, "Chaos", tables each).
    private func apply(_ w: Int, _ effect: inout ChaosEffect, cluster c: Int, template t: Int, now: Int64) {
        switch armed[w].kind {
        case .error(let statuses):
            let status = statuses.count == 1 ? statuses[0] : statuses[armed[w].rng.nextIndex(below: statuses.count)]
            effect.replace(Int16(status), .chaos)
        case .latency(let latency):
            effect.extraDelay += armed[w].delay(latency, now: now)
        case .hang:
            effect.hang = true
        case .timeout(let hold):
            if hold == .zero { effect.hang = true } else { effect.end(503, .reset, after: hold.nanoseconds) }
        case .reset(let after):
            effect.end(503, .reset, after: after.nanoseconds)
        case .down:
            effect.end(503, .refused, after: 0)
        case .bandwidth(let bytesPerSecond):
            effect.answerDelay += Int64((Double(bodySizes[c][t]) * 1e9 / bytesPerSecond).rounded())
        case .slowClose(let delay):
            effect.answerDelay += delay.nanoseconds
        case .slicer(let average, let variation, let delay):
            effect.answerDelay += Int64(ArmedWindow.slices(bodySizes[c][t], average: average, variation: variation)) * delay.nanoseconds
        case .limitData(let bytes):
            if bodySizes[c][t] > bytes && effect.relabel == nil { effect.relabel = .truncated }
        case .emptyResponse, .malformedResponse, .randomDataThenClose:
            effect.replace(502, .protocolError)
        case .grpc(let code, _):
            effect.replace(Int16(code.httpStatus), .chaos)
        case .websocket(.close(let code, _)):
            if effect.sessionClose == 0 { effect.sessionClose = code.rawValue }
        case .websocket(.drop(.client)):
            effect.dropClientMessage = true
        case .websocket(.drop(.server)):
            effect.dropReplies = true
        case .graphql:
            if effect.relabel == nil { effect.relabel = .chaos }
        }
    }

    // MARK: Modes

    /// Switches the whole lab (`cluster` nil: every cluster) or one cluster to `mode` at the
    /// current instant, and emits the switch (`entry`: the timeline's entry, -1 for a call). Called
    /// by the timeline's timers, and by the daemon on the lab's thread. A mode with `timeoutRate`
    /// leaves attempts unanswered: only routes with a timeout end them (the scenario's checks
    /// refuse a timeline that would hang a route without one; a caller must see to it).
    func switchMode(_ mode: ModeSpec, cluster: Int32? = nil, entry: Int32 = -1) {
        let affected = cluster.map { [Int($0)] } ?? Array(modes.indices)
        let armedMode = ArmedMode(spec: mode)
        for c in affected {
            modeSpecs[c] = mode
            modes[c] = armedMode.strikes ? armedMode : nil
            ledger.serviceScale[c] = mode.latencyMultiplier
            busy[c] = !open[c].isEmpty || modes[c] != nil
        }
        timeline.emit(.modeSwitched(at: timeline.now, cluster: cluster ?? -1, mode: mode.kind, entry: entry))
    }

    /// Switches to the preset `name` (the scenario's own, else a built-in one) at the current
    /// instant; false when no preset has that name.
    @discardableResult
    func apply(preset name: String, cluster: Int32? = nil) -> Bool {
        guard let preset = presets.first(where: { $0.name == name }) else { return false }
        switchMode(preset.mode, cluster: cluster)
        return true
    }

    /// The mode `cluster` is in now.
    func mode(of cluster: Int32) -> ModeSpec { modeSpecs[Int(cluster)] }
}
