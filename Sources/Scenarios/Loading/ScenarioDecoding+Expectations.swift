/// The expectations section of the scenario format: one expectation per object.
extension ScenarioDecoding {
    static let expectationKeys = ["breaker", "reaches", "within", "never", "successRatio", "p99"]

    func expectationList(_ node: JSON5Node) -> Decoded<Expectation>? {
        guard let elements = reader.array(node, "expect") else { return nil }
        var decoded = Decoded<Expectation>()
        for (index, element) in elements.enumerated() {
            if let expectation = expectation(element, "expect[\(index)]") { decoded.append(expectation, at: index) }
        }
        return decoded
    }

    func expectation(_ node: JSON5Node, _ path: String) -> Expectation? {
        guard let object = reader.object(node, path, known: Self.expectationKeys) else { return nil }
        // Each kind is told by one key; `breaker` belongs to reaches and never.
        let kinds = object.members.map(\.key).filter { ["reaches", "never", "successRatio", "p99"].contains($0) }
        if kinds.count > 1 || (object["breaker"] != nil && kinds.contains(where: { $0 == "successRatio" || $0 == "p99" })) {
            let named = object.members.map(\.key).filter { $0 != "within" && ($0 != "breaker" || !kinds.contains { $0 == "reaches" || $0 == "never" }) }
            reader.report(object.location, path, "one expectation per object, found \(named.map { "\"\($0)\"" }.joined(separator: " and ")); write each as its own entry")
            return nil
        }
        if let withinNode = object["within"], object["reaches"] == nil {
            reader.report(withinNode.location, object.path("within"), "only used with \"reaches\"")
            return nil
        }
        if object["breaker"] != nil || object["reaches"] != nil || object["never"] != nil {
            guard let breakerNode = object.required("breaker", reader, expected: "the cluster whose breaker this is about"),
                  let cluster = reader.string(breakerNode, object.path("breaker")) else { return nil }
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
                  let minimum = ratio.required("min", reader, expected: "a ratio from 0 to 1").flatMap({ reader.number($0, ratio.path("min"), ScenarioLimits.ratio) })
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
