import Foundation

/// Bounds the batches of events waiting for a consumer on another thread: the lab takes a
/// credit before handing a batch over and the consumer returns it when the batch is written, so
/// when the consumer falls behind the lab waits instead of piling batches up in memory.
final class BatchCredits: @unchecked Sendable {
    /// The most batches that may wait (each `TraceLog.batchSize` events).
    let limit: Int
    private let condition = NSCondition()
    private var available: Int

    init(limit: Int) {
        precondition(limit > 0, "a consumer needs at least one credit")
        self.limit = limit
        available = limit
    }

    /// Waits until a batch may be handed over.
    func take() {
        condition.lock()
        while available == 0 { condition.wait() }
        available -= 1
        condition.unlock()
    }

    /// A batch was consumed.
    func give() {
        condition.lock()
        available += 1
        condition.signal()
        condition.unlock()
    }
}
