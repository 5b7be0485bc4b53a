import Synchronization

/// The shared heart of one headless lab: its executor, its future (the event queue), the
/// current virtual instant and the trace. Every actor of the lab holds it.
///
/// Confined to the lab's executor: only code running on `executor` touches it, which is what
/// makes unsynchronised access safe and the order of everything deterministic.
public final class LabKernel: @unchecked Sendable {
    public let executor: SimulationExecutor
    public let seed: UInt64
    @exclusivity(unchecked) var queue = EventQueue()
    /// The current virtual instant, in nanoseconds since the run began.
    @exclusivity(unchecked) private(set) var now: Int64 = 0
    private let publishedNow = Atomic<Int64>(0)
    let trace: TraceLog
    @exclusivity(unchecked) private var sleepers: [Int64: UnsafeContinuation<Void, any Error>] = [:]
    @exclusivity(unchecked) private var nextSleeper: Int64 = 0

    init(executor: SimulationExecutor, seed: UInt64, trace: TraceLog) {
        self.executor = executor
        self.seed = seed
        self.trace = trace
    }

    /// The generator of the stream named `name` for this run's seed.
    public func generator(_ name: String) -> SeededGenerator { SeededGenerator(seed: seed, stream: name) }

    @inline(__always)
    func advance(to time: Int64) {
        now = time
        publishedNow.store(time, ordering: .relaxed)
    }

    /// The current instant as seen from any thread.
    var observedNow: Int64 { publishedNow.load(ordering: .relaxed) }

    @inline(__always)
    func emit(_ event: LabEvent) { trace.emit(event) }

    func addSleeper(until deadline: Int64, _ continuation: UnsafeContinuation<Void, any Error>) {
        let token = nextSleeper
        nextSleeper += 1
        sleepers[token] = continuation
        queue.schedule(at: max(deadline, now), .wake, d: token)
    }

    func wake(_ token: Int64) {
        sleepers.removeValue(forKey: token)?.resume()
    }

    /// Ends every sleep still pending at the end of a run with `CancellationError`, in token order.
    func cancelSleepers() {
        for token in sleepers.keys.sorted() { sleepers.removeValue(forKey: token)?.resume(throwing: CancellationError()) }
    }
}
