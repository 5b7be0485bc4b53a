/// The traffic section of the scenario format.
extension ScenarioDecoding {
    func trafficList(_ node: JSON5Node, routes: [RouteSpec], clusters: [ClusterSpec]) -> [TrafficSpec]? {
        guard let elements = reader.array(node, "traffic") else { return nil }
        if elements.isEmpty { reader.report(node.location, "traffic", "expected at least one traffic source") }
        return elements.enumerated().compactMap { index, element in traffic(element, "traffic[\(index)]", index: index, routes: routes, clusters: clusters) }
    }

    func traffic(_ node: JSON5Node, _ path: String, index: Int, routes: [RouteSpec], clusters: [ClusterSpec]) -> TrafficSpec? {
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
            mix = elements.enumerated().compactMap { i, n in requestTemplate(n, "\(object.path("mix"))[\(i)]", routes: routes, clusters: clusters) }
        }
        guard let name, let rate, let arrival, let start, let mix, !mix.isEmpty else { return nil }
        if case .some(.none) = end { return nil }
        if let e = end ?? nil, e <= start {
            reader.report(object["end"]?.location, object.path("end"), "must be after start (\(start)), found \(e)")
            return nil
        }
        return TrafficSpec(name: name, rate: rate, arrival: arrival, start: start, end: end ?? nil, mix: mix)
    }
}
