import Glibc
import Synchronization

/// The one serial executor every actor and task of a headless lab runs on, drained by the
/// thread that runs the lab. Jobs run strictly in the order they were enqueued, so the
/// interleaving of all tasks is a function of the scenario and the seed alone.
///
/// A job enqueued from any other thread would break that order: it is set aside, counted, and
/// the run fails with `LabError.foreignJob` instead of silently diverging.
public final class SimulationExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    @exclusivity(unchecked) private var ring: [UnownedJob?]
    @exclusivity(unchecked) private var head = 0
    @exclusivity(unchecked) private var count = 0
    private let owner: pthread_t
    private let strays = Mutex<[UnownedJob]>([])
    private let strayCount = Atomic<Int>(0)

    /// Creates an executor owned by the calling thread, which must be the one that drains it.
    public init() {
        owner = pthread_self()
        ring = Array(repeating: nil, count: 64)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        guard pthread_equal(owner, pthread_self()) != 0 else {
            strays.withLock { $0.append(job) }
            strayCount.add(1, ordering: .sequentiallyConsistent)
            return
        }
        if count == ring.count { grow() }
        ring[(head + count) & (ring.count - 1)] = job
        count += 1
    }

    private func grow() {
        var bigger = [UnownedJob?](repeating: nil, count: ring.count * 2)
        for i in 0..<count { bigger[i] = ring[(head + i) & (ring.count - 1)] }
        ring = bigger
        head = 0
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    public func isSameExclusiveExecutionContext(other: SimulationExecutor) -> Bool { self === other }

    /// The runtime's check that code isolated to the lab's actors runs where it should: on the
    /// lab's thread, whether inside one of the executor's jobs or in the timeline's loop.
    public func checkIsolated() {
        precondition(isOwnerThread, "code isolated to a lab's actors ran outside the lab's thread")
    }

    /// Whether the calling thread is the one that owns (and drains) this executor.
    @inline(__always)
    public var isOwnerThread: Bool { pthread_equal(owner, pthread_self()) != 0 }

    /// Jobs waiting to run on this executor.
    public var pendingJobs: Int { count }

    /// Jobs that arrived from a foreign thread (each one a determinism bug).
    public var foreignJobs: Int { strayCount.load(ordering: .sequentiallyConsistent) }

    /// Runs jobs in FIFO order until none is left. Must be called on the owning thread.
    public func drain() {
        precondition(pthread_equal(owner, pthread_self()) != 0, "a SimulationExecutor is drained by the thread that created it")
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        while count > 0 {
            let job = ring[head].unsafelyUnwrapped
            ring[head] = nil
            head = (head + 1) & (ring.count - 1)
            count -= 1
            job.runSynchronously(isolatedTo: serial, taskExecutor: task)
        }
    }

    /// Runs, on the owning thread, the jobs that arrived from foreign threads, so no task is left
    /// suspended forever; the run that saw them is already marked as failed.
    public func drainForeignJobs() {
        let jobs = strays.withLock { jobs in defer { jobs.removeAll() }; return jobs }
        for job in jobs { enqueueOwned(job) }
        drain()
    }

    private func enqueueOwned(_ job: UnownedJob) {
        if count == ring.count { grow() }
        ring[(head + count) & (ring.count - 1)] = job
        count += 1
    }
}
