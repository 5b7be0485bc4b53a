/// Drives a lab through virtual time: pops the earliest timer, advances the clock to it, and
/// hands it to the actor it belongs to. Runs as one task on the lab's executor, so the actors'
/// synchronous handlers are called in place (no job, no stream hop per request); it yields only
/// when a batch went out to the consumers or a woken task waits to run.
final class EventLoop: @unchecked Sendable {
    let kernel: LabKernel
    let router: RouterActor
    let clusters: [ClusterActor]
    let chaos: ChaosActor
    let end: Int64
    let progress: ProgressReporter?
    @exclusivity(unchecked) private(set) var finished = false
    private let calls = LabCalls()

    init(kernel: LabKernel, router: RouterActor, clusters: [ClusterActor], chaos: ChaosActor, end: Int64, progress: ProgressReporter?) {
        self.kernel = kernel
        self.router = router
        self.clusters = clusters
        self.chaos = chaos
        self.end = end
        self.progress = progress
    }

    func run() async {
        prepare()
        // Tasks started with the run (companions) take their first steps at time zero.
        if kernel.executor.pendingJobs > 0 { await settle() }
        var fired = 0
        while let timer = kernel.queue.pop() {
            if timer.time >= end { break }
            kernel.advance(to: timer.time)
            fire(timer)
            fired &+= 1
            if kernel.trace.flushed || kernel.executor.pendingJobs > 0 {
                kernel.trace.flushed = false
                await settle()
            }
            if let progress, fired & 0xFFFF == 0 {
                progress.report(virtualNanoseconds: timer.time, endNanoseconds: end, events: kernel.trace.count)
            }
        }
        kernel.advance(to: end)
        kernel.cancelSleepers()
        await settle()
        kernel.trace.finish()
        finished = true
    }

    /// Lets every task with work at this instant run before time moves on: yields until no job
    /// is waiting (a woken task may hop and enqueue again before it reaches its next sleep).
    private func settle() async {
        repeat { await Task.yield() } while kernel.executor.pendingJobs > 0
    }

    private func prepare() {
        router.onLab { $0.start() }
        chaos.onLab { $0.scheduleWindows() }
    }

    @inline(__always)
    private func fire(_ timer: Timer) {
        switch timer.kind {
        case .arrival:
            calls.arrive(router, timer.a)
        case .serviceDone:
            let ticket = AttemptTicket(packed: timer.c, serial: timer.d)
            let answer = calls.finishService(clusters[Int(timer.a)], (timer.b, ticket))
            calls.answered(router, (answer, timer.a))
        case .deadline:
            calls.deadline(router, (Int32(timer.c), timer.d))
        case .delayedDelivery:
            let ticket = AttemptTicket(packed: timer.c, serial: timer.d)
            calls.deliver(router, (ticket, timer.a))
        case .chaosBegins:
            chaos.onLab { $0.begin(timer.a) }
        case .chaosEnds:
            chaos.onLab { $0.end(timer.a) }
        case .wake:
            kernel.wake(timer.d)
        case .sessionStep:
            calls.sessionStep(clusters[Int(timer.a)], (timer.c, timer.d))
        }
    }
}

/// Receives a long run's progress: virtual time reached, and events so far.
public struct ProgressReporter: Sendable {
    let report: @Sendable (_ virtualNanoseconds: Int64, _ endNanoseconds: Int64, _ events: Int) -> Void

    public init(_ report: @escaping @Sendable (_ virtualNanoseconds: Int64, _ endNanoseconds: Int64, _ events: Int) -> Void) {
        self.report = report
    }

    func report(virtualNanoseconds: Int64, endNanoseconds: Int64, events: Int) {
        report(virtualNanoseconds, endNanoseconds, events)
    }
}
