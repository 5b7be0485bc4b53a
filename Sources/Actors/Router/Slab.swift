/// Fixed-address storage for in-flight records with a free list: slots are reused, so the
/// memory of a run is bounded by what is in flight, not by how many requests it made.
struct Slab<Element> {
    private(set) var items: [Element] = []
    private var free: [Int32] = []

    mutating func insert(_ element: Element) -> Int32 {
        if let slot = free.popLast() {
            items[Int(slot)] = element
            return slot
        }
        items.append(element)
        return Int32(items.count - 1)
    }

    mutating func remove(_ slot: Int32) { free.append(slot) }

    subscript(slot: Int32) -> Element {
        get { items[Int(slot)] }
        _modify { yield &items[Int(slot)] }
    }

    /// Slots currently in use.
    var liveCount: Int { items.count - free.count }
}

/// A client request in flight, from arrival to its answer.
struct RequestState {
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
}

/// One attempt of a request at one cluster.
struct AttemptState {
    var request: Int32
    var requestID: Int64
    var serial: Int64
    var sentAt: Int64
    var cluster: Int32
    var position: Int32
    var number: UInt8
    /// The deadline passed; the request has moved on and the answer, when it comes, is late.
    var timedOut: Bool
    /// Chaos holds the attempt forever: no answer will come.
    var hung: Bool
}
