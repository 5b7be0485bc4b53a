import Scenarios

/// Opens and closes the scenario's chaos windows in virtual time and decides, for each attempt
/// sent to a struck cluster, whether a fault hits it. Each window draws from its own stream
/// (`chaos:NAME`), so adding a window never changes another window's strikes.
actor ChaosActor: LabActor {
    /// The timers of this actor, as their tokens carry them.
    enum Timer {
        case begins(window: Int32)
        case ends(window: Int32)

        init(_ token: TimerToken) { self = token.tag == 0 ? .begins(window: token.a) : .ends(window: token.a) }

        var token: TimerToken {
            switch self {
            case .begins(let window): return TimerToken(tag: 0, a: window)
            case .ends(let window): return TimerToken(tag: 1, a: window)
            }
        }
    }

    nonisolated let timeline: TimelineCore
    nonisolated let windows: [ChaosSpec]
    private let targets: [Int32]
    /// Indices of open windows, per cluster, in window order.
    @exclusivity(unchecked) private var open: [[Int]]
    @exclusivity(unchecked) private var streams: [SeededGenerator]
    @exclusivity(unchecked) private var owner: TimerOwnerID?

    init(timeline: TimelineCore, windows: [ChaosSpec], targets: [Int32], clusterCount: Int, streams: SeededStreams) {
        self.timeline = timeline
        self.windows = windows
        self.targets = targets
        open = Array(repeating: [], count: clusterCount)
        self.streams = windows.map { streams.generator("chaos:\($0.name)") }
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { timeline.executor.asUnownedSerialExecutor() }

    /// Registers this actor's timers and sets those that open and close every window.
    func start() {
        let owner = timeline.register(self, LabCalls.timerHandler { chaos, token in ChaosActor.fire(chaos, token) })
        self.owner = owner
        for (i, window) in windows.enumerated() {
            timeline.schedule(at: window.at.nanoseconds, owner: owner, token: Timer.begins(window: Int32(i)).token)
            timeline.schedule(at: window.at.nanoseconds + window.duration.nanoseconds, owner: owner, token: Timer.ends(window: Int32(i)).token)
        }
    }

    private static func fire(_ chaos: isolated ChaosActor, _ token: TimerToken) {
        switch Timer(token) {
        case .begins(let window): chaos.begin(window)
        case .ends(let window): chaos.end(window)
        }
    }

    private func begin(_ window: Int32) {
        let target = targets[Int(window)]
        open[Int(target)].append(Int(window))
        open[Int(target)].sort()
        timeline.emit(.chaosBegan(at: timeline.now, window: window, target: target))
    }

    private func end(_ window: Int32) {
        let target = targets[Int(window)]
        open[Int(target)].removeAll { $0 == Int(window) }
        timeline.emit(.chaosEnded(at: timeline.now, window: window, target: target))
    }

    /// The faults that strike an attempt sent to `cluster` now: each open window draws once.
    @inline(__always)
    func strike(_ cluster: Int32) -> ChaosEffect {
        let windowsHere = open[Int(cluster)]
        guard !windowsHere.isEmpty else { return ChaosEffect() }
        var effect = ChaosEffect()
        for w in windowsHere {
            let fault = windows[w].fault
            guard streams[w].nextUnit() < fault.rate else { continue }
            if effect.window == nil { effect.window = Int32(w) }
            switch fault {
            case .error(let status, _): if effect.status == 0 { effect.status = Int16(status) }
            case .latency(let delay, _): effect.extraDelay += delay.nanoseconds
            case .hang: effect.hang = true
            }
        }
        return effect
    }
}
