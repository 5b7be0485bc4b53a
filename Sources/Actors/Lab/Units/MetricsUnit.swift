import Synchronization

/// The metrics consumer: a task on the lab's executor reading the trace's batches. Stopped after
/// the trace ends (`TraceUnit`), it reads the final figures.
final class MetricsUnit: LabUnit {
    let name = "metrics"
    private let metrics: MetricsActor
    private let trace: TraceLog
    private let stream: AsyncStream<[LabEvent]>
    /// The run's figures, once stopped.
    private(set) var figures: (summary: RunSummary, text: String)?

    init(metrics: MetricsActor, trace: TraceLog) {
        self.metrics = metrics
        self.trace = trace
        let (stream, sink) = AsyncStream.makeStream(of: [LabEvent].self, bufferingPolicy: .unbounded)
        self.stream = stream
        trace.add(TraceLog.Sink(continuation: sink, credits: nil))
    }

    func start() throws(LabError) {
        Task(executorPreference: metrics.timeline.executor) { [metrics, stream] in await metrics.consume(stream) }
    }

    func stop() {
        let executor = metrics.timeline.executor
        let box = Mutex<(RunSummary, String)?>(nil)
        Task(executorPreference: executor) { [metrics] in
            let value = await (metrics.summary, metrics.prometheusText())
            box.withLock { $0 = value }
        }
        executor.drain()
        figures = box.withLock { $0 }
    }
}
