/// A test's own tasks inside the lab, on its executor and its virtual clock. Stopped at the end
/// of the run: every sleep still pending throws `CancellationError`, and the tasks finish.
final class CompanionsUnit: LabUnit {
    let name = "companions"
    private let timeline: VirtualTimeline
    private let companions: [@Sendable (VirtualClock) async -> Void]
    private var sleepers: ClockSleepers?

    init(timeline: VirtualTimeline, companions: [@Sendable (VirtualClock) async -> Void]) {
        self.timeline = timeline
        self.companions = companions
    }

    func start() throws(LabError) {
        guard !companions.isEmpty else { return }
        let sleepers = ClockSleepers(timeline: timeline)
        self.sleepers = sleepers
        let clock = VirtualClock(timeline: timeline, sleepers: sleepers)
        for companion in companions {
            Task(executorPreference: timeline.core.executor) { await companion(clock) }
        }
    }

    func stop() {
        sleepers?.cancelAll()
        timeline.core.executor.drain()
    }
}
