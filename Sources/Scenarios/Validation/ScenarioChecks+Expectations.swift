/// Expectation checks: breakers that exist for the expectations about them, routes and clusters
/// that exist for the figures about them, numbers in range and bounds in order.
extension ScenarioChecks {
    mutating func checkExpectations() {
        for (index, expectation) in scenario.expectations.enumerated() {
            let path = expectationPath(index)
            switch expectation {
            case .breakerReaches(let cluster, _, let within):
                checkGuarded(cluster, "\(path).breaker")
                check(within, allowZero: true, "\(path).within")
            case .breakerNever(let cluster, _):
                checkGuarded(cluster, "\(path).breaker")
            case .breakerState(let cluster, _, let at):
                checkGuarded(cluster, "\(path).breaker")
                check(at, allowZero: true, "\(path).at")
            case .breakerOpens(let cluster, let range):
                checkGuarded(cluster, "\(path).breaker")
                check(range.map(Double.init), ScenarioLimits.breakerChanges, "\(path).opens")
            case .breakerTransitions(let cluster, let range):
                checkGuarded(cluster, "\(path).breaker")
                check(range.map(Double.init), ScenarioLimits.breakerChanges, "\(path).transitions")
            case .minimumSuccessRatio(let minimum):
                check(minimum, ScenarioLimits.ratio, "\(path).successRatio.min")
            case .maximumP99(let maximum):
                check(maximum, allowZero: true, "\(path).p99.max")
            case .successRatio(let minimum, let scope):
                checkScope(scope, path)
                check(minimum, ScenarioLimits.ratio, "\(path).successRatio.min")
            case .latency(let quantile, let maximum, let scope):
                checkScope(scope, path)
                check(maximum, allowZero: true, "\(path).\(quantile.rawValue).max")
            case .attemptsPerRequest(let range, let route):
                if let route { checkRoute(route, "\(path).route") }
                check(range, ScenarioLimits.attemptsPerRequest, "\(path).attemptsPerRequest")
            }
        }
    }

    /// A breaker guards the cluster: a declared cluster with a policy, or one whose policy was
    /// written (under `default` or its name) even if that policy is broken.
    private mutating func checkGuarded(_ cluster: String, _ path: String) {
        let keys = declared.breakerKeys
        let guarded = declared.clusterNames.filter { keys.contains("default") || keys.contains($0) }
        guard !guarded.contains(cluster) else { return }
        let listing = guarded.isEmpty ? "no cluster has one" : "clusters with a breaker: \(guarded.joined(separator: ", "))"
        report(path, "no breaker guards \"\(cluster)\"\(Suggestion.hint(for: cluster, in: guarded, quote: "\"")); expected a cluster with a breaker (\(listing))")
    }

    private mutating func checkScope(_ scope: ExpectationScope, _ path: String) {
        switch scope {
        case .run: break
        case .route(let route): checkRoute(route, "\(path).route")
        case .cluster(let cluster):
            if !declared.clusterNames.contains(cluster) { report("\(path).cluster", unknownCluster(cluster)) }
        }
    }

    /// A route of that name decoded. When some route entry of the file is broken the name may be
    /// its, and that entry is already reported, so nothing more is said.
    private mutating func checkRoute(_ route: String, _ path: String) {
        let names = scenario.routes.map(\.name)
        guard !names.contains(route), !declared.routes.contains(where: { $0.decoded == nil }) else { return }
        let listing = names.isEmpty ? "the scenario has no routes" : "routes are: \(names.joined(separator: ", "))"
        report(path, "unknown route \"\(route)\"\(Suggestion.hint(for: route, in: names, quote: "\"")); \(listing)")
    }

    /// Each bound by the rule, at least one of them, and min at most max.
    private mutating func check(_ range: ExpectedRange<Double>, _ rule: NumberRule, _ path: String) {
        if let minimum = range.min { check(minimum, rule, "\(path).min") }
        if let maximum = range.max { check(maximum, rule, "\(path).max") }
        if range.min == nil && range.max == nil { report(path, "expected \"min\", \"max\" or both, each \(rule.expected)") }
        if let minimum = range.min, let maximum = range.max, minimum > maximum {
            report(path, "expected \"min\" at most \"max\", found min \(Self.number(minimum)) above max \(Self.number(maximum))")
        }
    }

    /// A bound as written: 3 rather than 3.0.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension ExpectedRange {
    /// The same bounds in another type.
    func map<Other>(_ transform: (Bound) -> Other) -> ExpectedRange<Other> {
        ExpectedRange<Other>(min: min.map(transform), max: max.map(transform))
    }
}
