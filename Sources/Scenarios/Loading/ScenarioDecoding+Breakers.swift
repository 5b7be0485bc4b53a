/// The breakers section of the scenario format.
extension ScenarioDecoding {
    func breakerPolicies(_ node: JSON5Node) -> BreakerPolicies? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, "breakers", "expected an object with \"default\" and/or cluster names as keys, found \(node.value.kindDescription)")
            return nil
        }
        var policies = BreakerPolicies()
        for member in members {
            let path = "breakers.\(member.key)"
            guard let policy = breakerPolicy(member.value, path) else { continue }
            if member.key == "default" { policies.defaultPolicy = policy } else { policies.overrides.append((member.key, policy)) }
        }
        return policies
    }

    func breakerPolicy(_ node: JSON5Node, _ path: String) -> BreakerPolicy? {
        guard let object = reader.object(node, path, known: ["window", "minimumCalls", "failureRate", "openFor", "halfOpenCalls"]) else { return nil }
        let defaults = CountBreakerPolicy()
        var size: Int? = defaults.windowSize
        if let windowNode = object["window"] {
            guard let window = reader.object(windowNode, object.path("window"), known: ["type", "size"]) else { return nil }
            if let typeNode = window["type"], let type = reader.string(typeNode, window.path("type")), type != "count" {
                reader.report(typeNode.location, window.path("type"), "expected \"count\" (time-based windows are not built yet), found \"\(type)\"")
            }
            size = window["size"].map { reader.integer($0, window.path("size"), ScenarioLimits.windowSize) } ?? defaults.windowSize
        }
        let minimumCalls = object["minimumCalls"].map { reader.integer($0, object.path("minimumCalls"), ScenarioLimits.breakerCalls) } ?? defaults.minimumCalls
        let failureRate = object["failureRate"].map { reader.number($0, object.path("failureRate"), ScenarioLimits.failureRate) } ?? defaults.failureRate
        let openFor = object["openFor"].map { reader.duration($0, object.path("openFor"), allowZero: false) } ?? defaults.openFor
        let halfOpenCalls = object["halfOpenCalls"].map { reader.integer($0, object.path("halfOpenCalls"), ScenarioLimits.breakerCalls) } ?? defaults.halfOpenCalls
        guard let size, let minimumCalls, let failureRate, let openFor, let halfOpenCalls else { return nil }
        return .count(CountBreakerPolicy(windowSize: size, minimumCalls: minimumCalls, failureRate: failureRate, openFor: openFor, halfOpenCalls: halfOpenCalls))
    }
}
