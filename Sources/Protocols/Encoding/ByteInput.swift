/// Bytes received and not yet consumed, as the incremental decoders (HTTP, gRPC, WebSocket)
/// hold them: appended at the end, read from `start`, compacted once half the buffer is spent.
struct ByteInput {
    private(set) var bytes: [UInt8] = []
    /// The first unread byte.
    var start = 0

    var available: Int { bytes.count - start }
    var unread: ArraySlice<UInt8> { bytes[start...] }

    /// Appends `newBytes`; returns how far indices into `bytes` moved down by compaction.
    @discardableResult
    mutating func append(_ newBytes: some Sequence<UInt8>) -> Int {
        var shift = 0
        if start > 0 && start >= bytes.count / 2 {
            bytes.removeSubrange(0..<start)
            shift = start
            start = 0
        }
        bytes.append(contentsOf: newBytes)
        return shift
    }

    /// Every unread byte, leaving the input empty.
    mutating func takeAll() -> [UInt8] {
        let rest = Array(unread)
        bytes.removeAll(keepingCapacity: true)
        start = 0
        return rest
    }

    subscript(offset: Int) -> UInt8 { bytes[offset] }
}
