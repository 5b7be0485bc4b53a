/// The scenario format's grammar: which keys each object has, their types and ranges, and the
/// cross-references between sections (cluster names, routes for every traffic path).
struct ScenarioDecoding {
    let reader: NodeReader

    static let topLevelKeys = ["name", "seed", "duration", "clusters", "routes", "breakers", "traffic", "chaos", "expect"]

    func scenario(_ root: JSON5Node) -> Scenario? {
        guard let top = reader.object(root, "", known: Self.topLevelKeys) else { return nil }
        let name = top.required("name", reader, expected: "a string naming the scenario").flatMap { reader.string($0, "name") }
        let seed = top["seed"].map { reader.integer($0, "seed", in: 0...Int.max, expected: "a non-negative integer") } ?? 1
        let duration = top.required("duration", reader, expected: "a duration like \"10m\"")
            .flatMap { reader.duration($0, "duration", allowZero: false) }
        let clustersNode = top.required("clusters", reader, expected: "an array of clusters")
        let clusters = clustersNode.flatMap { clusterList($0) } ?? []
        // Cross-references use every declared name, so one bad cluster does not cascade into
        // "unknown cluster" errors everywhere it is used.
        let names = clustersNode.map(declaredClusterNames) ?? []
        let routes = top.required("routes", reader, expected: "an array of routes").flatMap { routeList($0, clusters: names) } ?? []
        let breakers = top["breakers"].flatMap { breakerPolicies($0, clusters: names) } ?? BreakerPolicies()
        let traffic = top.required("traffic", reader, expected: "an array of traffic sources")
            .flatMap { trafficList($0, routes: routes) } ?? []
        let chaos = top["chaos"].flatMap { chaosList($0, clusters: names, routes: routes) } ?? []
        let expectations = top["expect"].flatMap { expectationList($0, clusters: names, breakers: breakers) } ?? []
        if let duration {
            for (index, entry) in chaos.enumerated() where entry.at >= duration {
                reader.report(top["chaos"]?.location, "chaos[\(index)].at",
                              "starts at \(entry.at), at or after the end of the run (\(duration))")
            }
        }
        guard let name, let seed, let duration else { return nil }
        return Scenario(name: name, seed: UInt64(seed), duration: duration, clusters: clusters, routes: routes,
                        breakers: breakers, traffic: traffic, chaos: chaos, expectations: expectations)
    }

    // MARK: Clusters

    static let clusterKeys = ["name", "backends", "concurrency", "queue", "protocol", "latency", "errorRate", "errorStatus", "response"]

    private func declaredClusterNames(_ node: JSON5Node) -> [String] {
        guard case .array(let elements) = node.value else { return [] }
        return elements.compactMap { element in
            guard case .object(let members) = element.value, let name = members.first(where: { $0.key == "name" }),
                  case .string(let text) = name.value.value else { return nil }
            return text
        }
    }

    private func clusterList(_ node: JSON5Node) -> [ClusterSpec]? {
        guard let elements = reader.array(node, "clusters") else { return nil }
        if elements.isEmpty { reader.report(node.location, "clusters", "expected at least one cluster") }
        var clusters: [ClusterSpec] = []
        for (index, element) in elements.enumerated() {
            let path = "clusters[\(index)]"
            guard let cluster = self.cluster(element, path) else { continue }
            if clusters.contains(where: { $0.name == cluster.name }) {
                reader.report(element.location, "\(path).name", "duplicate cluster name \"\(cluster.name)\"")
                continue
            }
            clusters.append(cluster)
        }
        return clusters
    }

    private func cluster(_ node: JSON5Node, _ path: String) -> ClusterSpec? {
        guard let object = reader.object(node, path, known: Self.clusterKeys) else { return nil }
        let name = object.required("name", reader, expected: "a string").flatMap { reader.string($0, object.path("name")) }
        let backends = object["backends"].map { reader.integer($0, object.path("backends"), in: 1...10_000, expected: "a whole number of backends from 1 to 10000") } ?? 1
        let concurrency = object["concurrency"].map { reader.integer($0, object.path("concurrency"), in: 1...1_000_000, expected: "a whole number from 1 up") } ?? 1
        let queue: Int?? = object["queue"].map { reader.integer($0, object.path("queue"), in: 0...100_000_000, expected: "a queue length of 0 or more") }
        if let proto = object["protocol"], let text = reader.string(proto, object.path("protocol")), text != "http" {
            reader.report(proto.location, object.path("protocol"), "expected \"http\" (gRPC, WebSocket and GraphQL backends are not built yet), found \"\(text)\"")
        }
        let latency = object.required("latency", reader, expected: "a latency distribution").flatMap { self.latency($0, object.path("latency")) }
        let errorRate = object["errorRate"].map { reader.number($0, object.path("errorRate"), in: 0...1, expected: "a probability from 0 to 1") } ?? 0
        let errorStatus = object["errorStatus"].map { reader.integer($0, object.path("errorStatus"), in: 100...599, expected: "an HTTP status from 100 to 599") } ?? 500
        let response = object["response"].flatMap { self.response($0, object.path("response")) } ?? HTTPResponseSpec()
        guard let name, let backends, let concurrency, let latency, let errorRate, let errorStatus else { return nil }
        let queueLimit: Int?
        switch queue {
        case .none: queueLimit = nil
        case .some(.none): return nil
        case .some(.some(let limit)): queueLimit = limit
        }
        return ClusterSpec(name: name, backends: backends, concurrency: concurrency, queueLimit: queueLimit,
                           latency: latency, errorRate: errorRate, errorStatus: errorStatus, response: response)
    }

    private func response(_ node: JSON5Node, _ path: String) -> HTTPResponseSpec? {
        guard let object = reader.object(node, path, known: ["status", "body"]) else { return nil }
        let status = object["status"].map { reader.integer($0, object.path("status"), in: 100...599, expected: "an HTTP status from 100 to 599") } ?? 200
        let body = object["body"].map { reader.string($0, object.path("body"), nonEmpty: false) } ?? ""
        guard let status, let body else { return nil }
        return HTTPResponseSpec(status: status, body: body)
    }

    private func latency(_ node: JSON5Node, _ path: String) -> LatencySpec? {
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
            guard low <= high else {
                reader.report(object["max"]?.location, object.path("max"), "must be at least min (\(low)), found \(high)")
                return nil
            }
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
                guard let sigma = reader.number(sigmaNode, object.path("sigma"), in: 0...10, expected: "a shape (sigma) from 0 to 10") else { return nil }
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

    // MARK: Routes

    static let routeKeys = ["name", "match", "clusters", "balancer", "weights", "retries", "timeout"]

    private func routeList(_ node: JSON5Node, clusters: [String]) -> [RouteSpec]? {
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

    private func route(_ node: JSON5Node, _ path: String, index: Int, clusters known: [String]) -> RouteSpec? {
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

    private func retryPolicy(_ node: JSON5Node, _ path: String, clusterCount: Int) -> RetryPolicySpec? {
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

    // MARK: Breakers

    private func breakerPolicies(_ node: JSON5Node, clusters: [String]) -> BreakerPolicies? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, "breakers", "expected an object with \"default\" and/or cluster names as keys, found \(node.value.kindDescription)")
            return nil
        }
        var policies = BreakerPolicies()
        for member in members {
            let path = "breakers.\(member.key)"
            if member.key != "default" && !clusters.contains(member.key) {
                reader.report(member.keyLocation, path, "unknown cluster \"\(member.key)\"; expected \"default\" or one of: \(clusters.joined(separator: ", "))")
                continue
            }
            guard let policy = breakerPolicy(member.value, path) else { continue }
            if member.key == "default" { policies.defaultPolicy = policy } else { policies.overrides.append((member.key, policy)) }
        }
        return policies
    }

    private func breakerPolicy(_ node: JSON5Node, _ path: String) -> BreakerPolicy? {
        guard let object = reader.object(node, path, known: ["window", "minimumCalls", "failureRate", "openFor", "halfOpenCalls"]) else { return nil }
        let defaults = BreakerPolicy()
        var size: Int? = defaults.windowSize
        if let windowNode = object["window"], let window = reader.object(windowNode, object.path("window"), known: ["type", "size"]) {
            if let typeNode = window["type"], let type = reader.string(typeNode, window.path("type")), type != "count" {
                reader.report(typeNode.location, window.path("type"), "expected \"count\" (time-based windows are not built yet), found \"\(type)\"")
            }
            size = window["size"].map { reader.integer($0, window.path("size"), in: 1...100_000, expected: "a window size from 1 to 100000") } ?? defaults.windowSize
        }
        let minimumCalls = object["minimumCalls"].map { reader.integer($0, object.path("minimumCalls"), in: 1...100_000, expected: "a whole number from 1 up") } ?? defaults.minimumCalls
        let failureRate = object["failureRate"].map { reader.number($0, object.path("failureRate"), in: 0.000001...1, expected: "a ratio above 0 and at most 1") } ?? defaults.failureRate
        let openFor = object["openFor"].map { reader.duration($0, object.path("openFor"), allowZero: false) } ?? defaults.openFor
        let halfOpenCalls = object["halfOpenCalls"].map { reader.integer($0, object.path("halfOpenCalls"), in: 1...100_000, expected: "a whole number from 1 up") } ?? defaults.halfOpenCalls
        guard let size, let minimumCalls, let failureRate, let openFor, let halfOpenCalls else { return nil }
        if minimumCalls > size {
            reader.report(object["minimumCalls"]?.location, object.path("minimumCalls"),
                          "impossible: minimumCalls (\(minimumCalls)) exceeds the window size (\(size)), so the breaker could never open")
            return nil
        }
        return BreakerPolicy(windowSize: size, minimumCalls: minimumCalls, failureRate: failureRate, openFor: openFor, halfOpenCalls: halfOpenCalls)
    }

    // MARK: Traffic

    private func trafficList(_ node: JSON5Node, routes: [RouteSpec]) -> [TrafficSpec]? {
        guard let elements = reader.array(node, "traffic") else { return nil }
        if elements.isEmpty { reader.report(node.location, "traffic", "expected at least one traffic source") }
        return elements.enumerated().compactMap { index, element in traffic(element, "traffic[\(index)]", index: index, routes: routes) }
    }

    private func traffic(_ node: JSON5Node, _ path: String, index: Int, routes: [RouteSpec]) -> TrafficSpec? {
        guard let object = reader.object(node, path, known: ["name", "rate", "arrival", "start", "end", "mix"]) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "traffic-\(index)"
        let rate = object.required("rate", reader, expected: "requests per second").flatMap {
            reader.number($0, object.path("rate"), in: 0.000001...10_000_000, expected: "a rate above 0 (requests per second, at most 10000000)")
        }
        let arrival = object["arrival"].map { reader.choice($0, object.path("arrival"), ArrivalProcess.self) } ?? .poisson
        let start = object["start"].map { reader.duration($0, object.path("start")) } ?? .zero
        let end: TimeSpan?? = object["end"].map { reader.duration($0, object.path("end")) }
        var mix: [RequestTemplate]?
        if let mixNode = object.required("mix", reader, expected: "an array of weighted requests"),
           let elements = reader.array(mixNode, object.path("mix")) {
            if elements.isEmpty { reader.report(mixNode.location, object.path("mix"), "expected at least one request") }
            mix = elements.enumerated().compactMap { i, n in requestTemplate(n, "\(object.path("mix"))[\(i)]", routes: routes) }
        }
        guard let name, let rate, let arrival, let start, let mix, !mix.isEmpty else { return nil }
        if case .some(.none) = end { return nil }
        if let e = end ?? nil, e <= start {
            reader.report(object["end"]?.location, object.path("end"), "must be after start (\(start)), found \(e)")
            return nil
        }
        return TrafficSpec(name: name, rate: rate, arrival: arrival, start: start, end: end ?? nil, mix: mix)
    }

    private func requestTemplate(_ node: JSON5Node, _ path: String, routes: [RouteSpec]) -> RequestTemplate? {
        guard let object = reader.object(node, path, known: ["weight", "http"]) else { return nil }
        let weight = object["weight"].map { reader.number($0, object.path("weight"), in: 0.000001...1e9, expected: "a weight above 0") } ?? 1
        guard let httpNode = object.required("http", reader, expected: "a request like { method: \"GET\", path: \"/api/items/{id}\" }"),
              let http = reader.object(httpNode, object.path("http"), known: ["method", "path", "idRange"]) else { return nil }
        let method = http["method"].map { reader.string($0, http.path("method")).map { $0.uppercased() } } ?? "GET"
        let requestPath = http.required("path", reader, expected: "a path like \"/api/items/{id}\"").flatMap { reader.string($0, http.path("path")) }
        let idRange = http["idRange"].map { reader.integer($0, http.path("idRange"), in: 1...Int(Int32.max), expected: "a whole number from 1 up") } ?? 1000
        guard let weight, let method, let requestPath, let idRange else { return nil }
        guard requestPath.hasPrefix("/") else {
            reader.report(http["path"]?.location, http.path("path"), "expected a path starting with '/', found \"\(requestPath)\"")
            return nil
        }
        if !routes.isEmpty, !routes.contains(where: { RouteMatcher(route: $0).matches(method: method, template: requestPath) }) {
            reader.report(http["path"]?.location, http.path("path"),
                          "no route matches \(method) \(requestPath); routes match: \(routes.map { "\($0.method ?? "*") \($0.pathPattern)" }.joined(separator: ", "))")
            return nil
        }
        return RequestTemplate(weight: weight, method: method, path: requestPath, idRange: idRange)
    }

    // MARK: Chaos

    private func chaosList(_ node: JSON5Node, clusters: [String], routes: [RouteSpec]) -> [ChaosSpec]? {
        guard let elements = reader.array(node, "chaos") else { return nil }
        return elements.enumerated().compactMap { index, element in chaos(element, "chaos[\(index)]", index: index, clusters: clusters, routes: routes) }
    }

    private func chaos(_ node: JSON5Node, _ path: String, index: Int, clusters: [String], routes: [RouteSpec]) -> ChaosSpec? {
        guard let object = reader.object(node, path, known: ["name", "at", "for", "target", "fault"]) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "chaos-\(index)"
        let at = object.required("at", reader, expected: "a start time like \"2m\"").flatMap { reader.duration($0, object.path("at")) }
        let duration = object.required("for", reader, expected: "a duration like \"3m\"").flatMap { reader.duration($0, object.path("for"), allowZero: false) }
        var target = object.required("target", reader, expected: "a cluster name").flatMap { reader.string($0, object.path("target")) }
        if let t = target, !clusters.contains(t) {
            reader.report(object["target"]?.location, object.path("target"), "unknown cluster \"\(t)\"; clusters are: \(clusters.joined(separator: ", "))")
            target = nil
        }
        let fault = object.required("fault", reader, expected: "a fault like { kind: \"error\", status: 503, rate: 0.5 }")
            .flatMap { self.fault($0, object.path("fault")) }
        guard let name, let at, let duration, let target, let fault else { return nil }
        if case .hang = fault {
            for route in routes where route.clusters.contains(target) && route.timeout == nil {
                reader.report(object["fault"]?.location, object.path("fault.kind"),
                              "a hang is only ended by a timeout, but route \"\(route.name)\" sends to \"\(target)\" without one; give it a timeout")
                return nil
            }
        }
        return ChaosSpec(name: name, at: at, duration: duration, target: target, fault: fault)
    }

    private func fault(_ node: JSON5Node, _ path: String) -> ChaosFault? {
        guard let object = reader.object(node, path, known: ["kind", "rate", "status", "delay"]) else { return nil }
        guard let kindNode = object.required("kind", reader, expected: "one of \"error\", \"latency\", \"hang\""),
              let kind = reader.choice(kindNode, object.path("kind"), ChaosFaultKindName.self) else { return nil }
        let rate = object["rate"].map { reader.number($0, object.path("rate"), in: 0...1, expected: "a probability from 0 to 1") } ?? 1
        guard let rate else { return nil }
        switch kind {
        case .error:
            if let n = object["delay"] { reader.report(n.location, object.path("delay"), "not used by an error fault") }
            let status = object["status"].map { reader.integer($0, object.path("status"), in: 100...599, expected: "an HTTP status from 100 to 599") } ?? 503
            return status.map { .error(status: $0, rate: rate) }
        case .latency:
            if let n = object["status"] { reader.report(n.location, object.path("status"), "not used by a latency fault") }
            return object.required("delay", reader, expected: "a duration like \"200ms\"")
                .flatMap { reader.duration($0, object.path("delay"), allowZero: false) }
                .map { .latency(delay: $0, rate: rate) }
        case .hang:
            for key in ["status", "delay"] { if let n = object[key] { reader.report(n.location, object.path(key), "not used by a hang fault") } }
            return .hang(rate: rate)
        }
    }

    // MARK: Expectations

    private func expectationList(_ node: JSON5Node, clusters: [String], breakers: BreakerPolicies) -> [Expectation]? {
        guard let elements = reader.array(node, "expect") else { return nil }
        return elements.enumerated().compactMap { index, element in expectation(element, "expect[\(index)]", clusters: clusters, breakers: breakers) }
    }

    private func expectation(_ node: JSON5Node, _ path: String, clusters: [String], breakers: BreakerPolicies) -> Expectation? {
        guard let object = reader.object(node, path, known: ["breaker", "reaches", "within", "never", "successRatio", "p99"]) else { return nil }
        if let breakerNode = object["breaker"] {
            guard let cluster = reader.string(breakerNode, object.path("breaker")) else { return nil }
            guard clusters.contains(cluster), breakers.policy(for: cluster) != nil else {
                reader.report(breakerNode.location, object.path("breaker"), "no breaker guards \"\(cluster)\"; expected a cluster with a breaker")
                return nil
            }
            if let reachesNode = object["reaches"] {
                guard let state = reader.choice(reachesNode, object.path("reaches"), BreakerStateName.self),
                      let within = object.required("within", reader, expected: "a duration like \"2m30s\"").flatMap({ reader.duration($0, object.path("within")) })
                else { return nil }
                return .breakerReaches(cluster: cluster, state: state, within: within)
            }
            if let neverNode = object["never"] {
                return reader.choice(neverNode, object.path("never"), BreakerStateName.self).map { .breakerNever(cluster: cluster, state: $0) }
            }
            reader.report(object.location, path, "a breaker expectation needs \"reaches\" (with \"within\") or \"never\"")
            return nil
        }
        if let ratioNode = object["successRatio"] {
            guard let ratio = reader.object(ratioNode, object.path("successRatio"), known: ["min"]),
                  let minimum = ratio.required("min", reader, expected: "a ratio from 0 to 1").flatMap({ reader.number($0, ratio.path("min"), in: 0...1, expected: "a ratio from 0 to 1") })
            else { return nil }
            return .minimumSuccessRatio(minimum)
        }
        if let p99Node = object["p99"] {
            guard let p99 = reader.object(p99Node, object.path("p99"), known: ["max"]),
                  let maximum = p99.required("max", reader, expected: "a duration like \"80ms\"").flatMap({ reader.duration($0, p99.path("max")) })
            else { return nil }
            return .maximumP99(maximum)
        }
        reader.report(object.location, path, "expected one of: { breaker, reaches, within }, { breaker, never }, { successRatio: { min } }, { p99: { max } }")
        return nil
    }
}

enum LatencyDistributionName: String, CaseIterable {
    case constant, uniform, exponential, normal, lognormal
}

enum ChaosFaultKindName: String, CaseIterable {
    case error, latency, hang
}
