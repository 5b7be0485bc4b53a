/// The routes section of the scenario format.
extension ScenarioDecoding {
    static let routeKeys = ["name", "match", "clusters", "balancer", "weights", "retries", "timeout", "perTryTimeout", "hedge", "cache", "rateLimit",
                            "choices", "hashKey", "minimumRingSize", "priorities", "overprovisioning", "panicThreshold"]

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
        let balancing = balancerKeys(object)
        guard let name, let pattern, let targets, let balancer, let weights, let retry, let balancing else { return nil }
        if case .some(.none) = hedge { return nil }
        if case .some(.none) = cache { return nil }
        if case .some(.none) = rateLimit { return nil }
        if case .some(.none) = method { return nil }
        if case .some(.none) = timeout { return nil }
        if case .some(.none) = perTry { return nil }
        return RouteSpec(name: name, pathPattern: pattern, method: method ?? nil, clusters: targets, balancer: balancer,
                         weights: weights, retry: retry, timeout: timeout ?? nil, perTryTimeout: perTry ?? nil,
                         hedge: hedge ?? nil, cache: cache ?? nil, rateLimit: rateLimit ?? nil,
                         choices: balancing.choices, hashKey: balancing.hashKey, minimumRingSize: balancing.minimumRingSize,
                         priorities: balancing.priorities, overprovisioning: balancing.overprovisioning,
                         panicThreshold: balancing.panicThreshold)
    }

    /// The route's balancer keys as written (nil for each left out); nil when one is broken.
    /// Which balancer each key belongs to is checked by `ScenarioChecks.checkBalancer`.
    private func balancerKeys(_ object: ObjectNode) -> (choices: Int?, hashKey: RouteHashKey?, minimumRingSize: Int?, priorities: [Int],
                                                        overprovisioning: Double?, panicThreshold: Double?)? {
        let choices: Int?? = object["choices"].map { reader.integer($0, object.path("choices"), ScenarioLimits.balancerChoices) }
        let hashKey: RouteHashKey?? = object["hashKey"].map { self.hashKey($0, object.path("hashKey")) }
        let ringSize: Int?? = object["minimumRingSize"].map { reader.integer($0, object.path("minimumRingSize"), ScenarioLimits.minimumRingSize) }
        var priorities: [Int]? = []
        if let node = object["priorities"] {
            priorities = reader.array(node, object.path("priorities")).flatMap { elements in
                let read = elements.enumerated().compactMap { i, n in reader.integer(n, "\(object.path("priorities"))[\(i)]", ScenarioLimits.priority) }
                return read.count == elements.count ? read : nil
            }
        }
        let overprovisioning: Double?? = object["overprovisioning"].map {
            reader.number($0, object.path("overprovisioning"), ScenarioLimits.overprovisioning)
        }
        let panic: Double?? = object["panicThreshold"].map { reader.number($0, object.path("panicThreshold"), ScenarioLimits.panicThreshold) }
        guard let priorities else { return nil }
        if case .some(.none) = choices { return nil }
        if case .some(.none) = hashKey { return nil }
        if case .some(.none) = ringSize { return nil }
        if case .some(.none) = overprovisioning { return nil }
        if case .some(.none) = panic { return nil }
        return (choices ?? nil, hashKey ?? nil, ringSize ?? nil, priorities, overprovisioning ?? nil, panic ?? nil)
    }

    /// `"requestId"`, `{ header: NAME }` or `{ pathParameter: NAME }`.
    private func hashKey(_ node: JSON5Node, _ path: String) -> RouteHashKey? {
        let expected = "\"requestId\", { header: NAME } or { pathParameter: NAME }"
        switch node.value {
        case .string(let text):
            if text == "requestId" { return .requestId }
            let hint = Suggestion.hint(for: text, in: ["requestId"], quote: "\"")
            reader.report(node.location, path, "expected \(expected), found \"\(text)\"\(hint)")
            return nil
        case .object(let members):
            guard let object = reader.object(node, path, known: ["header", "pathParameter"]) else { return nil }
            let given = members.filter { $0.key == "header" || $0.key == "pathParameter" }
            if given.count != 1 {
                if members.count == given.count {
                    reader.report(node.location, path, "expected exactly one of header, pathParameter, found \(given.count)")
                }
                return nil
            }
            let key = given[0].key
            guard let name = reader.string(given[0].value, object.path(key)) else { return nil }
            return key == "header" ? .header(name.lowercased()) : .pathParameter(name)
        default:
            reader.report(node.location, path, "expected \(expected), found \(node.value.kindDescription)")
            return nil
        }
    }
}
