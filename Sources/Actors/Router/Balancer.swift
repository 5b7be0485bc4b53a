import Protocols
import Scenarios

/// Picks a route's next cluster, skipping clusters already tried by this request and clusters
/// whose breaker refuses the call. Positions are indices into the route's cluster list.
///
/// - Round-robin, weighted (smooth, as nginx), random and least-outstanding are the lab's own and
///   behave exactly as they always have on routes without `priorities`.
/// - Envoy's balancers (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers):
///   least request with equal weights is `PowerOfTwoChoices` over the router's outstanding
///   attempts; ring hash is `RingHash` over the clusters' names, a refused or tried cluster walking
///   on to the next point's cluster; Maglev is `Maglev` (65537 slots), a refused or tried cluster
///   looking up Envoy's retry hashes (`attempt` 1, 2, …, at most `maglevLookupsPerCluster` per
///   cluster) and then taking the first cluster left in route order. Without a hash (no
///   `hashKey`, or a request without that key) the hash is a draw from the seeded stream, as
///   Envoy draws `random()`.
/// - Priority levels (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/priority):
///   with `priorities`, `PriorityTiers` gives each tier its share from the health the route has
///   seen; the tier comes from a unit draw (hashing balancers: from the hash, `hash % 100`, as
///   Envoy chooses the priority by hash so a key keeps its cluster), and the balancer picks within
///   it, leaving out unhealthy clusters unless the tier is in panic
///   (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/panic_threshold).
///   When the tier gives no cluster, the other tiers are tried in priority order, then, health
///   ignored, whatever was not yet asked.
/// - `admit` is asked at most once per position per pick, in the balancer's order of preference.
struct Balancer {
    /// Maglev's retry lookups per cluster of the tier before the walk in route order.
    static let maglevLookupsPerCluster = 2

    let kind: BalancerKind
    let count: Int
    private var cursor = 0
    private let weights: [Double]
    private var current: [Double]
    private var rng: SeededGenerator
    /// Whether `prepare(_:)` ran (a pick prepares a balancer used on its own with `BalancerSetup(count:)`).
    private(set) var isPrepared = false
    private var choices = PowerOfTwoChoices.defaultChoices
    private var keys = RequestHashKeys.none
    private var tiers: PriorityTiers?
    /// Each tier's positions in route order; one tier of every position without priorities.
    private var members: [[Int]] = []
    private var rings: [RingHash] = []
    private var tables: [Maglev] = []
    /// Positions asked in the current pick (kept only with tiers).
    private var asked: UInt64 = 0

    init(kind: BalancerKind, count: Int, weights: [Double], rng: SeededGenerator) {
        self.kind = kind
        self.count = count
        self.weights = weights.isEmpty ? Array(repeating: 1, count: count) : weights
        current = Array(repeating: 0, count: count)
        self.rng = rng
    }

    /// Takes the route's balancer keys, builds the rings or tables and the tiers. Draws nothing.
    mutating func prepare(_ setup: BalancerSetup) {
        isPrepared = true
        choices = setup.choices
        if kind.hashesRequests, let key = setup.hashKey { keys = RequestHashKeys(key: key, templates: setup.templates) }
        if !setup.priorities.isEmpty && setup.priorities.count == count {
            let tiers = PriorityTiers(priorities: setup.priorities, overprovisioning: setup.overprovisioning,
                                      panicThreshold: setup.panicThreshold)
            members = tiers.masks.map { mask in (0..<count).filter { mask & (1 << UInt64($0)) != 0 } }
            self.tiers = tiers
        } else {
            members = [Array(0..<count)]
        }
        let names = setup.clusterNames
        switch kind {
        case .ringHash:
            rings = members.map { RingHash(hosts: $0.map { names[$0] }, minimumRingSize: setup.minimumRingSize) }
        case .maglev:
            tables = members.map { Maglev(hosts: $0.map { names[$0] }) }
        case .roundRobin, .weighted, .random, .leastOutstanding, .leastRequest:
            break
        }
    }

    /// The request's hash under the route's `hashKey`; nil when the balancer does not hash or the
    /// request has no such key.
    @inline(__always)
    func hash(template: Int32, parameter: Int64, requestID: Int64) -> UInt64? {
        keys.hash(template: template, parameter: parameter, requestID: requestID)
    }

    /// The request's hash cut to the attempt ticket's 32 bits, for a cluster that hashes its
    /// backends. A request without a key hashes by its id: another backend per request, the same
    /// in every run (where Envoy would pick one at random).
    @inline(__always)
    func ticketKey(template: Int32, parameter: Int64, requestID: Int64) -> UInt32 {
        UInt32(truncatingIfNeeded: hash(template: template, parameter: parameter, requestID: requestID)
               ?? StableHash.mix(UInt64(bitPattern: requestID)))
    }

    /// The position of the chosen cluster, or nil when every untried cluster refuses.
    /// `key` is the request's hash (hashing balancers; nil: drawn), `now` the virtual instant
    /// (health marks lapse with it). `admit` is asked at most once per position, in the balancer's
    /// order of preference.
    @inline(__always)
    mutating func pick(tried: UInt64, key: UInt64? = nil, now: Int64 = 0,
                       outstanding: (Int) -> Int, admit: (Int) -> Bool) -> Int? {
        if !isPrepared { prepare(BalancerSetup(count: count)) }
        let hash = kind.hashesRequests ? (key ?? rng.next()) : 0
        guard tiers != nil else {
            if kind == .roundRobin { return roundRobin(excluding: tried, admit: admit) }
            return pick(excluding: tried, tier: 0, hash: hash, now: now, outstanding: outstanding, admit: admit)
        }
        asked = 0
        tiers!.refresh(now: now)
        let tierCount = tiers!.count
        let chosen = tierCount == 1 ? 0 : tiers!.tier(for: kind.hashesRequests ? Double(hash % 100) / 100 : rng.nextUnit())
        if let position = pick(excluding: tried | tiers!.excluded(outside: chosen), tier: chosen, hash: hash, now: now,
                               outstanding: outstanding, admit: admit) {
            return position
        }
        for tier in 0..<tierCount where tier != chosen {
            if let position = pick(excluding: tried | asked | tiers!.excluded(outside: tier), tier: tier, hash: hash, now: now,
                                   outstanding: outstanding, admit: admit) {
                return position
            }
        }
        for tier in 0..<tierCount {
            if let position = pick(excluding: tried | asked | ~tiers!.masks[tier], tier: tier, hash: hash, now: now,
                                   outstanding: outstanding, admit: admit) {
                return position
            }
        }
        return nil
    }

    /// Round robin without tiers, the common case, kept small enough to inline into the router.
    @inline(__always)
    private mutating func roundRobin(excluding excluded: UInt64, admit: (Int) -> Bool) -> Int? {
        // Every position examined advances the cursor, excluded ones included (the reference's rule).
        for _ in 0..<count {
            let position = cursor % count
            cursor &+= 1
            if excluded & (1 << position) == 0 && admit(position) { return position }
        }
        return nil
    }

    /// The balancer's choice among the positions of `tier` not in `excluded`.
    private mutating func pick(excluding excluded: UInt64, tier: Int, hash: UInt64, now: Int64,
                               outstanding: (Int) -> Int, admit: (Int) -> Bool) -> Int? {
        var excluded = excluded
        switch kind {
        case .roundRobin:
            // Every position examined advances the cursor, excluded ones included (the reference's rule).
            for _ in 0..<count {
                let position = cursor % count
                cursor &+= 1
                if excluded & (1 << position) == 0 && ask(position, admit, now: now) { return position }
            }
            return nil
        case .weighted:
            while true {
                guard let position = smoothWeighted(excluding: excluded) else { return nil }
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
        case .random:
            while true {
                var remaining = 0
                for position in 0..<count where excluded & (1 << position) == 0 { remaining += 1 }
                guard remaining > 0 else { return nil }
                var rank = rng.nextIndex(below: remaining)
                var position = 0
                while excluded & (1 << position) != 0 || rank > 0 {
                    if excluded & (1 << position) == 0 { rank -= 1 }
                    position += 1
                }
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
        case .leastOutstanding:
            while true {
                var best: Int?
                var fewest = Int.max
                for position in 0..<count where excluded & (1 << position) == 0 {
                    let load = outstanding(position)
                    if load < fewest { fewest = load; best = position }
                }
                guard let position = best else { return nil }
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
        case .leastRequest:
            while true {
                let blocked = excluded
                guard let position = PowerOfTwoChoices.pick(count: count, choices: choices, excluded: { blocked & (1 << $0) != 0 },
                                                            load: outstanding, rng: &rng) else { return nil }
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
        case .ringHash:
            let ring = rings[tier]
            let positions = members[tier]
            while true {
                let blocked = excluded
                guard let host = ring.host(forHash: hash, allowed: { blocked & (1 << positions[$0]) == 0 }) else { return nil }
                let position = positions[host]
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
        case .maglev:
            let table = tables[tier]
            let positions = members[tier]
            guard !table.isEmpty else { return nil }
            for attempt in 0..<(positions.count * Self.maglevLookupsPerCluster) {
                let position = positions[table.host(forHash: hash, attempt: attempt)]
                if excluded & (1 << position) != 0 { continue }
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
            for position in positions where excluded & (1 << position) == 0 {
                if ask(position, admit, now: now) { return position }
                excluded |= 1 << position
            }
            return nil
        }
    }

    /// Asks `position`'s breaker, recording what it said when the route has tiers.
    @inline(__always)
    private mutating func ask(_ position: Int, _ admit: (Int) -> Bool, now: Int64) -> Bool {
        let admitted = admit(position)
        if tiers != nil {
            asked |= 1 << position
            tiers!.observe(position, admitted: admitted, now: now)
        }
        return admitted
    }

    /// Nginx's smooth weighted round-robin over the positions not excluded.
    private mutating func smoothWeighted(excluding excluded: UInt64) -> Int? {
        var total = 0.0
        var best: Int?
        for position in 0..<count where excluded & (1 << position) == 0 && weights[position] > 0 {
            current[position] += weights[position]
            total += weights[position]
            if best == nil || current[position] > current[best!] { best = position }
        }
        guard let chosen = best else { return nil }
        current[chosen] -= total
        return chosen
    }
}
