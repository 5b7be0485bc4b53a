/// The routes section of the scenario format.
extension ScenarioDecoding {
    static let routeKeys = ["name", "match", "clusters", "balancer", "weights", "retries", "timeout", "perTryTimeout", "hedge", "cache", "rateLimit"]

    func routeList(_ node: JSON5Node) -> Decoded<RouteSpec>? {
        guard let elements = reader.array(node, "routes") else { return nil }
        if elements.isEmpty { reader.report(node.location, "routes", "expected at least one route") }
        var routes = Decoded<RouteSpec>()
        for (index, element) in elements.enumerated() {
            if let route = self.route(element, "routes[\(index)]", index: index) { routes.append(route, at: index) }
        }
        return routes
    }

    func route(_ node: JSON5Node, _ path: String, index: Int) -> RouteSpec? {
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
        let targets = object.required("clusters", reader, expected: "an array of cluster names").flatMap { strings($0, object.path("clusters")) }
        let balancer = object["balancer"].map { reader.choice($0, object.path("balancer"), BalancerKind.self) } ?? .roundRobin
        var weights: [Double]? = []
        if let weightsNode = object["weights"], let elements = reader.array(weightsNode, object.path("weights")) {
            let read = elements.enumerated().compactMap { i, n in reader.number(n, "\(object.path("weights"))[\(i)]", ScenarioLimits.routeWeight) }
            weights = read.count == elements.count ? read : nil
        } else if object["weights"] != nil {
            weights = nil
        }
        let retry = object["retries"].map { retryPolicy($0, object.path("retries")) } ?? RetryPolicySpec.none
        let timeout: TimeSpan?? = object["timeout"].map { reader.duration($0, object.path("timeout"), allowZero: false) }
        let perTry: TimeSpan?? = object["perTryTimeout"].map { reader.duration($0, object.path("perTryTimeout"), allowZero: false) }
        let hedge: HedgeSpec?? = object["hedge"].map { self.hedge($0, object.path("hedge")) }
        let cache: CacheSpec?? = object["cache"].map { self.cache($0, object.path("cache")) }
        let rateLimit: RateLimitSpec?? = object["rateLimit"].map { self.rateLimit($0, object.path("rateLimit")) }
        guard let name, let pattern, let targets, let balancer, let weights, let retry else { return nil }
        if case .some(.none) = hedge { return nil }
        if case .some(.none) = cache { return nil }
        if case .some(.none) = rateLimit { return nil }
        if case .some(.none) = method { return nil }
        if case .some(.none) = timeout { return nil }
        if case .some(.none) = perTry { return nil }
        return RouteSpec(name: name, pathPattern: pattern, method: method ?? nil, clusters: targets, balancer: balancer,
                         weights: weights, retry: retry, timeout: timeout ?? nil, perTryTimeout: perTry ?? nil,
                         hedge: hedge ?? nil, cache: cache ?? nil, rateLimit: rateLimit ?? nil)
    }
}
