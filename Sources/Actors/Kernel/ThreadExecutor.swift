import Foundation
import Synchronization

/// A serial executor backed by a dedicated thread, for work that must not slow the simulation:
/// the recorder writes SQLite on the second core while the lab runs on the first.
///
/// Its jobs only consume what the lab hands over (batches, in order), so running them on another
/// thread changes when they run, never what they produce.
public final class ThreadExecutor: SerialExecutor, TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    public init(name: String) {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = name
        thread.stackSize = 1 << 22
        self.thread = thread
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor { UnownedSerialExecutor(ordinary: self) }

    private func loop() {
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping { condition.unlock(); break }
            swap(&batch, &jobs)
            condition.unlock()
            for job in batch { job.runSynchronously(isolatedTo: serial, taskExecutor: task) }
            batch.removeAll(keepingCapacity: true)
        }
        finished.signal()
    }

    /// Lets the queued jobs finish, then ends the thread and waits for it. Later calls return at once.
    public func shutdown() {
        condition.lock()
        if stopping {
            condition.unlock()
            return
        }
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
        thread = nil
    }
}
