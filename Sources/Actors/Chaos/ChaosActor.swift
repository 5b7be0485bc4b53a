import Scenarios

/// What chaos does to one attempt.
struct ChaosEffect {
    /// The window that struck (index + 1), or 0.
    var window: Int32 = 0
    var extraDelay: Int64 = 0
    /// The status that replaces the backend's answer, or 0.
    var status: Int16 = 0
    var hang = false
}

/// Opens and closes the scenario's chaos windows in virtual time and decides, for each attempt
/// sent to a struck cluster, whether a fault hits it.
public actor ChaosActor: LabActor {
    nonisolated let kernel: LabKernel
    public nonisolated let windows: [ChaosSpec]
    private let targets: [Int32]
    /// Indices of open windows, per cluster, in window order.
    @exclusivity(unchecked) private var open: [[Int]]
    @exclusivity(unchecked) private var rng: SeededGenerator

    init(kernel: LabKernel, windows: [ChaosSpec], targets: [Int32], clusterCount: Int) {
        self.kernel = kernel
        self.windows = windows
        self.targets = targets
        open = Array(repeating: [], count: clusterCount)
        rng = kernel.generator("chaos")
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { kernel.executor.asUnownedSerialExecutor() }

    /// Sets the timers that open and close every window.
    func scheduleWindows() {
        for (i, window) in windows.enumerated() {
            kernel.queue.schedule(at: window.at.nanoseconds, .chaosBegins, a: Int32(i))
            kernel.queue.schedule(at: window.at.nanoseconds + window.duration.nanoseconds, .chaosEnds, a: Int32(i))
        }
    }

    func begin(_ window: Int32) {
        let target = targets[Int(window)]
        open[Int(target)].append(Int(window))
        open[Int(target)].sort()
        kernel.emit(LabEvent(time: kernel.now, kind: .chaosBegan, subject: window, detail: target))
    }

    func end(_ window: Int32) {
        let target = targets[Int(window)]
        open[Int(target)].removeAll { $0 == Int(window) }
        kernel.emit(LabEvent(time: kernel.now, kind: .chaosEnded, subject: window, detail: target))
    }

    /// Windows currently open on `cluster`.
    public func openWindows(on cluster: Int32) -> [Int] { open[Int(cluster)] }

    /// The faults that strike an attempt sent to `cluster` now: each open window draws once.
    @inline(__always)
    func strike(_ cluster: Int32) -> ChaosEffect {
        let windowsHere = open[Int(cluster)]
        guard !windowsHere.isEmpty else { return ChaosEffect() }
        var effect = ChaosEffect()
        for w in windowsHere {
            let fault = windows[w].fault
            guard rng.nextUnit() < fault.rate else { continue }
            if effect.window == 0 { effect.window = Int32(w) + 1 }
            switch fault {
            case .error(let status, _): if effect.status == 0 { effect.status = Int16(status) }
            case .latency(let delay, _): effect.extraDelay += delay.nanoseconds
            case .hang: effect.hang = true
            }
        }
        return effect
    }
}
