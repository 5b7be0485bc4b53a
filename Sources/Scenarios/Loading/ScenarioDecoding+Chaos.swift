/// The chaos section of the scenario format.
extension ScenarioDecoding {
    func chaosList(_ node: JSON5Node) -> Decoded<ChaosSpec>? {
        guard let elements = reader.array(node, "chaos") else { return nil }
        var decoded = Decoded<ChaosSpec>()
        for (index, element) in elements.enumerated() {
            if let entry = chaos(element, "chaos[\(index)]", index: index) { decoded.append(entry, at: index) }
        }
        return decoded
    }

    func chaos(_ node: JSON5Node, _ path: String, index: Int) -> ChaosSpec? {
        guard let object = reader.object(node, path, known: ["name", "at", "for", "target", "fault"]) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "chaos-\(index)"
        let at = object.required("at", reader, expected: "a start time like \"2m\"").flatMap { reader.duration($0, object.path("at")) }
        let duration = object.required("for", reader, expected: "a duration like \"3m\"").flatMap { reader.duration($0, object.path("for"), allowZero: false) }
        let target = object.required("target", reader, expected: "a cluster name").flatMap { reader.string($0, object.path("target")) }
        let fault = object.required("fault", reader, expected: "a fault like { kind: \"error\", status: 503, rate: 0.5 }")
            .flatMap { self.fault($0, object.path("fault")) }
        guard let name, let at, let duration, let target, let fault else { return nil }
        return ChaosSpec(name: name, at: at, duration: duration, target: target, fault: fault)
    }

    func fault(_ node: JSON5Node, _ path: String) -> ChaosFault? {
        guard let object = reader.object(node, path, known: ["kind", "rate", "status", "delay"]) else { return nil }
        guard let kindNode = object.required("kind", reader, expected: "one of \"error\", \"latency\", \"hang\""),
              let kind = reader.choice(kindNode, object.path("kind"), ChaosFaultKindName.self) else { return nil }
        let rate = object["rate"].map { reader.number($0, object.path("rate"), ScenarioLimits.chaosRate) } ?? 1
        guard let rate else { return nil }
        switch kind {
        case .error:
            if let n = object["delay"] { reader.report(n.location, object.path("delay"), "not used by an error fault") }
            let status = object["status"].map { reader.integer($0, object.path("status"), ScenarioLimits.status) } ?? 503
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
}
