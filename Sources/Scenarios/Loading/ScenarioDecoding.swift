/// The scenario format's grammar: which keys each object has, their types and ranges.
///
/// Decoding checks each value as it reads it and keeps every entry that decodes; the rules that
/// relate entries to each other (names, routing, protocols, chaos inside the run) are
/// `ScenarioValidation`'s, run on what decoded with the names the file declared, so a broken
/// entry is reported once and not again by everything that refers to it.
struct ScenarioDecoding {
    let reader: NodeReader

    static let topLevelKeys = ["name", "seed", "duration", "clusters", "routes", "breakers", "traffic", "actions", "chaos", "modes", "presets", "expect"]

    /// Entries that decoded, with their index in the file's array.
    struct Decoded<Element> {
        var values: [Element] = []
        var indices: [Int] = []
        mutating func append(_ value: Element, at index: Int) { values.append(value); indices.append(index) }
    }

    func scenario(_ root: JSON5Node) -> Scenario? {
        guard let top = reader.object(root, "", known: Self.topLevelKeys) else { return nil }
        let name = top.required("name", reader, expected: "a string naming the scenario").flatMap { reader.string($0, "name") }
        let seed = top["seed"].map { reader.integer($0, "seed", ScenarioLimits.seed) } ?? 1
        let duration = top.required("duration", reader, expected: "a duration like \"10m\"")
            .flatMap { reader.duration($0, "duration", allowZero: false) }
        let clustersNode = top.required("clusters", reader, expected: "an array of clusters")
        let clusters = clustersNode.flatMap { clusterList($0) } ?? Decoded()
        let routesNode = top["routes"]
        let routes = routesNode.flatMap { routeList($0) } ?? Decoded()
        let breakers = top["breakers"].flatMap { breakerPolicies($0) } ?? BreakerPolicies()
        let traffic = top.required("traffic", reader, expected: "an array of traffic sources").flatMap { trafficList($0) }
            ?? TrafficSection()
        // Only scripted traffic may go without routes: it calls a breaker, not a route.
        if routesNode == nil && (traffic.writesOpenLoop || top["traffic"] == nil) {
            reader.report(top.location, "routes", "missing; expected an array of routes")
        }
        let actions = top["actions"].flatMap { actionList($0) } ?? Decoded()
        let chaos = top["chaos"].flatMap { chaosList($0) } ?? Decoded()
        let presets = top["presets"].flatMap { presetList($0) } ?? Decoded()
        let modes = top["modes"].flatMap { modeList($0, presets: presets.values, declaredPresets: top["presets"].map(declaredPresetNames) ?? []) }
            ?? Decoded()
        let expectations = top["expect"].flatMap { expectationList($0) } ?? Decoded()

        // Placeholders for a missing name or duration: the cross-checks still run, and no check
        // can fault them (the missing key is already reported).
        let model = Scenario(name: name ?? "-", seed: UInt64(seed ?? 1), duration: duration ?? ScenarioLimits.longestDuration,
                             clusters: clusters.values, routes: routes.values, breakers: breakers, traffic: traffic.sources.values,
                             scripts: traffic.scripts.values, actions: actions.values, chaos: chaos.values, expectations: expectations.values,
                             modes: modes.values, presets: presets.values)
        let declared = DeclaredScenario(
            clusterNames: clustersNode.map(declaredClusterNames) ?? [],
            breakerKeys: top["breakers"].map(declaredBreakerKeys) ?? [],
            routes: routesNode.map { routeOutlines($0, decoded: routes.indices) } ?? [],
            clusterIndices: clusters.indices, routeIndices: routes.indices, trafficIndices: traffic.sources.indices,
            mixIndices: traffic.mixIndices, scriptIndices: traffic.scripts.indices, actionIndices: actions.indices, chaosIndices: chaos.indices, expectationIndices: expectations.indices,
            modeIndices: modes.indices)
        for problem in ScenarioValidation.problems(of: model, declared: declared) {
            reader.report(root.location(ofKeyPath: problem.path), problem.path, problem.message)
        }
        guard name != nil, seed != nil, duration != nil else { return nil }
        return model
    }

    /// Every cluster name written, broken clusters included.
    func declaredClusterNames(_ node: JSON5Node) -> [String] {
        guard case .array(let elements) = node.value else { return [] }
        return elements.compactMap { element in
            guard case .object(let members) = element.value, let name = members.first(where: { $0.key == "name" }),
                  case .string(let text) = name.value.value else { return nil }
            return text
        }
    }

    func declaredBreakerKeys(_ node: JSON5Node) -> [String] {
        guard case .object(let members) = node.value else { return [] }
        return members.map(\.key)
    }

    /// Every route's match as written, so a request is not said to match no route because the
    /// route that takes it is broken elsewhere.
    func routeOutlines(_ node: JSON5Node, decoded: [Int]) -> [RouteOutline] {
        guard case .array(let elements) = node.value else { return [] }
        return elements.enumerated().map { index, element in
            let decodedIndex = decoded.firstIndex(of: index)
            guard case .object(let members) = element.value, let match = members.first(where: { $0.key == "match" }),
                  case .object(let matchMembers) = match.value.value,
                  let pathMember = matchMembers.first(where: { $0.key == "path" }), case .string(let pattern) = pathMember.value.value
            else { return RouteOutline(pattern: nil, method: nil, decoded: decodedIndex) }
            switch matchMembers.first(where: { $0.key == "method" })?.value.value {
            case .none: return RouteOutline(pattern: pattern, method: nil, decoded: decodedIndex)
            case .string(let method)?: return RouteOutline(pattern: pattern, method: method.uppercased(), decoded: decodedIndex)
            default: return RouteOutline(pattern: nil, method: nil, decoded: decodedIndex)
            }
        }
    }
}

enum LatencyDistributionName: String, CaseIterable {
    case constant, uniform, exponential, normal, lognormal
}

enum ChaosFaultKindName: String, CaseIterable {
    case error, latency, hang, timeout, reset, down, bandwidth
    case slowClose = "slow_close", slicer, limitData = "limit_data", emptyResponse = "empty_response"
    case malformedResponse = "malformed_response", randomDataThenClose = "random_data_then_close", grpc, websocket, graphql
}

enum ModeKindName: String, CaseIterable {
    case healthy, degraded, error, chaos
}
