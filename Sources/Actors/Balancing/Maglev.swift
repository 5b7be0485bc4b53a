import Protocols

/// Maglev consistent hashing as Envoy builds it: a lookup table of prime size in which every
/// host claims slots in the order of its own permutation, taking turns, so hosts own nearly equal
/// numbers of slots (at most one apart for equal weights) and a change of hosts moves few keys.
///
/// - Envoy: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#maglev
///   (`table_size` defaults to 65537 and must be prime, maglev.proto). The population is the
///   paper's listing 1 (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
///   Balancer", NSDI 2016, §3.4): host `i` has `offset = h1(name) mod M` and
///   `skip = h2(name) mod (M − 1) + 1`; its permutation is `(offset + j × skip) mod M`; hosts take
///   turns claiming their next unclaimed slot until the table is full.
/// - Weights follow Envoy's `OriginalMaglevTable::constructImplementationInternals`: in round
///   `r` (from 1) a host takes a turn unless `r × weight < target`, and each turn adds the largest
///   normalised weight to its target, so a host of a third of the top weight takes every third
///   round. Hosts take turns in byte order of their names (Envoy sorts by hash key), so the table
///   does not depend on the order hosts are listed in.
/// - Lookup: slot `hash mod M`. Ejected hosts: rebuild without them (Envoy rebuilds on every host
///   change); by Maglev's minimal disruption most keys of the remaining hosts stay.
/// - `h1`, `h2`: FNV-1a of the name from two different bases, each through SplitMix64's
///   finaliser (`StableHash`), in place of Envoy's xxHash64 with seeds 0 and 1.
/// - Hosts with weight ≤ 0 (or not finite) get no slots.
struct Maglev: Sendable {
    static let defaultTableSize = 65537
    /// The FNV basis of the second (skip) hash.
    static let skipBasis = StableHash.mix(StableHash.fnvOffsetBasis)

    /// The hosts' names, in the order given; lookups answer indices into this array.
    let hostNames: [String]
    let tableSize: Int
    /// The host index of every slot; empty when no host has weight.
    let table: [Int32]

    var isEmpty: Bool { table.isEmpty }

    init(hosts: [String], weights: [Double]? = nil, tableSize: Int = defaultTableSize) {
        precondition(weights == nil || weights!.count == hosts.count, "one weight per host")
        precondition(Self.isPrime(tableSize), "the Maglev table size must be prime")
        hostNames = hosts
        self.tableSize = tableSize
        let raw = weights ?? Array(repeating: 1, count: hosts.count)
        let usable = raw.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = usable.reduce(0, +)
        guard total > 0 else { table = []; return }

        let order = hosts.indices
            .filter { usable[$0] > 0 }
            .sorted { hosts[$0].utf8.lexicographicallyPrecedes(hosts[$1].utf8) || (hosts[$0] == hosts[$1] && $0 < $1) }
        let size = UInt64(tableSize)
        let weight = order.map { usable[$0] / total }
        let maxWeight = weight.max()!
        var slot = order.map { Int(StableHash.mix(StableHash.fnv1a(hosts[$0])) % size) }
        let skip = order.map { Int(StableHash.mix(StableHash.fnv1a(hosts[$0], basis: Self.skipBasis)) % (size - 1) + 1) }
        var target = Array(repeating: 0.0, count: order.count)

        var filled = Array(repeating: Int32(-1), count: tableSize)
        var claimed = 0
        var round = 1.0
        while claimed < tableSize {
            for entry in order.indices where claimed < tableSize {
                if round * weight[entry] < target[entry] { continue }
                target[entry] += maxWeight
                var c = slot[entry]
                while filled[c] >= 0 {
                    c += skip[entry]
                    if c >= tableSize { c -= tableSize }
                }
                filled[c] = Int32(order[entry])
                c += skip[entry]
                if c >= tableSize { c -= tableSize }
                slot[entry] = c
                claimed += 1
            }
            round += 1
        }
        table = filled
    }

    /// The host of the key's slot, or -1 when the table has no hosts.
    @inline(__always)
    func host(forHash hash: UInt64) -> Int {
        guard !table.isEmpty else { return -1 }
        return Int(table[Int(hash % UInt64(tableSize))])
    }

    /// Envoy's retry rule (`chooseHost(hash, attempt)`): attempt `n` > 0 looks up
    /// `hash ^ (~0 − n + 1)`, a large change of the hash, so retries spread over other hosts.
    @inline(__always)
    func host(forHash hash: UInt64, attempt: Int) -> Int {
        attempt > 0 ? host(forHash: hash ^ (~0 &- UInt64(attempt) &+ 1)) : host(forHash: hash)
    }

    /// How many slots `host` owns.
    func slots(of host: Int) -> Int { table.reduce(0) { $0 + ($1 == Int32(host) ? 1 : 0) } }

    static func isPrime(_ n: Int) -> Bool {
        guard n >= 2 else { return false }
        if n < 4 { return true }
        if n % 2 == 0 { return false }
        var d = 3
        while d * d <= n {
            if n % d == 0 { return false }
            d += 2
        }
        return true
    }
}
