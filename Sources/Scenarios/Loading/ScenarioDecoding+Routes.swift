/// The routes section of the scenario format.
extension ScenarioDecoding {
    static let routeKeys = ["name", "match", "clusters", "balancer", "weights", "retries", "timeout"]

    func routeList(_ node: JSON5Node, clusters: [String]) -> [RouteSpec]? {
        guard let elements = reader.array(node, "routes") else { return nil }
        if elements.isEmpty { reader.report(node.location, "routes", "expected at least one route") }
        var routes: [RouteSpec] = []
        for (index, element) in elements.enumerated() {
            guard let route = self.route(element, "routes[\(index)]", index: index, clusters: clusters) else { continue }
            if routes.contains(where: { $0.name == route.name }) {
                reader.report(element.location, "routes[\(index)].name", "duplicate route name \"\(route.name)\"")
                continue
            }
            routes.append(route)
        }
        return routes
    }

    func route(_ node: JSON5Node, _ path: String, index: Int, clusters known: [String]) -> RouteSpec? {
        guard let object = reader.object(node, path, known: Self.routeKeys) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "route-\(index)"
        var pattern: String?
        var method: String??
        if let matchNode = object.required("match", reader, expected: "an object with a path"),
           let match = reader.object(matchNode, object.path("match"), known: ["path", "method"]) {
            pattern = match.required("path", reader, expected: "a path glob like \"/api/*\"").flatMap { reader.string($0, match.path("path")) }
            if let p = pattern, !p.hasPrefix("/"), let n = match["path"] {
                reader.report(n.location, match.path("path"), "expected a path starting with '/', found \"\(p)\"")
                pattern = nil
            }
            method = match["method"].map { reader.string($0, match.path("method")).map { $0.uppercased() } }
        }
        var targets: [String]?
        var listedClusters = 0
        if let clustersNode = object.required("clusters", reader, expected: "an array of cluster names"),
           let elements = reader.array(clustersNode, object.path("clusters")) {
            var names: [String] = []
            if elements.isEmpty { reader.report(clustersNode.location, object.path("clusters"), "expected at least one cluster name") }
            if elements.count > RouteSpec.maximumClusters {
                reader.report(clustersNode.location, object.path("clusters"),
                              "expected at most \(RouteSpec.maximumClusters) clusters per route, found \(elements.count)")
            }
            for (i, element) in elements.enumerated() {
                let p = "\(object.path("clusters"))[\(i)]"
                guard let clusterName = reader.string(element, p) else { continue }
                if !known.contains(clusterName) {
                    reader.report(element.location, p, "unknown cluster \"\(clusterName)\"; clusters are: \(known.joined(separator: ", "))")
                } else if names.contains(clusterName) {
                    reader.report(element.location, p, "cluster \"\(clusterName)\" listed twice")
                } else {
                    names.append(clusterName)
                }
            }
            targets = names
            listedClusters = elements.count
        }
        let balancer = object["balancer"].map { reader.choice($0, object.path("balancer"), BalancerKind.self) } ?? .roundRobin
        var weights: [Double] = []
        if let weightsNode = object["weights"], let elements = reader.array(weightsNode, object.path("weights")) {
            weights = elements.enumerated().compactMap { i, n in
                reader.number(n, "\(object.path("weights"))[\(i)]", in: 0...1e9, expected: "a weight of 0 or more")
            }
            if balancer != .weighted {
                reader.report(weightsNode.location, object.path("weights"), "weights are only used by the \"weighted\" balancer")
            } else if let targets, weights.count != targets.count {
                reader.report(weightsNode.location, object.path("weights"), "expected one weight per cluster (\(targets.count)), found \(weights.count)")
            } else if !weights.contains(where: { $0 > 0 }) {
                reader.report(weightsNode.location, object.path("weights"), "expected at least one weight above 0")
            }
        } else if balancer == .weighted {
            reader.report(object.location, object.path("weights"), "missing; the \"weighted\" balancer needs one weight per cluster")
        }
        let retry = object["retries"].map { retryPolicy($0, object.path("retries"), clusterCount: listedClusters) } ?? RetryPolicySpec.none
        let timeout: TimeSpan?? = object["timeout"].map { reader.duration($0, object.path("timeout"), allowZero: false) }
        guard let name, let pattern, let targets, !targets.isEmpty, let balancer, let retry else { return nil }
        if case .some(.none) = method { return nil }
        if case .some(.none) = timeout { return nil }
        return RouteSpec(name: name, pathPattern: pattern, method: method ?? nil, clusters: targets, balancer: balancer,
                         weights: weights, retry: retry, timeout: timeout ?? nil)
    }

    func retryPolicy(_ node: JSON5Node, _ path: String, clusterCount: Int) -> RetryPolicySpec? {
        guard let object = reader.object(node, path, known: ["attempts", "on"]) else { return nil }
        let attempts = object.required("attempts", reader, expected: "the number of retries").flatMap {
            reader.integer($0, object.path("attempts"), in: 0...10, expected: "a number of retries from 0 to 10")
        }
        var conditions: [RetryCondition] = [.serverError]
        if let onNode = object["on"], let elements = reader.array(onNode, object.path("on")) {
            conditions = elements.enumerated().compactMap { i, n in reader.choice(n, "\(object.path("on"))[\(i)]", RetryCondition.self) }
        }
        guard let attempts else { return nil }
        if attempts >= clusterCount && clusterCount > 0 && attempts > 0 {
            reader.report(object["attempts"]?.location, object.path("attempts"),
                          "each retry goes to a cluster not yet tried, so at most \(clusterCount - 1) retries fit \(clusterCount) cluster(s); found \(attempts)")
            return nil
        }
        return RetryPolicySpec(attempts: attempts, on: conditions)
    }
}
