/// The chaos section of the scenario format: windows, their targets, sequences and matches.
/// The faults themselves are `ScenarioDecoding+ChaosFault.swift`'s.
extension ScenarioDecoding {
    static let chaosKeys = ["name", "at", "for", "target", "route", "backend", "fault", "first", "every", "after", "match"]

    func chaosList(_ node: JSON5Node) -> Decoded<ChaosSpec>? {
        guard let elements = reader.array(node, "chaos") else { return nil }
        var decoded = Decoded<ChaosSpec>()
        for (index, element) in elements.enumerated() {
            if let entry = chaos(element, "chaos[\(index)]", index: index) { decoded.append(entry, at: index) }
        }
        return decoded
    }

    func chaos(_ node: JSON5Node, _ path: String, index: Int) -> ChaosSpec? {
        guard let object = reader.object(node, path, known: Self.chaosKeys) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "chaos-\(index)"
        let at = object["at"].map { reader.duration($0, object.path("at")) } ?? .zero
        let duration: TimeSpan?? = object["for"].map { reader.duration($0, object.path("for"), allowZero: false) }
        let target = chaosTarget(object, path)
        let fault = object.required("fault", reader, expected: "a fault like { kind: \"error\", status: 503, rate: 0.5 }")
            .flatMap { self.fault($0, object.path("fault")) }
        let first: Int?? = object["first"].map { reader.integer($0, object.path("first"), ScenarioLimits.sequenceFirst) }
        let every: Int?? = object["every"].map { reader.integer($0, object.path("every"), ScenarioLimits.sequenceEvery) }
        let after: Int?? = object["after"].map { reader.integer($0, object.path("after"), ScenarioLimits.sequenceAfter) }
        let match: ChaosMatch?? = object["match"].map { chaosMatch($0, object.path("match")) }
        guard let name, let at, let target, let fault else { return nil }
        if case .some(.none) = duration { return nil }
        for part in [first, every, after] { if case .some(.none) = part { return nil } }
        if case .some(.none) = match { return nil }
        return ChaosSpec(name: name, at: at, duration: duration ?? nil, target: target, fault: fault,
                         sequence: ChaosSequence(first: first ?? nil, every: every ?? nil, after: after ?? nil), match: match ?? nil)
    }

    /// `target: "cluster"` (with `backend: N` for one of its backends) or `route: "name"`.
    private func chaosTarget(_ object: ObjectNode, _ path: String) -> ChaosTarget? {
        switch (object["target"], object["route"]) {
        case (.some(let node), .none):
            guard let cluster = reader.string(node, object.path("target")) else { return nil }
            guard let backendNode = object["backend"] else { return .cluster(cluster) }
            return reader.integer(backendNode, object.path("backend"), ScenarioLimits.backendIndex).map { .backend(cluster: cluster, index: $0) }
        case (.none, .some(let node)):
            if let backend = object["backend"] {
                reader.report(backend.location, object.path("backend"), "a backend belongs to a cluster; give target: CLUSTER with it, not route")
                return nil
            }
            return reader.string(node, object.path("route")).map { .route($0) }
        case (.some, .some(let node)):
            reader.report(node.location, object.path("route"), "give either target (a cluster) or route, not both")
            return nil
        case (.none, .none):
            reader.report(object.location, object.path("target"), "missing; expected a cluster name (target) or a route name (route)")
            return nil
        }
    }

    /// `match: { method, path, header: { name: value }, operation }`.
    private func chaosMatch(_ node: JSON5Node, _ path: String) -> ChaosMatch? {
        guard let object = reader.object(node, path, known: ["method", "path", "header", "operation"]) else { return nil }
        let method: String?? = object["method"].map { reader.string($0, object.path("method")) }
        let pattern: String?? = object["path"].map { reader.string($0, object.path("path")) }
        let operation: String?? = object["operation"].map { reader.string($0, object.path("operation")) }
        var headers: [(name: String, value: String)] = []
        var broken = false
        if let headerNode = object["header"] {
            if case .object(let members) = headerNode.value {
                for member in members {
                    if let value = reader.string(member.value, ObjectNode.join(object.path("header"), member.key), nonEmpty: false) {
                        headers.append((member.key, value))
                    } else {
                        broken = true
                    }
                }
            } else {
                reader.report(headerNode.location, object.path("header"), "expected an object of header names and values, found \(headerNode.value.kindDescription)")
                broken = true
            }
        }
        for part in [method, pattern, operation] { if case .some(.none) = part { return nil } }
        if broken { return nil }
        return ChaosMatch(method: method ?? nil, path: pattern ?? nil, headers: headers, operation: operation ?? nil)
    }
}
