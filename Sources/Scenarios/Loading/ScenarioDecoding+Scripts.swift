/// Scripted traffic (`traffic[i].script`) and the scenario's breaker `actions`.
extension ScenarioDecoding {
    static let stepKinds = ["call", "try", "complete", "record", "release", "check", "op"]

    /// A traffic source with `script`. A script with any broken step is dropped whole (its errors
    /// are reported), so no step is judged against a neighbour that did not decode.
    func script(_ node: JSON5Node, _ path: String, index: Int) -> BreakerScript? {
        guard let object = reader.object(node, path, known: ["name", "script"]) else { return nil }
        let name = object["name"].map { reader.string($0, object.path("name")) } ?? "traffic-\(index)"
        guard let scriptNode = object["script"],
              let script = reader.object(scriptNode, object.path("script"), known: ["target", "steps"]) else { return nil }
        let target = script.required("target", reader, expected: "the name of the cluster whose breaker the steps drive")
            .flatMap { reader.string($0, script.path("target")) }
        var steps: [ScriptStep]?
        if let stepsNode = script.required("steps", reader, expected: "an array of steps like { at: \"1s\", call: \"failure\" }"),
           let elements = reader.array(stepsNode, script.path("steps")) {
            if elements.isEmpty { reader.report(stepsNode.location, script.path("steps"), "expected at least one step") }
            let decoded = elements.enumerated().map { step($1, "\(script.path("steps"))[\($0)]") }
            steps = decoded.contains { $0 == nil } ? nil : decoded.compactMap { $0 }
        }
        guard let name, let target, let steps, !steps.isEmpty else { return nil }
        return BreakerScript(name: name, target: target, steps: steps)
    }

    private func step(_ node: JSON5Node, _ path: String) -> ScriptStep? {
        guard let object = reader.object(node, path, known: ["at"] + Self.stepKinds + ["duration", "outcome", "wait"]) else { return nil }
        let at = object.required("at", reader, expected: "an instant like \"1s\"").flatMap { reader.duration($0, object.path("at")) }
        let kinds = Self.stepKinds.filter { object[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            reader.report(node.location, path, kinds.isEmpty
                ? "expected one of the keys \(Self.stepKinds.map { "\"\($0)\"" }.joined(separator: ", "))"
                : "expected one step kind, found \(kinds.map { "\"\($0)\"" }.joined(separator: " and "))")
            return nil
        }
        let allowed: [String: [String]] = ["call": ["duration"], "complete": ["outcome", "duration"], "record": ["duration"], "op": ["wait"]]
        for extra in ["duration", "outcome", "wait"] where object[extra] != nil && !(allowed[kind] ?? []).contains(extra) {
            reader.report(object[extra]!.location, object.path(extra), "not used by a \"\(kind)\" step")
            return nil
        }
        let value = object[kind]!
        let duration = object["duration"].map { reader.duration($0, object.path("duration")) } ?? .zero
        guard let at, let duration else { return nil }
        let action: ScriptStep.Action?
        switch kind {
        case "call":
            action = reader.choice(value, object.path("call"), CallVerdict.self).map { .call($0, duration: duration) }
        case "try":
            action = reader.string(value, object.path("try")).map { .attempt(name: $0) }
        case "complete":
            let name = reader.string(value, object.path("complete"))
            let verdict = object.required("outcome", reader, expected: "one of \"success\", \"failure\", \"ignored\"")
                .flatMap { reader.choice($0, object.path("outcome"), CallVerdict.self) }
            guard let name, let verdict else { return nil }
            action = .complete(name: name, verdict: verdict, duration: object["duration"] == nil ? nil : duration)
        case "record":
            action = reader.choice(value, object.path("record"), CallVerdict.self).map { .record($0, duration: duration) }
        case "release", "check":
            guard let flag = reader.bool(value, object.path(kind)) else { return nil }
            guard flag else {
                reader.report(value.location, object.path(kind), "expected true (leave the step out otherwise)")
                return nil
            }
            action = kind == "release" ? .release : .check
        default:
            action = operation(value, object, path).map { .operation($0) }
        }
        return action.map { ScriptStep(at: at, $0) }
    }

    /// `op: "reset"`, or `op: "transition_to_open_for"` with `wait` in the same object.
    private func operation(_ node: JSON5Node, _ object: ObjectNode, _ path: String) -> BreakerOperation? {
        guard let name = reader.string(node, object.path("op")) else { return nil }
        guard BreakerOperation.names.contains(name) else {
            reader.report(node.location, object.path("op"), "expected one of \(BreakerOperation.names.map { "\"\($0)\"" }.joined(separator: ", ")), found \"\(name)\""
                          + Suggestion.hint(for: name, in: BreakerOperation.names, quote: "\""))
            return nil
        }
        let wait: TimeSpan?? = object["wait"].map { reader.duration($0, object.path("wait"), allowZero: false) }
        if case .some(.none) = wait { return nil }
        if name == "transition_to_open_for" {
            guard let wait = wait ?? nil else {
                reader.report(object.location, object.path("wait"), "missing; expected how long transition_to_open_for keeps the breaker open, like \"30s\"")
                return nil
            }
            return BreakerOperation(name: name, wait: wait)
        }
        if let waitNode = object["wait"] {
            reader.report(waitNode.location, object.path("wait"), "only transition_to_open_for takes a wait")
            return nil
        }
        return BreakerOperation(name: name, wait: nil)
    }

    func actionList(_ node: JSON5Node) -> Decoded<BreakerAction>? {
        guard let elements = reader.array(node, "actions") else { return nil }
        var decoded = Decoded<BreakerAction>()
        for (index, element) in elements.enumerated() {
            let path = "actions[\(index)]"
            guard let object = reader.object(element, path, known: ["at", "breaker", "op", "wait"]) else { continue }
            let at = object.required("at", reader, expected: "an instant like \"30s\"").flatMap { reader.duration($0, object.path("at")) }
            let breaker = object.required("breaker", reader, expected: "the name of a cluster with a breaker")
                .flatMap { reader.string($0, object.path("breaker")) }
            let operation = object.required("op", reader, expected: "one of \(BreakerOperation.names.map { "\"\($0)\"" }.joined(separator: ", "))")
                .flatMap { self.operation($0, object, path) }
            guard let at, let breaker, let operation else { continue }
            decoded.append(BreakerAction(at: at, breaker: breaker, operation: operation), at: index)
        }
        return decoded
    }
}
