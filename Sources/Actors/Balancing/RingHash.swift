import Protocols

/// Envoy's ring hash (ketama) balancer: every host owns points on a 64-bit ring, as many as its
/// share of the weight; a request's hash goes to the first point at or after it, wrapping round.
///
/// - Envoy: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#ring-hash
///   and ring_hash.proto: `minimum_ring_size` defaults to 1024, `maximum_ring_size` to 8M, both
///   limited to 8M. In the source (`RingHashLoadBalancer::Ring::Ring`) the scale is
///   `min(ceil(minWeight × minimumRingSize) / minWeight, maximumRingSize)` over normalised
///   weights, so the lightest host gets a whole number of points; points are handed out with
///   running sums (`target += scale × weight; while current < target { add point }`), point `i`
///   of a host hashing the key `"<host>_<i>"`; the ring is sorted by hash and a lookup is the
///   ketama binary search for the first point with hash ≥ the key's hash (wrapping to point 0).
/// - The point hash is `StableHash` (FNV-1a then SplitMix64's finaliser) instead of xxHash64:
///   stable across processes, and points depend only on host names, so removing a host leaves
///   every other host's points where they were.
/// - Ejected or tried hosts: `host(forHash:allowed:)` walks forward from the key's point to the
///   next point whose host is allowed, so only the keys of a disallowed host move. (Envoy drops
///   unhealthy hosts and rebuilds, which also changes the scale; keeping the ring and walking
///   is the "only its keys move" behaviour consistent hashing promises.)
/// - Weights: hosts with weight ≤ 0 (or not finite) get no points. Ties in the point hash sort by
///   host index so the ring is the same whatever the sort does.
struct RingHash: Sendable {
    static let defaultMinimumRingSize = 1024
    static let defaultMaximumRingSize = 8 * 1024 * 1024
    /// Envoy's limit on both sizes.
    static let ringSizeLimit = 8 * 1024 * 1024

    /// The hosts' names, in the order given; lookups answer indices into this array.
    let hostNames: [String]
    /// Point hashes, ascending.
    let hashes: [UInt64]
    /// The host index owning each point.
    let owners: [Int32]

    /// Number of points on the ring.
    var pointCount: Int { hashes.count }
    var isEmpty: Bool { hashes.isEmpty }

    init(hosts: [String], weights: [Double]? = nil,
         minimumRingSize: Int = defaultMinimumRingSize, maximumRingSize: Int = defaultMaximumRingSize) {
        precondition(weights == nil || weights!.count == hosts.count, "one weight per host")
        hostNames = hosts
        let raw = weights ?? Array(repeating: 1, count: hosts.count)
        let usable = raw.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        let total = usable.reduce(0, +)
        guard total > 0 else { hashes = []; owners = []; return }
        let normalised = usable.map { $0 / total }
        let minWeight = normalised.filter { $0 > 0 }.min()!
        let minSize = Double(min(max(1, minimumRingSize), Self.ringSizeLimit))
        let maxSize = Double(min(max(1, maximumRingSize), Self.ringSizeLimit))
        let scale = min((minWeight * minSize).rounded(.up) / minWeight, maxSize)

        var points: [(hash: UInt64, owner: Int32)] = []
        points.reserveCapacity(Int(scale.rounded(.up)))
        var current = 0.0
        var target = 0.0
        for (host, name) in hosts.enumerated() where normalised[host] > 0 {
            target += scale * normalised[host]
            var index = 0
            while current < target {
                points.append((Self.pointHash(host: name, index: index), Int32(host)))
                index += 1
                current += 1
            }
        }
        points.sort { $0.hash < $1.hash || ($0.hash == $1.hash && $0.owner < $1.owner) }
        hashes = points.map(\.hash)
        owners = points.map(\.owner)
    }

    /// The hash of a host's point `index`: the key `"<host>_<index>"`, as in Envoy.
    static func pointHash(host: String, index: Int) -> UInt64 {
        HashKey.hash("\(host)_\(index)")
    }

    /// The host owning the key's point, or nil for an empty ring.
    @inline(__always)
    func host(forHash hash: UInt64) -> Int? {
        guard !hashes.isEmpty else { return nil }
        return Int(owners[point(forHash: hash)])
    }

    /// Envoy's retry rule (`Ring::chooseHost(h, attempt)`): attempt `n` takes the point `n` places
    /// after the key's point, so a retry usually lands on another host.
    @inline(__always)
    func host(forHash hash: UInt64, attempt: Int) -> Int? {
        guard !hashes.isEmpty else { return nil }
        return Int(owners[(point(forHash: hash) + max(0, attempt)) % hashes.count])
    }

    /// The host of the first point at or after the key's point whose host is allowed, or nil when
    /// no host on the ring is allowed. `allowed` is asked once per point walked over.
    @inline(__always)
    func host(forHash hash: UInt64, allowed: (Int) -> Bool) -> Int? {
        guard !hashes.isEmpty else { return nil }
        var index = point(forHash: hash)
        for _ in 0..<hashes.count {
            let owner = Int(owners[index])
            if allowed(owner) { return owner }
            index += 1
            if index == hashes.count { index = 0 }
        }
        return nil
    }

    /// How many points `host` owns.
    func points(of host: Int) -> Int { owners.reduce(0) { $0 + ($1 == Int32(host) ? 1 : 0) } }

    /// Index of the first point with hash ≥ `hash`, 0 past the last one (the wrap).
    @inline(__always)
    private func point(forHash hash: UInt64) -> Int {
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) >> 1
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        return low == hashes.count ? 0 : low
    }
}
