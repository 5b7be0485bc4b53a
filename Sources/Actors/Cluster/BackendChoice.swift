import Protocols
import Scenarios

/// Which backends of a cluster may take a new attempt, and the balancers that choose among them:
/// Envoy's cluster `lb_policy` over the hosts outlier detection has not ejected.
///
/// - The candidates are Envoy's `hostsToUse`: the backends not ejected, in index order, rebuilt on
///   each ejection and return (rare). When every backend is ejected the balancer uses them all
///   (Envoy's panic; Envoy also panics below `healthy_panic_threshold`, 50% by default, which the
///   lab leaves out: here only a fully ejected cluster panics).
/// - `roundRobin`: Envoy's unweighted pick, `hostsToUse[index++ % count]`, the index starting at a
///   seeded draw (Envoy seeds it with `random()`): https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#weighted-round-robin
/// - `random`: a candidate drawn uniformly (Envoy's `RANDOM`).
/// - `leastRequest`: `PowerOfTwoChoices` over the candidates, the load being the backend's
///   outstanding attempts (Envoy's active requests).
/// - `ringHash`: `RingHash` over the names `CLUSTER[i]`; a lookup walks past ejected backends' points,
///   so only their keys move.
/// - `maglev`: `Maglev` over the names `CLUSTER[i]`, rebuilt on each ejection and return with the
///   ejected backends at weight 0, as Envoy rebuilds its table on every host change.
/// - The hash of a lookup is `StableHash.mix` of the ticket's 32-bit key, spread over 64 bits.
///
/// Draws come from the stream `backends:CLUSTER`. A pick costs O(1) (ring hash: O(log points))
/// and allocates nothing.
struct BackendChoice {
    let balancer: BackendBalancerSpec
    /// Per backend: ejected by outlier detection now (empty without outlier detection).
    private(set) var ejected: [Bool]
    private(set) var ejectedCount = 0
    /// The backends a pick chooses among: those not ejected, ascending (all when none or all are).
    private(set) var candidates: [Int32]
    private var next: UInt64 = 0
    private var rng: SeededGenerator
    private let names: [String]
    private var ring: RingHash?
    private var maglev: Maglev?

    init(balancer: BackendBalancerSpec, cluster: String, backends: Int, tracksEjections: Bool, streams: SeededStreams) {
        self.balancer = balancer
        ejected = tracksEjections ? Array(repeating: false, count: backends) : []
        candidates = (0..<Int32(backends)).map { $0 }
        rng = streams.generator("backends:\(cluster)")
        switch balancer {
        case .ringHash, .maglev: names = (0..<backends).map { "\(cluster)[\($0)]" }
        default: names = []
        }
        switch balancer {
        case .roundRobin: next = rng.next()
        case .ringHash(let size): ring = RingHash(hosts: names, minimumRingSize: size)
        case .maglev: maglev = Maglev(hosts: names)
        default: break
        }
    }

    /// Whether every backend is ejected: balancers then use them all.
    var panics: Bool { ejectedCount > 0 && ejectedCount == ejected.count }

    /// Whether a pick must pass `backend` over.
    @inline(__always)
    func excludes(_ backend: Int) -> Bool { ejectedCount > 0 && ejected[backend] && ejectedCount < ejected.count }

    /// Marks `backend` ejected or returned, and rebuilds what depends on the set.
    mutating func setEjected(_ backend: Int, _ value: Bool) {
        guard ejected[backend] != value else { return }
        ejected[backend] = value
        ejectedCount += value ? 1 : -1
        let all = ejected.count
        candidates.removeAll(keepingCapacity: true)
        for b in 0..<all where !excludes(b) { candidates.append(Int32(b)) }
        if maglev != nil {
            maglev = Maglev(hosts: names, weights: (0..<all).map { excludes($0) ? 0 : 1 })
        }
    }

    /// The backend for an attempt with hash key `key`, by any balancer but least-outstanding
    /// (which the cluster's own scan or heap answers). `outstanding` gives a backend's load.
    @inline(__always)
    mutating func pick(key: UInt32, outstanding: (Int) -> Int) -> Int {
        switch balancer {
        case .roundRobin:
            let chosen = candidates[Int(next % UInt64(candidates.count))]
            next &+= 1
            return Int(chosen)
        case .random:
            return Int(candidates[rng.nextIndex(below: candidates.count)])
        case .leastRequest(let choices):
            var generator = rng
            let list = candidates
            let position = PowerOfTwoChoices.pick(count: list.count, choices: choices, excluded: { _ in false },
                                                  load: { outstanding(Int(list[$0])) }, rng: &generator) ?? 0
            rng = generator
            return Int(list[position])
        case .ringHash:
            return hashed(StableHash.mix(UInt64(key)))
        case .maglev:
            return max(0, maglev.unsafelyUnwrapped.host(forHash: StableHash.mix(UInt64(key))))
        case .leastOutstanding:
            return Int(candidates[0])
        }
    }

    private func hashed(_ hash: UInt64) -> Int {
        guard ejectedCount > 0 else { return ring.unsafelyUnwrapped.host(forHash: hash) ?? 0 }
        return ring.unsafelyUnwrapped.host(forHash: hash, allowed: { !excludes($0) }) ?? 0
    }
}
