import Protocols
import Scenarios

/// A bounded cache of answers' statuses by 64-bit key, in virtual time.
///
/// An entry is fresh while its age (`now − stored`) is below `ttl` and stale from the instant the
/// age reaches `ttl` (RFC 9111 §4.2); a stale entry is dropped when a lookup finds it. When the
/// cache is full, storing a new key evicts the entry stored longest ago (storing a key again makes
/// it the newest), so which entry goes never depends on hashing or iteration order.
///
/// Storage is allocated once: an open-addressing table with linear probing and backward-shift
/// deletion, over a fixed pool of entries threaded on a list in store order. Lookups and stores do
/// not allocate.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/cache_filter
/// https://www.rfc-editor.org/rfc/rfc9111#section-4.2
public struct ResponseCache: Sendable {
    private struct Entry: Sendable {
        var key: UInt64 = 0
        var storedAt: Int64 = 0
        var status: Int32 = 0
        /// Store-order neighbours (-1: none); `newer` also links the free list.
        var older: Int32 = -1
        var newer: Int32 = -1
    }

    public let ttl: Int64
    public let capacity: Int
    private var entries: [Entry]
    /// Entry index + 1 per slot; 0 is an empty slot.
    private var table: [Int32]
    private let mask: Int
    private var oldest: Int32 = -1
    private var newest: Int32 = -1
    private var freeHead: Int32

    public private(set) var count = 0
    public private(set) var hits = 0
    public private(set) var misses = 0
    /// Entries pushed out by a store into a full cache.
    public private(set) var evictions = 0
    /// Entries a lookup found stale and dropped.
    public private(set) var expirations = 0

    /// `ttl` above 0, `capacity` from 1 to `ScenarioLimits.cacheCapacity`'s top.
    public init(ttl: Int64, capacity: Int) {
        precondition(ttl > 0 && capacity >= 1 && capacity <= 1 << 24, "a cache needs a ttl above 0 and a capacity from 1 to 2^24")
        self.ttl = ttl
        self.capacity = capacity
        var slots = 2
        while slots < capacity * 2 { slots <<= 1 }
        mask = slots - 1
        table = [Int32](repeating: 0, count: slots)
        entries = (0..<capacity).map { Entry(newer: $0 + 1 < capacity ? Int32($0 + 1) : -1) }
        freeHead = 0
    }

    public init(_ spec: CacheSpec) { self.init(ttl: spec.ttl.nanoseconds, capacity: spec.capacity) }

    /// Whether the answer's status is one RFC 9111 lets a cache store without explicit freshness
    /// (§4.2.2's heuristically cacheable statuses), for callers choosing what to store.
    public static func isCacheable(status: Int) -> Bool {
        switch status {
        case 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501: return true
        default: return false
        }
    }

    /// The fresh status stored for `key`, counting a hit; nil and a miss otherwise.
    public mutating func lookup(key: UInt64, now: Int64) -> Int? {
        guard let slot = find(key) else {
            misses += 1
            return nil
        }
        let index = Int(table[slot] - 1)
        if now - entries[index].storedAt >= ttl {
            removeSlot(slot)
            release(Int32(index))
            expirations += 1
            misses += 1
            return nil
        }
        hits += 1
        return Int(entries[index].status)
    }

    /// Stores `status` for `key` as of `now`, evicting the oldest entry if the cache is full.
    public mutating func store(key: UInt64, status: Int, now: Int64) {
        if let slot = find(key) {
            let index = table[slot] - 1
            unlink(index)
            entries[Int(index)].status = Int32(truncatingIfNeeded: status)
            entries[Int(index)].storedAt = now
            append(index)
            return
        }
        if count == capacity {
            let victim = oldest
            removeSlot(find(entries[Int(victim)].key)!)
            release(victim)
            evictions += 1
        }
        let index = freeHead
        freeHead = entries[Int(index)].newer
        entries[Int(index)] = Entry(key: key, storedAt: now, status: Int32(truncatingIfNeeded: status))
        var slot = home(key)
        while table[slot] != 0 { slot = (slot + 1) & mask }
        table[slot] = index + 1
        append(index)
        count += 1
    }

    /// The keys held, oldest stored first (for tests and reports; not used by lookups).
    public var keysInStoreOrder: [UInt64] {
        var keys: [UInt64] = []
        var index = oldest
        while index >= 0 {
            keys.append(entries[Int(index)].key)
            index = entries[Int(index)].newer
        }
        return keys
    }

    // MARK: Table

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: StableHash.mix(key)) & mask }

    @inline(__always)
    private func find(_ key: UInt64) -> Int? {
        var slot = home(key)
        while true {
            let held = table[slot]
            if held == 0 { return nil }
            if entries[Int(held - 1)].key == key { return slot }
            slot = (slot + 1) & mask
        }
    }

    /// Empties `slot`, moving later entries of its probe run back so every lookup still finds them.
    private mutating func removeSlot(_ slot: Int) {
        var hole = slot
        var next = slot
        while true {
            next = (next + 1) & mask
            let held = table[next]
            if held == 0 { break }
            let wanted = home(entries[Int(held - 1)].key)
            // The entry at `next` may fill the hole unless its home lies cyclically in (hole, next].
            let staysPut = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next)
            if !staysPut {
                table[hole] = held
                hole = next
            }
        }
        table[hole] = 0
    }

    // MARK: Store order and free list

    private mutating func append(_ index: Int32) {
        entries[Int(index)].older = newest
        entries[Int(index)].newer = -1
        if newest >= 0 { entries[Int(newest)].newer = index } else { oldest = index }
        newest = index
    }

    private mutating func unlink(_ index: Int32) {
        let entry = entries[Int(index)]
        if entry.older >= 0 { entries[Int(entry.older)].newer = entry.newer } else { oldest = entry.newer }
        if entry.newer >= 0 { entries[Int(entry.newer)].older = entry.older } else { newest = entry.older }
    }

    private mutating func release(_ index: Int32) {
        unlink(index)
        entries[Int(index)].newer = freeHead
        freeHead = index
        count -= 1
    }
}
