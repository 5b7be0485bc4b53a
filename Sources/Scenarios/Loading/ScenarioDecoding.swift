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
            .flatMap { trafficList($0, routes: routes, clusters: clusters) } ?? []
        checkRouteProtocols(routes, clusters: clusters, node: top["routes"])
        let templateCount = traffic.reduce(0) { $0 + $1.mix.count }
        if templateCount > Scenario.maximumRequestTemplates {
            reader.report(top["traffic"]?.location, "traffic",
                          "at most \(Scenario.maximumRequestTemplates) mix entries in all traffic sources together, found \(templateCount)")
        }
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
}

enum LatencyDistributionName: String, CaseIterable {
    case constant, uniform, exponential, normal, lognormal
}

enum ChaosFaultKindName: String, CaseIterable {
    case error, latency, hang
}
