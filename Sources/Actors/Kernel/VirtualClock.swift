/// A point in a lab's virtual time: nanoseconds since the run began.
public struct VirtualInstant: InstantProtocol, Sendable, Hashable, Comparable {
    public var nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public func advanced(by duration: Duration) -> VirtualInstant {
        VirtualInstant(nanoseconds: nanoseconds + duration.nanosecondsClamped)
    }

    public func duration(to other: VirtualInstant) -> Duration { .nanoseconds(other.nanoseconds - nanoseconds) }

    public static func < (lhs: VirtualInstant, rhs: VirtualInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}

extension Duration {
    /// Whole nanoseconds, saturating at Int64's range.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }
}

/// The lab's clock: `now` is virtual and `sleep` suspends until the timeline reaches the
/// deadline, so code written against `Clock` runs in virtual time, deterministically.
///
/// Sleep from tasks on the lab's executor only (tasks the lab starts, or `Laboratory.spawn`).
public struct VirtualClock: Clock, Sendable {
    public typealias Instant = VirtualInstant
    let timeline: VirtualTimeline
    let sleepers: ClockSleepers

    init(timeline: VirtualTimeline, sleepers: ClockSleepers) {
        self.timeline = timeline
        self.sleepers = sleepers
    }

    public var now: VirtualInstant { VirtualInstant(nanoseconds: timeline.core.observedNow) }

    /// The timeline advances in whole nanoseconds.
    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: VirtualInstant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        try await withUnsafeThrowingContinuation { continuation in
            sleepers.add(until: deadline.nanoseconds, continuation)
        }
    }
}

/// The tasks sleeping on a lab's clock: a timer owner whose timers resume them.
final class ClockSleepers: @unchecked Sendable {
    private let timeline: VirtualTimeline
    private var owner: TimerOwnerID!
    @exclusivity(unchecked) private var sleepers: [Int64: UnsafeContinuation<Void, any Error>] = [:]
    @exclusivity(unchecked) private var nextToken: Int64 = 0

    init(timeline: VirtualTimeline) {
        self.timeline = timeline
        owner = timeline.core.register(self) { sleepers, token in unsafeDowncast(sleepers, to: ClockSleepers.self).wake(token.d) }
    }

    /// Called on the lab's executor by a sleeping task.
    func add(until deadline: Int64, _ continuation: UnsafeContinuation<Void, any Error>) {
        precondition(timeline.core.isOwnerThread, "a task slept on a lab's clock outside the lab's executor")
        let token = nextToken
        nextToken += 1
        sleepers[token] = continuation
        timeline.core.schedule(at: max(deadline, timeline.core.now), owner: owner, token: TimerToken(tag: 0, d: token))
    }

    private func wake(_ token: Int64) {
        sleepers.removeValue(forKey: token)?.resume()
    }

    /// Ends every sleep still pending at the end of a run with `CancellationError`, in token order.
    func cancelAll() {
        for token in sleepers.keys.sorted() { sleepers.removeValue(forKey: token)?.resume(throwing: CancellationError()) }
    }
}
