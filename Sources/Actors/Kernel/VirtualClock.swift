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

/// The lab's clock: `now` is virtual and `sleep` suspends until the event loop reaches the
/// deadline, so code written against `Clock` runs in virtual time, deterministically.
///
/// Sleep from tasks on the lab's executor only (tasks the lab starts, or `Laboratory.spawn`).
public struct VirtualClock: Clock, Sendable {
    public typealias Instant = VirtualInstant
    let kernel: LabKernel

    init(kernel: LabKernel) { self.kernel = kernel }

    public var now: VirtualInstant { VirtualInstant(nanoseconds: kernel.observedNow) }

    /// The event loop advances in whole nanoseconds.
    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: VirtualInstant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        try await withUnsafeThrowingContinuation { continuation in
            kernel.addSleeper(until: deadline.nanoseconds, continuation)
        }
    }
}
