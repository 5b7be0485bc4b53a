/// The running trace: hashes every event as it happens, and hands events on in batches to the
/// actors that consume them (metrics, recorder) over their streams.
///
/// Confined to the lab's executor. Batches keep the per-event cost to a few stores; a stream hop
/// is paid once per `batchSize` events, never per request.
final class TraceLog: @unchecked Sendable {
    static let batchSize = 4096

    /// A consumer of the trace: its stream and, for a consumer on another thread, the credits
    /// that bound how many batches may wait for it (the lab waits when it is behind).
    struct Sink {
        var continuation: AsyncStream<[LabEvent]>.Continuation
        var credits: BatchCredits?
    }

    @exclusivity(unchecked) private(set) var hash = TraceHash()
    @exclusivity(unchecked) private(set) var count: Int = 0
    @exclusivity(unchecked) private var buffer: [LabEvent]
    @exclusivity(unchecked) private var sinks: [Sink] = []
    /// Every event, when a caller asked to keep them (tests, the determinism check).
    @exclusivity(unchecked) private(set) var kept: [LabEvent]?
    /// Where WebSocket sessions put the texts of their messages, for the recorder to read with the
    /// events; set by the recorder before the run, nil when nothing records them.
    @exclusivity(unchecked) var sessionTexts: SessionTextLog?
    /// Set when a batch went out, so the event loop lets the consumers run.
    @exclusivity(unchecked) var flushed = false

    init(keepEvents: Bool) {
        buffer = []
        buffer.reserveCapacity(Self.batchSize)
        kept = keepEvents ? [] : nil
    }

    /// Adds a consumer; before the run starts.
    func add(_ sink: Sink) { sinks.append(sink) }

    @inline(__always)
    func emit(_ event: LabEvent) {
        hash.absorb(event)
        count += 1
        buffer.append(event)
        if buffer.count == Self.batchSize { flush() }
    }

    /// Sends what is buffered to every sink, waiting for a credit where the sink has them.
    func flush() {
        guard !buffer.isEmpty else { return }
        if kept != nil { kept!.append(contentsOf: buffer) }
        for sink in sinks {
            sink.credits?.take()
            sink.continuation.yield(buffer)
        }
        buffer.removeAll(keepingCapacity: true)
        flushed = true
    }

    /// Called once with the final hash and event count, before the sinks' streams end, so a
    /// consumer reading it after its stream ends always finds it.
    @exclusivity(unchecked) var beforeFinish: [@Sendable (TraceHash, Int) -> Void] = []

    /// Whether `finish` ran: the consumers' streams have ended.
    @exclusivity(unchecked) private(set) var isFinished = false

    /// Flushes and ends every sink's stream.
    func finish() {
        isFinished = true
        flush()
        for call in beforeFinish { call(hash, count) }
        for sink in sinks { sink.continuation.finish() }
    }
}

/// A 64-bit running hash over events, the same in every process (no `Hasher`, whose seed varies).
public struct TraceHash: Sendable, Hashable, CustomStringConvertible {
    public private(set) var value: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private mutating func round(_ word: UInt64) {
        var acc = value &+ word &* 0xC2B2_AE3D_27D4_EB4F
        acc = (acc << 31) | (acc >> 33)
        value = acc &* 0x9E37_79B1_85EB_CA87 ^ value
    }

    @inline(__always)
    public mutating func absorb(_ e: LabEvent) {
        round(UInt64(bitPattern: e.time))
        round(UInt64(e.kind.rawValue) | UInt64(e.attempt) << 8 | UInt64(UInt16(bitPattern: e.status)) << 16 | UInt64(UInt32(bitPattern: e.subject)) << 32)
        round(UInt64(UInt32(bitPattern: e.detail)))
        round(UInt64(bitPattern: e.request))
        round(UInt64(bitPattern: e.value))
    }

    /// 16 lowercase hexadecimal digits.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
