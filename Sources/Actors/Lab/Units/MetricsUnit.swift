import Dispatch
import Synchronization

/// The metrics consumer: a task reading the trace's batches on a thread of its own (the second
/// core, which a run without recording leaves idle), with credits like the recorder's so it never
/// piles batches up. Stopped after the trace ends (`TraceUnit`), it reads the breakers' refusals on
/// the lab's thread and the final figures from the metrics' thread.
final class MetricsUnit: LabUnit {
    let name = "metrics"
    /// Batches of 4,096 events that may wait for the consumer.
    static let creditLimit = 32
    private let metrics: MetricsActor
    private let thread: ThreadExecutor
    private let trace: TraceLog
    private let stream: AsyncStream<[LabEvent]>
    private let sink: AsyncStream<[LabEvent]>.Continuation
    private let credits = BatchCredits(limit: MetricsUnit.creditLimit)
    private let consumed = DispatchSemaphore(value: 0)
    /// The run's figures, once stopped.
    private(set) var figures: (summary: RunSummary, text: String)?

    /// `metrics` runs on `thread`.
    init(metrics: MetricsActor, thread: ThreadExecutor, trace: TraceLog) {
        self.metrics = metrics
        self.thread = thread
        self.trace = trace
        let (stream, sink) = AsyncStream.makeStream(of: [LabEvent].self, bufferingPolicy: .unbounded)
        self.stream = stream
        self.sink = sink
        trace.add(TraceLog.Sink(continuation: sink, credits: credits))
    }

    func start() throws(LabError) {
        Task(executorPreference: thread) { [metrics, stream, credits, consumed] in
            await metrics.consume(stream, credits: credits)
            consumed.signal()
        }
    }

    func stop() {
        // Stopped because a later unit failed to start, the trace never ended: end this stream here.
        if !trace.isFinished { sink.finish() }
        consumed.wait()
        let tallies = metrics.breakerTallies()
        let box = FiguresBox()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: thread) { [metrics] in
            let value = await (metrics.summary(tallies: tallies), metrics.prometheusText(tallies: tallies))
            box.value.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        thread.shutdown()
        figures = box.value.withLock { $0 }
    }
}

/// The figures, handed from the metrics' thread.
private final class FiguresBox: Sendable {
    let value = Mutex<(RunSummary, String)?>(nil)
}
