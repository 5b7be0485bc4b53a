/// The clusters section of the scenario format.
extension ScenarioDecoding {
    static let clusterKeys = ["name", "backends", "concurrency", "queue", "protocol", "latency", "errorRate", "errorStatus", "fail", "response",
                              "grpc", "websocket", "graphql", "pool", "outlier", "balancer"]

    func clusterList(_ node: JSON5Node) -> Decoded<ClusterSpec>? {
        guard let elements = reader.array(node, "clusters") else { return nil }
        if elements.isEmpty { reader.report(node.location, "clusters", "expected at least one cluster") }
        var clusters = Decoded<ClusterSpec>()
        for (index, element) in elements.enumerated() {
            if let cluster = self.cluster(element, "clusters[\(index)]") { clusters.append(cluster, at: index) }
        }
        return clusters
    }

    func cluster(_ node: JSON5Node, _ path: String) -> ClusterSpec? {
        guard let object = reader.object(node, path, known: Self.clusterKeys) else { return nil }
        let name = object.required("name", reader, expected: "a string").flatMap { reader.string($0, object.path("name")) }
        let backends = object["backends"].map { reader.integer($0, object.path("backends"), ScenarioLimits.backends) } ?? 1
        let concurrency = object["concurrency"].map { reader.integer($0, object.path("concurrency"), ScenarioLimits.concurrency) } ?? 1
        let queue: Int?? = object["queue"].map { reader.integer($0, object.path("queue"), ScenarioLimits.queue) }
        let latency = object["latency"].map { self.latency($0, object.path("latency")) } ?? ClusterSpec.defaultLatency
        let errorRate = object["errorRate"].map { reader.number($0, object.path("errorRate"), ScenarioLimits.errorRate) } ?? 0
        let errorStatus = object["errorStatus"].map { reader.integer($0, object.path("errorStatus"), ScenarioLimits.status) } ?? 500
        let fail: ScriptedFailures?? = object["fail"].map { scriptedFailures($0, object.path("fail")) }
        let response = object["response"].flatMap { self.response($0, object.path("response")) } ?? HTTPResponseSpec()
        let mock = mockBehaviour(object, response: response)
        let pool: PoolSpec?? = object["pool"].map { self.pool($0, object.path("pool")) }
        let outlier: OutlierSpec?? = object["outlier"].map { self.outlier($0, object.path("outlier")) }
        let balancer: BackendBalancerSpec?? = object["balancer"].map { self.backendBalancer($0, object.path("balancer")) }
        guard let name, let backends, let concurrency, let latency, let errorRate, let errorStatus, let mock else { return nil }
        if case .some(.none) = fail { return nil }
        if case .some(.none) = pool { return nil }
        if case .some(.none) = outlier { return nil }
        if case .some(.none) = balancer { return nil }
        let queueLimit: Int?
        switch queue {
        case .none: queueLimit = nil
        case .some(.none): return nil
        case .some(.some(let limit)): queueLimit = limit
        }
        var spec = ClusterSpec(name: name, backends: backends, concurrency: concurrency, queueLimit: queueLimit,
                               latency: latency, errorRate: errorRate, errorStatus: errorStatus, fail: fail ?? nil, response: response, mock: mock)
        spec.pool = pool ?? nil
        spec.outlier = outlier ?? nil
        spec.balancer = balancer ?? nil
        return spec
    }

    /// `fail: { first: N, every: M, status: S }`: at least one of `first` and `every`.
    func scriptedFailures(_ node: JSON5Node, _ path: String) -> ScriptedFailures? {
        guard let object = reader.object(node, path, known: ["first", "every", "status"]) else { return nil }
        let first = object["first"].map { reader.integer($0, object.path("first"), ScenarioLimits.scriptedFirst) } ?? 0
        let every = object["every"].map { reader.integer($0, object.path("every"), ScenarioLimits.scriptedEvery) } ?? 0
        let status = object["status"].map { reader.integer($0, object.path("status"), ScenarioLimits.status) } ?? 500
        guard let first, let every, let status else { return nil }
        if object["first"] == nil && object["every"] == nil {
            reader.report(node.location, path, "expected \"first\" (the first N answers fail) and/or \"every\" (every N-th answer fails)")
            return nil
        }
        return ScriptedFailures(first: first, every: every, status: status)
    }

    func response(_ node: JSON5Node, _ path: String) -> HTTPResponseSpec? {
        guard let object = reader.object(node, path, known: ["status", "body"]) else { return nil }
        let status = object["status"].map { reader.integer($0, object.path("status"), ScenarioLimits.status) } ?? 200
        let body = object["body"].map { reader.string($0, object.path("body"), nonEmpty: false) } ?? ""
        guard let status, let body else { return nil }
        return HTTPResponseSpec(status: status, body: body)
    }

    func latency(_ node: JSON5Node, _ path: String) -> LatencySpec? {
        guard let object = reader.object(node, path, known: ["dist", "value", "min", "max", "mean", "stddev", "p50", "p99", "sigma"]) else { return nil }
        guard let distNode = object.required("dist", reader, expected: "one of \"constant\", \"uniform\", \"exponential\", \"normal\", \"lognormal\""),
              let dist = reader.choice(distNode, object.path("dist"), LatencyDistributionName.self) else { return nil }
        func span(_ key: String, positive: Bool = false) -> TimeSpan? {
            object.required(key, reader, expected: "a duration like \"20ms\"").flatMap { reader.duration($0, object.path(key), allowZero: !positive) }
        }
        func reject(_ keys: [String]) {
            for key in keys { if let n = object[key] { reader.report(n.location, object.path(key), "not used by a \(dist.rawValue) distribution") } }
        }
        switch dist {
        case .constant:
            reject(["min", "max", "mean", "stddev", "p50", "p99", "sigma"])
            return span("value").map { .constant($0) }
        case .uniform:
            reject(["value", "mean", "stddev", "p50", "p99", "sigma"])
            guard let low = span("min"), let high = span("max") else { return nil }
            return .uniform(min: low, max: high)
        case .exponential:
            reject(["value", "min", "max", "stddev", "p50", "p99", "sigma"])
            return span("mean", positive: true).map { .exponential(mean: $0) }
        case .normal:
            reject(["value", "min", "max", "p50", "p99", "sigma"])
            guard let mean = span("mean"), let deviation = span("stddev") else { return nil }
            return .normal(mean: mean, standardDeviation: deviation)
        case .lognormal:
            reject(["value", "min", "max", "mean", "stddev"])
            guard let median = span("p50", positive: true) else { return nil }
            switch (object["p99"], object["sigma"]) {
            case (.some(let p99Node), .none):
                guard let p99 = reader.duration(p99Node, object.path("p99"), allowZero: false) else { return nil }
                guard p99 > median else {
                    reader.report(p99Node.location, object.path("p99"), "impossible: p99 (\(p99)) must be above p50 (\(median))")
                    return nil
                }
                return .lognormal(p50: median, p99: p99)
            case (.none, .some(let sigmaNode)):
                guard let sigma = reader.number(sigmaNode, object.path("sigma"), ScenarioLimits.sigma) else { return nil }
                return .lognormal(median: median, sigma: sigma)
            case (.some, .some):
                reader.report(object.location, path, "give either p99 or sigma for a lognormal distribution, not both")
                return nil
            case (.none, .none):
                reader.report(object.location, object.path("p99"), "missing; a lognormal distribution needs p99 (or sigma)")
                return nil
            }
        }
    }
}
