import Scenarios

/// How to run a scenario: the seed and duration (overriding the file's), where to record, and
/// what to keep for the caller.
public struct RunOptions: Sendable {
    /// Nil: the scenario's own seed.
    public var seed: UInt64?
    /// Nil: the scenario's own duration.
    public var duration: TimeSpan?
    /// Where to write the SQLite recording; nil records nothing.
    public var recordingPath: String?
    /// Keep every event in the result (tests, determinism checks). Costs memory on long runs.
    public var keepEvents: Bool
    public var progress: ProgressReporter?
    /// Tasks that run inside the lab, on its executor, from the start of the run: a test's own
    /// timed steps written against `Clock`. A sleep still pending at the end of the run throws
    /// `CancellationError`.
    public var companions: [@Sendable (VirtualClock) async -> Void]
    /// The most requests — or attempts, timed-out ones awaiting their late answers included — in
    /// flight before the run ends as overloaded.
    public var inFlightLimit: InFlightLimit

    public init(seed: UInt64? = nil, duration: TimeSpan? = nil, recordingPath: String? = nil, keepEvents: Bool = false,
                progress: ProgressReporter? = nil, companions: [@Sendable (VirtualClock) async -> Void] = [],
                inFlightLimit: InFlightLimit = InFlightLimit()) {
        self.inFlightLimit = inFlightLimit
        self.companions = companions
        self.seed = seed
        self.duration = duration
        self.recordingPath = recordingPath
        self.keepEvents = keepEvents
        self.progress = progress
    }
}

/// Why a run could not produce a result.
public enum LabError: Error, Sendable, CustomStringConvertible {
    /// Jobs reached the lab's executor from another thread: something escaped the executor and
    /// the run is no longer deterministic.
    case foreignJobs(Int)
    /// The event loop did not run to its end on the lab's executor.
    case loopDidNotFinish
    /// The recording could not be created.
    case recordingUnavailable(String)
    /// More requests were in flight than `RunOptions.inFlightLimit` allows: offered load exceeds
    /// what the system can serve behind an unbounded queue. Names the instant and the cluster
    /// where attempts piled up.
    case overloaded(inFlight: Int, limit: Int, at: Int64, cluster: String, outstanding: Int)

    public var description: String {
        switch self {
        case .foreignJobs(let n):
            return "\(n) job(s) reached the lab's executor from another thread; a task escaped the lab's executor and the run is not deterministic"
        case .loopDidNotFinish:
            return "the event loop did not run to the end on the lab's executor"
        case .recordingUnavailable(let reason):
            return "cannot record: \(reason)"
        case .overloaded(let inFlight, let limit, let at, let cluster, let outstanding):
            return "overloaded at \(TimeSpan(nanoseconds: at)): \(inFlight) requests or attempts in flight (limit \(limit)); cluster \"\(cluster)\" holds \(outstanding) attempts. "
                + "The offered load exceeds what it serves; give it a queue limit (clusters[].queue), more capacity, "
                + "or raise the limit with --max-in-flight N (RunOptions.inFlightLimit) if the backlog is intended"
        }
    }
}

/// How many requests may be in flight at once — and how many attempts, since an attempt that timed
/// out stays queued at its cluster after its request completed — before a run ends as overloaded:
/// the guard that turns an unbounded backlog (memory growing without end) into a clear error. Each request in
/// flight costs about 200 bytes, so the default, 1,000,000, bounds the backlog near 200 MB.
public struct InFlightLimit: Sendable, Equatable {
    public var requests: Int
    public static let defaultRequests = 1_000_000

    public init(requests: Int = InFlightLimit.defaultRequests) {
        precondition(requests > 0, "the in-flight limit must be positive")
        self.requests = requests
    }
}
