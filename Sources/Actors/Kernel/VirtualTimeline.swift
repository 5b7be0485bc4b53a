/// Headless time: the loop pops the earliest timer, moves `now` to it and fires it, so ten
/// minutes of a system pass in the time it takes to compute them, the same in every process.
final class VirtualTimeline: Timeline, @unchecked Sendable {
    let core: TimelineCore
    /// Timers fired so far (progress reports).
    @exclusivity(unchecked) private(set) var fired = 0

    init(core: TimelineCore) { self.core = core }

    /// Fires every timer due before `end` in (time, sequence) order, letting the lab's tasks run
    /// whenever they have work; then moves `now` to `end`. A halt stops it at the instant it
    /// happened. Runs on the lab's thread.
    func run(until end: Int64, progress: ProgressReporter?) {
        precondition(core.isOwnerThread, "a timeline runs on the thread that owns its executor")
        core.executor.drain()
        while core.haltReason == nil, let timer = core.heap.pop(before: end) {
            core.advance(to: timer.time)
            core.fire(timer)
            fired &+= 1
            core.settle()
            if let progress, fired & 0xFFFF == 0 {
                progress.report(virtualNanoseconds: timer.time, endNanoseconds: end, events: core.trace.count)
            }
        }
        if core.haltReason == nil { core.advance(to: end) }
        core.executor.drain()
    }
}
