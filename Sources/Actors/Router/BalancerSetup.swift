import Scenarios

/// What a route's balancer needs beyond its kind, count and weights: the route's balancer keys
/// with their defaults filled in, its clusters' names (what ring hash and Maglev hash) and the
/// run's request templates (where hash keys come from). `Balancer.prepare(_:)` takes it once.
struct BalancerSetup {
    /// Least request's draws per pick (Envoy's `choice_count`, default 2).
    var choices = PowerOfTwoChoices.defaultChoices
    var hashKey: HashKey?
    /// Ring hash's `minimum_ring_size` (default 1024).
    var minimumRingSize = RingHash.defaultMinimumRingSize
    /// One name per position.
    var clusterNames: [String]
    /// One tier per position; empty: no tiers.
    var priorities: [Int] = []
    var overprovisioning = PriorityLoad.defaultOverprovisioning
    /// A fraction (0.5 for 50%).
    var panicThreshold = PriorityLoad.defaultPanicThreshold
    /// The run's request templates by global index.
    var templates: [RequestTemplate?] = []

    /// Positions named by their index, no keys, no tiers: what a balancer used on its own gets.
    init(count: Int) {
        clusterNames = (0..<count).map { "position-\($0)" }
    }

    init(route: RouteSpec, clusterNames: [String], templates: [RequestTemplate?]) {
        choices = route.choices ?? PowerOfTwoChoices.defaultChoices
        hashKey = route.hashKey.map(HashKey.init)
        minimumRingSize = route.minimumRingSize ?? RingHash.defaultMinimumRingSize
        self.clusterNames = clusterNames
        priorities = route.priorities
        overprovisioning = route.overprovisioning ?? PriorityLoad.defaultOverprovisioning
        panicThreshold = route.panicThreshold.map { $0 / 100 } ?? PriorityLoad.defaultPanicThreshold
        self.templates = templates
    }

    /// Every traffic source's templates by global index (scripts have none).
    static func templates(of sources: [TrafficSource]) -> [RequestTemplate?] {
        let count = sources.reduce(0) { max($0, ($1.templates.max().map { Int($0) + 1 }) ?? 0) }
        var templates = [RequestTemplate?](repeating: nil, count: count)
        for source in sources {
            for (entry, index) in source.templates.enumerated() where entry < source.spec.mix.count {
                templates[Int(index)] = source.spec.mix[entry]
            }
        }
        return templates
    }
}
