import Protocols
import Scenarios

/// A route as the router runs it: its spec compiled to the integers and guards the hot path reads.
/// A class, so reading one on the hot path costs one reference, not a copy of every field.
final class CompiledRoute {
    let spec: RouteSpec
    /// Global cluster index per position.
    let clusters: [Int32]
    /// The breaker guarding each position's cluster (the lab holds every breaker for the run).
    let breakers: [Unmanaged<BreakerActor>]
    /// The per-request rules as plain values, also kept apart in the router's state for the hot path.
    let rules: RouteRules
    /// Per template (global index): the cache key of its requests before the parameter is mixed in,
    /// and whether the parameter changes what is asked (the path has `{id}`).
    let cacheKeys: [UInt64]
    let cacheKeyUsesParameter: [Bool]

    init(spec: RouteSpec, scenario: Scenario, templates: [RequestTemplateRef], breakers: [BreakerActor]) {
        self.spec = spec
        clusters = spec.clusters.map { Int32(scenario.clusterIndex(named: $0)!) }
        self.breakers = clusters.map { Unmanaged.passUnretained(breakers[Int($0)]) }
        rules = RouteRules(spec)
        var keys = [UInt64](repeating: 0, count: templates.count)
        var usesParameter = [Bool](repeating: false, count: templates.count)
        if let cache = spec.cache {
            for ref in templates {
                let template = ref.template
                switch cache.key {
                case .path:
                    keys[Int(ref.index)] = StableHash.fnv1a("\(template.method.uppercased()) \(template.path)")
                    let path = PathTemplate(template.path)
                    usesParameter[Int(ref.index)] = path.render(id: 1) != path.render(id: 2)
                case .header(let name):
                    let value = template.sentHeaders.first { $0.name.lowercased() == name }?.value ?? ""
                    keys[Int(ref.index)] = StableHash.fnv1a("\(name): \(value)")
                }
            }
        }
        cacheKeys = keys
        cacheKeyUsesParameter = usesParameter
    }

    /// The cache key of a request from `template` with `parameter`.
    @inline(__always)
    func cacheKey(template: Int32, parameter: Int64) -> UInt64 {
        let base = cacheKeys[Int(template)]
        return cacheKeyUsesParameter[Int(template)] ? StableHash.mix(base ^ UInt64(bitPattern: parameter)) : base
    }
}

/// A route's retry, deadline and hedge rules: plain values, so reading them costs no reference count.
struct RouteRules {
    let retryOn: RetryOn
    /// Retries after the first attempt.
    let retries: Int
    let sameCluster: Bool
    /// Each attempt's own deadline (Envoy's `per_try_timeout`), unless hedging waits for it.
    let perTry: Int64?
    /// The whole request's deadline (Envoy's route `timeout`).
    let deadline: Int64?
    let backoff: RetryBackoff?
    let budget: RetryBudget?
    /// When the next hedge goes out after an attempt; nil: the route does not hedge.
    let hedgeDelay: Int64?
    let hedgeMax: Int

    init(_ spec: RouteSpec) {
        retryOn = spec.retry.on
        retries = spec.retry.attempts
        sameCluster = spec.retry.sameCluster
        deadline = spec.timeout?.nanoseconds
        backoff = spec.retry.backoff.map(RetryBackoff.init)
        budget = spec.retry.budget.map(RetryBudget.init)
        // A hedge without its own delay goes out at the per-try timeout and leaves the first
        // attempt running (Envoy's `hedge_on_per_try_timeout`): that timeout then ends no attempt.
        if let hedge = spec.hedge {
            hedgeDelay = hedge.delay?.nanoseconds ?? spec.perTryTimeout?.nanoseconds
            hedgeMax = hedge.max
            perTry = hedge.delay == nil ? nil : spec.perTryTimeout?.nanoseconds
        } else {
            hedgeDelay = nil
            hedgeMax = 0
            perTry = spec.perTryTimeout?.nanoseconds
        }
    }
}

/// Every route's clusters and breakers in two flat arrays, a route's positions from `start[route]`.
struct RouteTargets {
    private let clusters: [Int32]
    private let breakers: [Unmanaged<BreakerActor>]
    private let start: [Int]

    init(_ routes: [CompiledRoute]) {
        clusters = routes.flatMap(\.clusters)
        breakers = routes.flatMap(\.breakers)
        var offsets: [Int] = []
        var next = 0
        for route in routes { offsets.append(next); next += route.clusters.count }
        start = offsets
    }

    @inline(__always)
    func cluster(route r: Int, position: Int) -> Int32 { clusters[start[r] + position] }

    @inline(__always)
    func breaker(route r: Int, position: Int) -> BreakerActor { breakers[start[r] + position].takeUnretainedValue() }
}
