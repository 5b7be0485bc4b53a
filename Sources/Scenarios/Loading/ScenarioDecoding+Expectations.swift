/// The expectations section of the scenario format: one expectation per object.
///
/// Each kind is told by one key (`reaches`, `never`, `state`, `opens`, `transitions` about a
/// breaker; `successRatio`, `p50` … `p999`, `attemptsPerRequest` about figures); `breaker` names
/// the breaker's cluster, `within` and `at` go with `reaches` and `state`, and `route` or
/// `cluster` narrow a figure to one route or one cluster.
extension ScenarioDecoding {
    static let breakerExpectationKinds = ["reaches", "never", "state", "opens", "transitions"]
    static let latencyExpectationKinds = LatencyQuantile.allCases.map(\.rawValue)
    static let figureExpectationKinds = ["successRatio"] + latencyExpectationKinds + ["attemptsPerRequest"]
    static let expectationKeys = ["breaker", "reaches", "within", "never", "state", "at", "opens", "transitions",
                                  "route", "cluster"] + figureExpectationKinds

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
        let keys = object.members.map(\.key)
        let kinds = keys.filter { Self.breakerExpectationKinds.contains($0) || Self.figureExpectationKinds.contains($0) }
        let aboutBreaker = kinds.contains { Self.breakerExpectationKinds.contains($0) }
        if kinds.count > 1 || (object["breaker"] != nil && kinds.contains { Self.figureExpectationKinds.contains($0) }) {
            let named = keys.filter { kinds.contains($0) || ($0 == "breaker" && !aboutBreaker) }
            reader.report(object.location, path, "one expectation per object, found \(named.map { "\"\($0)\"" }.joined(separator: " and ")); write each as its own entry")
            return nil
        }
        guard qualifiersFit(object, kind: kinds.first) else { return nil }
        if object["breaker"] != nil || aboutBreaker { return breakerExpectation(object, path, kind: kinds.first) }
        let scope: ExpectationScope
        if let routeNode = object["route"] {
            guard let route = reader.string(routeNode, object.path("route")) else { return nil }
            scope = .route(route)
        } else if let clusterNode = object["cluster"] {
            guard let cluster = reader.string(clusterNode, object.path("cluster")) else { return nil }
            scope = .cluster(cluster)
        } else {
            scope = .run
        }
        switch kinds.first {
        case "successRatio":
            guard let ratio = reader.object(object["successRatio"]!, object.path("successRatio"), known: ["min"]),
                  let minimum = ratio.required("min", reader, expected: "a ratio from 0 to 1").flatMap({ reader.number($0, ratio.path("min"), ScenarioLimits.ratio) })
            else { return nil }
            return scope == .run ? .minimumSuccessRatio(minimum) : .successRatio(min: minimum, of: scope)
        case "attemptsPerRequest":
            guard let range = expectedRange(object["attemptsPerRequest"]!, object.path("attemptsPerRequest"), ScenarioLimits.attemptsPerRequest)
            else { return nil }
            if case .route(let route) = scope { return .attemptsPerRequest(range, route: route) }
            return .attemptsPerRequest(range, route: nil)
        case let key?:
            guard let quantile = LatencyQuantile(rawValue: key),
                  let bound = reader.object(object[key]!, object.path(key), known: ["max"]),
                  let maximum = bound.required("max", reader, expected: "a duration like \"80ms\"").flatMap({ reader.duration($0, bound.path("max")) })
            else { return nil }
            return quantile == .p99 && scope == .run ? .maximumP99(maximum) : .latency(quantile, max: maximum, of: scope)
        case nil:
            switch scope {
            case .route: reader.report(object.location, path, "a route expectation needs \"successRatio\", one of \(Self.quantileList) or \"attemptsPerRequest\"")
            case .cluster: reader.report(object.location, path, "a cluster expectation needs \"successRatio\" or one of \(Self.quantileList)")
            case .run: reader.report(object.location, path, "expected one of: \(Self.expectationForms)")
            }
            return nil
        }
    }

    static let quantileList = latencyExpectationKinds.map { "\"\($0)\"" }.joined(separator: ", ")
    static let expectationForms = "{ breaker, reaches, within }, { breaker, never }, { breaker, state, at }, { breaker, opens: { min, max } }, "
        + "{ breaker, transitions: { min, max } }, { successRatio: { min } }, { p50 … p999: { max } }, { attemptsPerRequest: { min, max } } "
        + "(route or cluster narrow successRatio and p50 … p999; route narrows attemptsPerRequest)"

    /// `within`, `at`, `route` and `cluster` each belong to some kinds only; one that does not fit is reported at its key.
    private func qualifiersFit(_ object: ObjectNode, kind: String?) -> Bool {
        var fit = true
        func refuse(_ key: String, _ message: String) {
            guard let node = object[key] else { return }
            reader.report(node.location, object.path(key), message)
            fit = false
        }
        if object["reaches"] == nil { refuse("within", "only used with \"reaches\"") }
        if object["state"] == nil { refuse("at", "only used with \"state\"") }
        let aboutBreaker = object["breaker"] != nil || kind.map(Self.breakerExpectationKinds.contains) == true
        if aboutBreaker {
            refuse("route", "only used with \"successRatio\", \(Self.quantileList) and \"attemptsPerRequest\"; a breaker is named by \"breaker\"")
            refuse("cluster", "only used with \"successRatio\" and \(Self.quantileList); a breaker is named by \"breaker\"")
        } else if object["route"] != nil && object["cluster"] != nil {
            refuse("cluster", "an expectation looks at one route or one cluster; found both \"route\" and \"cluster\"")
        } else if kind == "attemptsPerRequest" {
            refuse("cluster", "attempts per request are counted for the run or a route (\"route\"), not per cluster")
        }
        return fit
    }

    private func breakerExpectation(_ object: ObjectNode, _ path: String, kind: String?) -> Expectation? {
        guard let breakerNode = object.required("breaker", reader, expected: "the cluster whose breaker this is about"),
              let cluster = reader.string(breakerNode, object.path("breaker")) else { return nil }
        switch kind {
        case "reaches":
            guard let state = reader.choice(object["reaches"]!, object.path("reaches"), BreakerStateName.self),
                  let within = object.required("within", reader, expected: "a duration like \"2m30s\"").flatMap({ reader.duration($0, object.path("within")) })
            else { return nil }
            return .breakerReaches(cluster: cluster, state: state, within: within)
        case "never":
            return reader.choice(object["never"]!, object.path("never"), BreakerStateName.self).map { .breakerNever(cluster: cluster, state: $0) }
        case "state":
            guard let state = reader.choice(object["state"]!, object.path("state"), BreakerStateName.self),
                  let at = object.required("at", reader, expected: "an instant like \"30s\"").flatMap({ reader.duration($0, object.path("at")) })
            else { return nil }
            return .breakerState(cluster: cluster, state: state, at: at)
        case "opens":
            return expectedCount(object["opens"]!, object.path("opens")).map { .breakerOpens(cluster: cluster, $0) }
        case "transitions":
            return expectedCount(object["transitions"]!, object.path("transitions")).map { .breakerTransitions(cluster: cluster, $0) }
        default:
            reader.report(object.location, path,
                          "a breaker expectation needs \"reaches\" (with \"within\"), \"never\", \"state\" (with \"at\"), \"opens\" or \"transitions\"")
            return nil
        }
    }

    /// `{ min, max }`, either or both, each a number the rule accepts. Whether min ≤ max is `ScenarioValidation`'s to say.
    func expectedRange(_ node: JSON5Node, _ path: String, _ rule: NumberRule) -> ExpectedRange<Double>? {
        guard let object = reader.object(node, path, known: ["min", "max"]) else { return nil }
        guard object["min"] != nil || object["max"] != nil else {
            reader.report(object.location, path, "expected \"min\", \"max\" or both, each \(rule.expected)")
            return nil
        }
        let minimum = object["min"].map { reader.number($0, object.path("min"), rule) }
        let maximum = object["max"].map { reader.number($0, object.path("max"), rule) }
        if minimum == .some(nil) || maximum == .some(nil) { return nil }
        return ExpectedRange(min: minimum ?? nil, max: maximum ?? nil)
    }

    private func expectedCount(_ node: JSON5Node, _ path: String) -> ExpectedRange<Int>? {
        expectedRange(node, path, ScenarioLimits.breakerChanges).map { ExpectedRange(min: $0.min.map { Int($0) }, max: $0.max.map { Int($0) }) }
    }
}
