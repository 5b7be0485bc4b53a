import Glibc
import Synchronization

/// Wall-clock time for the daemon: the same timer heap and owners as the virtual timeline, but
/// the loop waits until the monotonic clock reaches the next timer (or work is submitted from
/// another thread) before firing it. At each turn `now` becomes the wall-clock instant of that
/// turn, so every handler of one turn sees one instant (as in an event loop). The only place in
/// the lab that reads a clock; what it records can be replayed headless.
final class LiveTimeline: Timeline, @unchecked Sendable {
    let core: TimelineCore
    private let origin: Int64
    private let inbox = Mutex<[@Sendable () -> Void]>([])
    private let stopping = Atomic<Bool>(false)
    /// Read end and write end of the pipe that wakes the loop when work or a stop arrives.
    private let wakeRead: Int32
    private let wakeWrite: Int32

    init(core: TimelineCore) {
        self.core = core
        origin = Self.monotonicNanoseconds()
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "cannot create the live timeline's wake-up pipe")
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    /// Nanoseconds since the timeline was made, read from the monotonic clock now (the actors
    /// read `core.now`: the instant of the loop's current turn).
    var wallNow: Int64 { Self.monotonicNanoseconds() - origin }

    static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Runs `work` on the lab's thread at the loop's next turn; callable from any thread.
    func submit(_ work: @escaping @Sendable () -> Void) {
        inbox.withLock { $0.append(work) }
        wake()
    }

    /// Ends `run` at its next turn; callable from any thread.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Fires timers as the wall clock reaches them, and runs submitted work, until `end` (if
    /// given) or `stop()`. Runs on the lab's thread.
    func run(until end: Int64?) {
        precondition(core.isOwnerThread, "a timeline runs on the thread that owns its executor")
        while !stopping.load(ordering: .sequentiallyConsistent), core.haltReason == nil {
            let current = wallNow
            if let end, current >= end { break }
            core.advance(to: current)
            while let timer = core.heap.pop(before: current + 1) {
                core.fire(timer)
                core.settle()
            }
            let work = inbox.withLock { items in defer { items.removeAll() }; return items }
            for item in work { item() }
            core.executor.drain()
            let next = [core.heap.nextTime, end].compactMap { $0 }.min()
            wait(untilNanoseconds: next)
        }
        core.executor.drain()
    }

    /// Sleeps until `deadline` (nil: until woken), or until work or a stop arrives.
    private func wait(untilNanoseconds deadline: Int64?) {
        var timeout: Int32 = -1
        if let deadline {
            let remaining = deadline - wallNow
            if remaining <= 0 { return }
            timeout = Int32(clamping: (remaining + 999_999) / 1_000_000)
        }
        var descriptor = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeout)
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
    }
}
