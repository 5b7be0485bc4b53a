/// The traffic section of the scenario format.
extension ScenarioDecoding {
    /// The sources that decoded, and for each the file index of every mix entry that decoded.
    func trafficList(_ node: JSON5Node) -> (Decoded<TrafficSpec>, [[Int]])? {
        guard let elements = reader.array(node, "traffic") else { return nil }
        if elements.isEmpty { reader.report(node.location, "traffic", "expected at least one traffic source") }
        var sources = Decoded<TrafficSpec>()
        var mixIndices: [[Int]] = []
        for (index, element) in elements.enumerated() {
            guard let (source, indices) = traffic(element, "traffic[\(index)]", index: index) else { continue }
            sources.append(source, at: index)
            mixIndices.append(indices)
        }
        return (sources, mixIndices)
    }

    func traffic(_ node: JSON5Node, _ path: String, index: Int) -> (TrafficSpec, [Int])? {
        guard let object = reader.object(node, path, known: ["name", "rate", "arrival", "start", "end", "mix"]) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "traffic-\(index)"
        let rate = object.required("rate", reader, expected: "requests per second").flatMap {
            reader.number($0, object.path("rate"), ScenarioLimits.rate)
        }
        let arrival = object["arrival"].map { reader.choice($0, object.path("arrival"), ArrivalProcess.self) } ?? .poisson
        let start = object["start"].map { reader.duration($0, object.path("start")) } ?? .zero
        let end: TimeSpan?? = object["end"].map { reader.duration($0, object.path("end")) }
        var mix: ScenarioDecoding.Decoded<RequestTemplate>?
        if let mixNode = object.required("mix", reader, expected: "an array of weighted requests"),
           let elements = reader.array(mixNode, object.path("mix")) {
            if elements.isEmpty { reader.report(mixNode.location, object.path("mix"), "expected at least one request") }
            var decoded = ScenarioDecoding.Decoded<RequestTemplate>()
            for (i, n) in elements.enumerated() {
                if let request = requestTemplate(n, "\(object.path("mix"))[\(i)]") { decoded.append(request, at: i) }
            }
            mix = decoded
        }
        guard let name, let rate, let arrival, let start, let mix, !mix.values.isEmpty else { return nil }
        if case .some(.none) = end { return nil }
        return (TrafficSpec(name: name, rate: rate, arrival: arrival, start: start, end: end ?? nil, mix: mix.values), mix.indices)
    }
}
