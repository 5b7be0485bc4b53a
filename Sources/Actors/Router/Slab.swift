/// Fixed-address storage for in-flight records with a free list: slots are reused, so the
/// memory of a run is bounded by what is in flight, not by how many requests it made.
///
/// A buffer it owns rather than an `Array`: every request and attempt is inserted, read and
/// updated here, and an array held by an actor checks its uniqueness on every write. Elements are
/// plain values (`BitwiseCopyable`), so slots need no deinitialisation.
final class Slab<Element: BitwiseCopyable> {
    private var storage: UnsafeMutablePointer<Element>
    /// Free slots, a stack in `free[0..<freeCount]`.
    private var free: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Slots ever used (the high-water mark).
    private var used = 0
    private var freeCount = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        free = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
        free.deallocate()
    }

    @inline(__always)
    func insert(_ element: Element) -> Int32 {
        let slot: Int
        if freeCount > 0 {
            freeCount -= 1
            slot = Int(free[freeCount])
        } else {
            if used == capacity { grow() }
            slot = used
            used += 1
        }
        (storage + slot).initialize(to: element)
        return Int32(slot)
    }

    @inline(__always)
    func remove(_ slot: Int32) {
        free[freeCount] = slot
        freeCount += 1
    }

    subscript(slot: Int32) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(storage + Int(slot)) }
        @inline(__always) unsafeMutableAddress { storage + Int(slot) }
    }

    /// Slots currently in use.
    var liveCount: Int { used - freeCount }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: used)
        storage.deallocate()
        storage = bigger
        let biggerFree = UnsafeMutablePointer<Int32>.allocate(capacity: capacity * 2)
        biggerFree.moveInitialize(from: free, count: freeCount)
        free.deallocate()
        free = biggerFree
        capacity *= 2
    }
}

/// A client request in flight, from arrival to its answer.
struct RequestState: BitwiseCopyable {
    var id: Int64
    var arrivedAt: Int64
    var parameter: Int64
    var route: Int32
    var template: Int32
    var attempts: UInt8
    /// Route positions already tried (bit per position).
    var tried: UInt64
    var lastStatus: Int16
    var lastOutcome: Outcome
    /// Attempts sent and neither answered, timed out nor cancelled.
    var live: UInt8 = 0
    /// Hedged attempts sent (they count in `attempts`, not against the retry policy).
    var hedges: UInt8 = 0
    /// The slots of the live attempts, `live` of them (1 + the most hedges a route may send).
    var liveSlots: (Int32, Int32, Int32, Int32) = (-1, -1, -1, -1)
    /// The cluster whose pool holds this request's next attempt waiting for a connection; -1: none.
    var pendingCluster: Int32 = -1
}

extension RequestState {
    /// The most attempts of one request in flight at once: the first and three hedges.
    static let maximumLive = 4

    mutating func addLive(_ slot: Int32) {
        withUnsafeMutableBytes(of: &liveSlots) { $0.storeBytes(of: slot, toByteOffset: Int(live) * 4, as: Int32.self) }
        live += 1
    }

    /// Removes `slot`, keeping the others in the order they were sent (cancellations follow it).
    mutating func removeLive(_ slot: Int32) {
        withUnsafeMutableBytes(of: &liveSlots) { bytes in
            var found = false
            for i in 0..<Int(live) {
                if found {
                    bytes.storeBytes(of: bytes.load(fromByteOffset: i * 4, as: Int32.self), toByteOffset: (i - 1) * 4, as: Int32.self)
                } else if bytes.load(fromByteOffset: i * 4, as: Int32.self) == slot {
                    found = true
                }
            }
            if found { live -= 1 }
        }
    }

    func liveSlot(_ i: Int) -> Int32 {
        withUnsafeBytes(of: liveSlots) { $0.load(fromByteOffset: i * 4, as: Int32.self) }
    }
}

/// One attempt of a request at one cluster.
struct AttemptState: BitwiseCopyable {
    var request: Int32
    var requestID: Int64
    var serial: Int64
    var sentAt: Int64
    var cluster: Int32
    var position: Int32
    var number: UInt8
    /// The breaker's admission ticket, handed back with the result.
    var ticket: UInt64
    /// The deadline passed; the request has moved on and the answer, when it comes, is late.
    var timedOut: Bool
    /// Chaos holds the attempt forever: no answer will come.
    var hung: Bool
    /// First, retry or hedge.
    var kind: AttemptKind
}
