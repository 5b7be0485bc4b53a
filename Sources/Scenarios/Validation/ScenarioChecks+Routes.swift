/// Route and breaker checks: known clusters of one protocol, weights, retries, timeouts, policies.
extension ScenarioChecks {
    mutating func checkRoutes() {
        for (index, route) in scenario.routes.enumerated() {
            let path = routePath(index)
            checkName(route.name, "\(path).name")
            if scenario.routes[..<index].contains(where: { $0.name == route.name }) {
                report("\(path).name", "duplicate route name \"\(route.name)\"")
            }
            if !route.pathPattern.hasPrefix("/") {
                report("\(path).match.path", "expected a path starting with '/', found \"\(route.pathPattern)\"")
            }
            if let method = route.method { checkName(method, "\(path).match.method") }
            checkRouteClusters(route, path)
            checkWeights(route, path)
            checkBalancer(route, path)
            check(route.retry.attempts, ScenarioLimits.retries, "\(path).retries.attempts")
            checkGuards(route, path)
            if let timeout = route.timeout { check(timeout, allowZero: false, "\(path).timeout") }
            if let perTry = route.perTryTimeout {
                check(perTry, allowZero: false, "\(path).perTryTimeout")
                if let timeout = route.timeout, perTry >= timeout {
                    report("\(path).perTryTimeout", "expected less than the route's timeout (\(timeout)), found \(perTry): no attempt could reach it")
                }
            }
        }
    }

    private mutating func checkRouteClusters(_ route: RouteSpec, _ path: String) {
        let listPath = "\(path).clusters"
        if route.clusters.isEmpty { report(listPath, "expected at least one cluster name") }
        if route.clusters.count > RouteSpec.maximumClusters {
            report(listPath, "expected at most \(RouteSpec.maximumClusters) clusters per route, found \(route.clusters.count)")
        }
        for (index, name) in route.clusters.enumerated() {
            if !declared.clusterNames.contains(name) {
                report("\(listPath)[\(index)]", unknownCluster(name))
            } else if route.clusters[..<index].contains(name) {
                report("\(listPath)[\(index)]", "cluster \"\(name)\" listed twice")
            }
        }
        let behind = scenario.clusters.enumerated().filter { position, cluster in
            route.clusters.contains(cluster.name) && !scenario.clusters[..<position].contains { $0.name == cluster.name }
        }.map(\.element)
        if let first = behind.first, behind.contains(where: { $0.protocolKind != first.protocolKind }) {
            let described = behind.map { "\($0.name) (\($0.protocolKind.rawValue))" }
            report(listPath, "the clusters behind one route speak one protocol; found \(described.joined(separator: ", "))")
        }
    }

    private mutating func checkWeights(_ route: RouteSpec, _ path: String) {
        let weightsPath = "\(path).weights"
        for (index, weight) in route.weights.enumerated() { check(weight, ScenarioLimits.routeWeight, "\(weightsPath)[\(index)]") }
        if route.balancer != .weighted {
            if !route.weights.isEmpty { report(weightsPath, "weights are only used by the \"weighted\" balancer") }
        } else if route.weights.isEmpty {
            report(weightsPath, "missing; the \"weighted\" balancer needs one weight per cluster")
        } else if route.weights.count != route.clusters.count {
            report(weightsPath, "expected one weight per cluster (\(route.clusters.count)), found \(route.weights.count)")
        } else if !route.weights.contains(where: { $0 > 0 }) {
            report(weightsPath, "expected at least one weight above 0")
        }
    }
}
