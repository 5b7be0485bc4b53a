import Dispatch

/// Bounds the batches of events waiting for a consumer on another thread: the lab takes a
/// credit before handing a batch over and the consumer returns it when the batch is written, so
/// when the consumer falls behind the lab waits instead of piling batches up in memory.
public final class BatchCredits: Sendable {
    /// The most batches that may wait (each `TraceLog.batchSize` events).
    public let limit: Int
    private let semaphore: DispatchSemaphore

    public init(limit: Int) {
        precondition(limit > 0, "a consumer needs at least one credit")
        self.limit = limit
        semaphore = DispatchSemaphore(value: limit)
    }

    /// Waits until a batch may be handed over.
    func take() { semaphore.wait() }

    /// A batch was consumed.
    func give() { semaphore.signal() }
}
