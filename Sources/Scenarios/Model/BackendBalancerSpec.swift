/// How a cluster chooses the backend of a new attempt: Envoy's cluster `lb_policy` over the cluster's
/// backends, or the lab's own least-outstanding scan (the default, unchanged).
///
/// Sources: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers
/// (round robin, least request, random, ring hash, Maglev), least_request.proto (`choice_count`,
/// default 2, at least 2) and ring_hash.proto (`minimum_ring_size`, default 1024, at most 8M).
/// Every balancer chooses among the backends outlier detection has not ejected, and among all of them
/// when every one is ejected (panic).
public enum BackendBalancerSpec: Sendable, Equatable {
    /// The backend with the fewest outstanding attempts (serving plus queued), ties to the lowest
    /// index: the lab's rule before balancers existed, and still the default.
    case leastOutstanding
    /// Envoy's `ROUND_ROBIN` with equal weights: the next backend in turn, starting at a seeded index.
    case roundRobin
    /// Envoy's `RANDOM`: a backend drawn uniformly.
    case random
    /// Envoy's `LEAST_REQUEST` with equal weights: `choices` backends drawn with replacement, the one
    /// with the fewest outstanding attempts kept (P2C for 2).
    case leastRequest(choices: Int)
    /// Envoy's `RING_HASH` (ketama) over the backends' names, looked up with the request's hash key.
    case ringHash(minimumRingSize: Int)
    /// Envoy's `MAGLEV` (table of 65537 slots) over the backends' names, looked up with the request's
    /// hash key.
    case maglev

    /// Envoy's default `choice_count`.
    public static let defaultChoices = 2
    /// Envoy's default `minimum_ring_size`.
    public static let defaultMinimumRingSize = 1024

    /// The kind, as files spell it.
    public var kind: BackendBalancerKind {
        switch self {
        case .leastOutstanding: return .leastOutstanding
        case .roundRobin: return .roundRobin
        case .random: return .random
        case .leastRequest: return .leastRequest
        case .ringHash: return .ringHash
        case .maglev: return .maglev
        }
    }

    /// The kind with its options at their defaults.
    public init(_ kind: BackendBalancerKind) {
        switch kind {
        case .leastOutstanding: self = .leastOutstanding
        case .roundRobin: self = .roundRobin
        case .random: self = .random
        case .leastRequest: self = .leastRequest(choices: Self.defaultChoices)
        case .ringHash: self = .ringHash(minimumRingSize: Self.defaultMinimumRingSize)
        case .maglev: self = .maglev
        }
    }
}

/// A cluster balancer's name in a scenario file (`balancer: "ring-hash"`).
public enum BackendBalancerKind: String, Sendable, CaseIterable {
    case leastOutstanding = "least-outstanding"
    case roundRobin = "round-robin"
    case random
    case leastRequest = "least-request"
    case ringHash = "ring-hash"
    case maglev
}
