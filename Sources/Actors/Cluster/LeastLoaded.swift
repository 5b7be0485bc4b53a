/// The backends of a cluster ordered by load (outstanding attempts), ties to the lowest index:
/// an indexed binary min-heap, so choosing a backend and updating its load cost O(log n) however
/// many backends the cluster has.
struct LeastLoaded {
    /// Up to this many backends a linear scan is faster than keeping the heap.
    static let scanLimit = 16

    /// Backend indices in heap order.
    private var heap: [Int32]
    /// Each backend's place in `heap`.
    private var place: [Int32]
    private(set) var load: [Int32]

    init(count: Int) {
        heap = (0..<Int32(count)).map { $0 }
        place = heap
        load = Array(repeating: 0, count: count)
    }

    /// The backend with the fewest outstanding attempts (the lowest index among equals).
    @inline(__always)
    var least: Int { Int(heap[0]) }

    @inline(__always)
    mutating func increment(_ backend: Int) {
        load[backend] += 1
        siftDown(Int(place[backend]))
    }

    @inline(__always)
    mutating func decrement(_ backend: Int) {
        load[backend] -= 1
        siftUp(Int(place[backend]))
    }

    /// What an excluded backend's load carries on top (far above any real load): the heap's top
    /// is then the least loaded backend not excluded, or, when every one is, the least loaded of all.
    static let exclusion: Int32 = 1 << 30

    /// Takes `backend` out of the choice (outlier detection ejected it) until `include`.
    mutating func exclude(_ backend: Int) {
        load[backend] += Self.exclusion
        siftDown(Int(place[backend]))
    }

    /// Gives an excluded backend back to the choice.
    mutating func include(_ backend: Int) {
        load[backend] -= Self.exclusion
        siftUp(Int(place[backend]))
    }

    @inline(__always)
    private func less(_ x: Int32, _ y: Int32) -> Bool {
        let lx = load[Int(x)], ly = load[Int(y)]
        return lx < ly || (lx == ly && x < y)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let item = heap[child]
        while child > 0 {
            let parent = (child - 1) >> 1
            guard less(item, heap[parent]) else { break }
            heap[child] = heap[parent]
            place[Int(heap[child])] = Int32(child)
            child = parent
        }
        heap[child] = item
        place[Int(item)] = Int32(child)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let item = heap[parent]
        let n = heap.count
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && less(heap[child + 1], heap[child]) { child += 1 }
            guard less(heap[child], item) else { break }
            heap[parent] = heap[child]
            place[Int(heap[parent])] = Int32(parent)
            parent = child
        }
        heap[parent] = item
        place[Int(item)] = Int32(parent)
    }
}
