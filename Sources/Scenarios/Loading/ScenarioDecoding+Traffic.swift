/// The traffic section of the scenario format.
extension ScenarioDecoding {
    /// What the traffic section holds: the open-loop sources that decoded (with, for each, the file
    /// index of every mix entry that decoded), the scripts that decoded, and whether any element
    /// was written as an open-loop source (which needs routes).
    struct TrafficSection {
        var sources = Decoded<TrafficSpec>()
        var mixIndices: [[Int]] = []
        var scripts = Decoded<BreakerScript>()
        var writesOpenLoop = false
    }

    func trafficList(_ node: JSON5Node) -> TrafficSection? {
        guard let elements = reader.array(node, "traffic") else { return nil }
        if elements.isEmpty { reader.report(node.location, "traffic", "expected at least one traffic source") }
        var section = TrafficSection()
        for (index, element) in elements.enumerated() {
            let path = "traffic[\(index)]"
            if case .object(let members) = element.value, members.contains(where: { $0.key == "script" }) {
                if let script = script(element, path, index: index) { section.scripts.append(script, at: index) }
                continue
            }
            section.writesOpenLoop = true
            guard let (source, indices) = traffic(element, path, index: index) else { continue }
            section.sources.append(source, at: index)
            section.mixIndices.append(indices)
        }
        return section
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
