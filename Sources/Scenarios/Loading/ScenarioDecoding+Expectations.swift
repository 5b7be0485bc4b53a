/// The expectations section of the scenario format.
extension ScenarioDecoding {
    func expectationList(_ node: JSON5Node, clusters: [String], breakers: BreakerPolicies) -> [Expectation]? {
        guard let elements = reader.array(node, "expect") else { return nil }
        return elements.enumerated().compactMap { index, element in expectation(element, "expect[\(index)]", clusters: clusters, breakers: breakers) }
    }

    func expectation(_ node: JSON5Node, _ path: String, clusters: [String], breakers: BreakerPolicies) -> Expectation? {
        guard let object = reader.object(node, path, known: ["breaker", "reaches", "within", "never", "successRatio", "p99"]) else { return nil }
        if let breakerNode = object["breaker"] {
            guard let cluster = reader.string(breakerNode, object.path("breaker")) else { return nil }
            guard clusters.contains(cluster), breakers.policy(for: cluster) != nil else {
                reader.report(breakerNode.location, object.path("breaker"), "no breaker guards \"\(cluster)\"; expected a cluster with a breaker")
                return nil
            }
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
                  let minimum = ratio.required("min", reader, expected: "a ratio from 0 to 1").flatMap({ reader.number($0, ratio.path("min"), in: 0...1, expected: "a ratio from 0 to 1") })
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
