import Recorder
import Synchronization

/// The flight recorder: opens the SQLite file, and writes the trace on a thread of its own (the
/// second core) as batches arrive. At most `creditLimit` batches wait for it: when it falls
/// behind, the lab waits, so memory stays bounded however long the run. Stopped after the trace
/// ends, it finishes the file and reports what it wrote.
final class RecorderUnit: LabUnit {
    let name = "recorder"
    /// Batches of 4,096 events that may wait for the writer (~6 MB of events).
    static let creditLimit = 32
    private let path: String
    private let catalog: RecordingCatalog
    private let trace: TraceLog
    private let end: Int64
    private let payloads: PayloadRenderer
    private var thread: ThreadExecutor?
    private let result = OutcomeBox()
    /// What the recording came to, once stopped.
    private(set) var outcome: RecordingOutcome?

    init(path: String, catalog: RecordingCatalog, trace: TraceLog, end: Int64, payloads: PayloadRenderer) {
        self.path = path
        self.catalog = catalog
        self.trace = trace
        self.end = end
        self.payloads = payloads
    }

    func start() throws(LabError) {
        let writer: RecordingWriter
        do {
            writer = try RecordingWriter(path: path, catalog: catalog)
        } catch {
            throw .recordingUnavailable("\(error)")
        }
        let thread = ThreadExecutor(name: "lab-recorder")
        self.thread = thread
        let credits = BatchCredits(limit: Self.creditLimit)
        let (stream, sink) = AsyncStream.makeStream(of: [LabEvent].self, bufferingPolicy: .unbounded)
        trace.add(TraceLog.Sink(continuation: sink, credits: credits))
        // The sessions' texts reach the recorder beside the events; a run without sessions keeps none.
        var texts: SessionTextLog?
        if payloads.scenario.clusters.contains(where: { $0.protocolKind == .websocket }) {
            texts = SessionTextLog()
            trace.sessionTexts = texts
        }
        let actor = RecorderActor(executor: thread, writer: writer, payloads: payloads, texts: texts)
        let end = self.end
        trace.beforeFinish.append { hash, count in
            actor.setFooter(RecordingFooter(virtualNanoseconds: end, traceHash: hash.description, events: count))
        }
        Task(executorPreference: thread) { [result] in
            let outcome = await actor.record(stream, credits: credits)
            result.value.withLock { $0 = outcome }
        }
    }

    func stop() {
        thread?.shutdown()
        outcome = result.value.withLock { $0 }
    }
}

/// The recording's outcome, handed from the recorder's thread.
private final class OutcomeBox: Sendable {
    let value = Mutex<RecordingOutcome?>(nil)
}
