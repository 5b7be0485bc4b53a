/// The numbers a route's balancer keys may take (Docs/SCENARIOS.md, Routes).
extension ScenarioLimits {
    /// Envoy's `choice_count` is at least 2 (least_request.proto); the lab caps it at 100.
    static let balancerChoices = NumberRule.whole(2...100, "a number of choices from 2 to 100")
    /// Envoy's `minimum_ring_size` is limited to 8M entries (ring_hash.proto).
    static let minimumRingSize = NumberRule.whole(1...8_388_608, "a ring size from 1 to 8388608")
    static let priority = NumberRule.whole(0...9, "a priority from 0 (the highest) to 9")
    /// Envoy's `overprovisioning_factor`: below 1 a fully healthy tier would already spill.
    static let overprovisioning = NumberRule.real(1...1000, "a factor from 1 to 1000 (1.4 is Envoy's default)")
    static let panicThreshold = NumberRule.real(0...100, "a percentage from 0 to 100")
}

/// The route keys of Envoy's balancers and priority levels: each key only with the balancer that
/// reads it, in range, one priority per cluster.
///
/// - Least request's `choice_count`, ring hash's `minimum_ring_size`, the route's `hash_policy`
///   (read by ring hash and Maglev): https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers
/// - Priorities "should range from 0 (highest) to N (lowest) without skipping"
///   (endpoint_components.proto, `LocalityLbEndpoints.priority`); overprovisioning and the panic
///   threshold: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/priority
///   and .../panic_threshold. The lab tracks health only on routes with `priorities`, so the two
///   tuning keys need them.
extension ScenarioChecks {
    mutating func checkBalancer(_ route: RouteSpec, _ path: String) {
        let balancer = "this route's balancer is \"\(route.balancer.rawValue)\""
        if let choices = route.choices {
            check(choices, ScenarioLimits.balancerChoices, "\(path).choices")
            if route.balancer != .leastRequest {
                report("\(path).choices", "only used by the \"least-request\" balancer; \(balancer)")
            }
        }
        if let key = route.hashKey {
            switch key {
            case .header(let name): checkName(name, "\(path).hashKey.header")
            case .pathParameter(let name): checkName(name, "\(path).hashKey.pathParameter")
            case .requestId: break
            }
            if !route.balancer.hashesRequests {
                report("\(path).hashKey", "only used by the \"ring-hash\" and \"maglev\" balancers; \(balancer)")
            }
        }
        if let size = route.minimumRingSize {
            check(size, ScenarioLimits.minimumRingSize, "\(path).minimumRingSize")
            if route.balancer != .ringHash {
                report("\(path).minimumRingSize", "only used by the \"ring-hash\" balancer; \(balancer)")
            }
        }
        checkPriorities(route, path)
    }

    private mutating func checkPriorities(_ route: RouteSpec, _ path: String) {
        let listPath = "\(path).priorities"
        if !route.priorities.isEmpty {
            if route.priorities.count != route.clusters.count {
                report(listPath, "expected one priority per cluster (\(route.clusters.count)), found \(route.priorities.count)")
            }
            for (index, priority) in route.priorities.enumerated() { check(priority, ScenarioLimits.priority, "\(listPath)[\(index)]") }
            let levels = Array(Set(route.priorities)).sorted()
            if levels.allSatisfy({ ScenarioLimits.priority.accepts(Double($0)) }), levels != Array(0..<levels.count) {
                report(listPath, "expected priorities from 0 without skipping a level, as Envoy requires; found levels "
                       + levels.map(String.init).joined(separator: ", "))
            }
        }
        for (key, value) in [("overprovisioning", route.overprovisioning), ("panicThreshold", route.panicThreshold)] {
            guard let value else { continue }
            check(value, key == "overprovisioning" ? ScenarioLimits.overprovisioning : ScenarioLimits.panicThreshold, "\(path).\(key)")
            if route.priorities.isEmpty {
                report("\(path).\(key)", "only used with priorities (health is tracked on routes with priority tiers); "
                       + "give priorities, e.g. [0, 0, 1], one per cluster")
            }
        }
    }
}
