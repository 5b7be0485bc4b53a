/// The breakers section of the scenario format.
extension ScenarioDecoding {
    func breakerPolicies(_ node: JSON5Node, clusters: [String]) -> BreakerPolicies? {
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

    func breakerPolicy(_ node: JSON5Node, _ path: String) -> BreakerPolicy? {
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
}
