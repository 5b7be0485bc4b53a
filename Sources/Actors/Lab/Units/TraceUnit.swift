/// The trace's end: stopped once the actors and companions are done, it hands the last batch
/// and the final hash to the consumers and ends their streams, then lets the consumers on the
/// lab's executor run to the end.
final class TraceUnit: LabUnit {
    let name = "trace"
    private let trace: TraceLog
    private let executor: SimulationExecutor

    init(trace: TraceLog, executor: SimulationExecutor) {
        self.trace = trace
        self.executor = executor
    }

    func start() throws(LabError) {}

    func stop() {
        trace.finish()
        executor.drain()
    }
}
