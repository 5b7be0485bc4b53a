import Protocols

/// A chaos window's `fault`: `kind`, `rate` (a probability, or `{ from, to }` rising across the
/// window) and the kind's own keys. A key another kind uses is an error (`not used by a latency fault`).
extension ScenarioDecoding {
    static let faultKeys = ["kind", "rate", "status", "statuses", "delay", "jitter", "spikeProbability", "spike", "timeout",
                            "bytesPerSecond", "averageSize", "sizeVariation", "bytes", "grpc", "websocket", "graphql"]

    /// The keys each kind reads beyond `kind` and `rate`.
    static func faultKeys(of kind: ChaosFaultKindName) -> [String] {
        switch kind {
        case .error: return ["status", "statuses"]
        case .latency: return ["delay", "jitter", "spikeProbability", "spike"]
        case .hang, .down, .emptyResponse, .malformedResponse, .randomDataThenClose: return []
        case .timeout, .reset: return ["timeout"]
        case .bandwidth: return ["bytesPerSecond"]
        case .slowClose: return ["delay"]
        case .slicer: return ["averageSize", "sizeVariation", "delay"]
        case .limitData: return ["bytes"]
        case .grpc: return ["grpc"]
        case .websocket: return ["websocket"]
        case .graphql: return ["graphql"]
        }
    }

    /// "a" or "an", for messages naming a kind.
    static func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

    func fault(_ node: JSON5Node, _ path: String) -> ChaosFault? {
        guard let object = reader.object(node, path, known: Self.faultKeys) else { return nil }
        guard let kindNode = object.required("kind", reader, expected: "one of \"error\", \"latency\", \"hang\", … (Docs/SCENARIOS.md, Chaos)"),
              let kind = reader.choice(kindNode, object.path("kind"), ChaosFaultKindName.self) else { return nil }
        let rate = object["rate"].map { chaosRate($0, object.path("rate")) } ?? ChaosRate(1)
        let used = Self.faultKeys(of: kind)
        for key in Self.faultKeys where key != "kind" && key != "rate" && !used.contains(key) {
            if let n = object[key] { reader.report(n.location, object.path(key), "not used by \(Self.article(kind.rawValue)) \(kind.rawValue) fault") }
        }
        guard let rate, let faultKind = faultKind(kind, object) else { return nil }
        return ChaosFault(kind: faultKind, rate: rate)
    }

    private func faultKind(_ kind: ChaosFaultKindName, _ object: ObjectNode) -> ChaosFaultKind? {
        func span(_ key: String, default value: TimeSpan? = nil, positive: Bool = false) -> TimeSpan? {
            guard let node = object[key] else {
                if let value { return value }
                reader.report(object.location, object.path(key), "missing; expected a duration like \"200ms\"")
                return nil
            }
            return reader.duration(node, object.path(key), allowZero: !positive)
        }
        func whole(_ key: String, _ rule: NumberRule, default value: Int? = nil) -> Int? {
            guard let node = object[key] else {
                if let value { return value }
                reader.report(object.location, object.path(key), "missing; expected \(rule.expected)")
                return nil
            }
            return reader.integer(node, object.path(key), rule)
        }
        switch kind {
        case .error:
            if object["status"] != nil && object["statuses"] != nil {
                reader.report(object.location, object.path("statuses"), "give either status or statuses, not both")
                return nil
            }
            if let list = object["statuses"] {
                guard let elements = reader.array(list, object.path("statuses")) else { return nil }
                if elements.isEmpty { reader.report(list.location, object.path("statuses"), "expected at least one status") }
                let statuses = elements.enumerated().map { reader.integer($1, "\(object.path("statuses"))[\($0)]", ScenarioLimits.status) }
                guard !elements.isEmpty, statuses.allSatisfy({ $0 != nil }) else { return nil }
                return .error(statuses: statuses.map { $0! })
            }
            return whole("status", ScenarioLimits.status, default: 503).map { .error(statuses: [$0]) }
        case .latency:
            return latencyFault(object)
        case .hang: return .hang
        case .timeout: return span("timeout").map { .timeout(hold: $0) }
        case .reset: return span("timeout", default: .zero).map { .reset(after: $0) }
        case .down: return .down
        case .bandwidth:
            guard let node = object.required("bytesPerSecond", reader, expected: ScenarioLimits.bytesPerSecond.expected) else { return nil }
            return reader.number(node, object.path("bytesPerSecond"), ScenarioLimits.bytesPerSecond).map { .bandwidth(bytesPerSecond: $0) }
        case .slowClose: return span("delay", positive: true).map { .slowClose(delay: $0) }
        case .slicer:
            guard let average = whole("averageSize", ScenarioLimits.sliceSize), let variation = whole("sizeVariation", ScenarioLimits.sliceVariation, default: 0),
                  let delay = span("delay", default: .zero) else { return nil }
            return .slicer(averageSize: average, sizeVariation: variation, delay: delay)
        case .limitData: return whole("bytes", ScenarioLimits.dataLimit).map { .limitData(bytes: $0) }
        case .emptyResponse: return .emptyResponse
        case .malformedResponse: return .malformedResponse
        case .randomDataThenClose: return .randomDataThenClose
        case .grpc: return object.required("grpc", reader, expected: "{ code: \"UNAVAILABLE\", message }").flatMap { grpcFault($0, object.path("grpc")) }
        case .websocket:
            return object.required("websocket", reader, expected: "{ close: 1011, reason } or { drop: \"client\" }")
                .flatMap { webSocketFault($0, object.path("websocket")) }
        case .graphql:
            return object.required("graphql", reader, expected: "{ fields: [\"Type.field\"], message }").flatMap { graphQLFault($0, object.path("graphql")) }
        }
    }

    /// A probability, or `{ from, to }`: a rate rising (or falling) linearly across the window.
    func chaosRate(_ node: JSON5Node, _ path: String) -> ChaosRate? {
        if case .object = node.value {
            guard let object = reader.object(node, path, known: ["from", "to"]) else { return nil }
            let from = object.required("from", reader, expected: "the rate at the window's start, a probability from 0 to 1")
                .flatMap { reader.number($0, object.path("from"), ScenarioLimits.chaosRate) }
            let to = object.required("to", reader, expected: "the rate at the window's end, a probability from 0 to 1")
                .flatMap { reader.number($0, object.path("to"), ScenarioLimits.chaosRate) }
            guard let from, let to else { return nil }
            return ChaosRate(from: from, to: to)
        }
        guard case .number = node.value else {
            reader.report(node.location, path, "expected a probability from 0 to 1 or a ramp { from, to }, found \(node.value.kindDescription)")
            return nil
        }
        return reader.number(node, path, ScenarioLimits.chaosRate).map { ChaosRate($0) }
    }

    /// `delay`: a duration, a ramp `{ from, to }` or a distribution `{ dist, … }` as a cluster's
    /// latency; `jitter`; `spikeProbability` with `spike: { min, max }`.
    private func latencyFault(_ object: ObjectNode) -> ChaosFaultKind? {
        guard let delayNode = object.required("delay", reader, expected: "a duration like \"200ms\", a ramp { from, to } or a distribution { dist, … }")
        else { return nil }
        let delayPath = object.path("delay")
        var shape: ChaosLatency.Shape?
        if case .object(let members) = delayNode.value, !members.contains(where: { $0.key == "dist" }) {
            if let ramp = reader.object(delayNode, delayPath, known: ["from", "to"]) {
                let from = ramp.required("from", reader, expected: "the delay at the window's start, like \"10ms\"").flatMap { reader.duration($0, ramp.path("from")) }
                let to = ramp.required("to", reader, expected: "the delay at the window's end, like \"500ms\"").flatMap { reader.duration($0, ramp.path("to")) }
                if let from, let to { shape = .ramp(from: from, to: to) }
            }
        } else if case .object = delayNode.value {
            shape = latency(delayNode, delayPath).map { .distribution($0) }
        } else {
            shape = reader.duration(delayNode, delayPath, allowZero: false).map { .fixed($0) }
        }
        let jitter = object["jitter"].map { reader.duration($0, object.path("jitter")) } ?? .zero
        var spike: LatencySpike?? = nil
        switch (object["spikeProbability"], object["spike"]) {
        case (.none, .none): break
        case (.some(let probabilityNode), .some(let spikeNode)):
            let probability = reader.number(probabilityNode, object.path("spikeProbability"), ScenarioLimits.chaosRate)
            var range: (TimeSpan, TimeSpan)?
            if let size = reader.object(spikeNode, object.path("spike"), known: ["min", "max"]) {
                let low = size.required("min", reader, expected: "a duration like \"1s\"").flatMap { reader.duration($0, size.path("min")) }
                let high = size.required("max", reader, expected: "a duration like \"5s\"").flatMap { reader.duration($0, size.path("max")) }
                if let low, let high { range = (low, high) }
            }
            if let probability, let range { spike = .some(LatencySpike(probability: probability, min: range.0, max: range.1)) } else { spike = .some(nil) }
        case (.some, .none):
            reader.report(object.location, object.path("spike"), "missing; spikeProbability needs spike: { min, max }")
            spike = .some(nil)
        case (.none, .some):
            reader.report(object.location, object.path("spikeProbability"), "missing; spike needs spikeProbability (a probability from 0 to 1)")
            spike = .some(nil)
        }
        guard let shape, let jitter else { return nil }
        if case .some(.none) = spike { return nil }
        return .latency(ChaosLatency(shape, jitter: jitter, spike: spike ?? nil))
    }

    private func grpcFault(_ node: JSON5Node, _ path: String) -> ChaosFaultKind? {
        guard let object = reader.object(node, path, known: ["code", "message"]) else { return nil }
        guard let codeNode = object.required("code", reader, expected: "a gRPC status code like \"UNAVAILABLE\" or 14") else { return nil }
        var code: GRPCStatusCode?
        switch codeNode.value {
        case .string(let name): code = GRPCStatusCode(name: name)
        case .number(let number) where number == number.rounded() && abs(number) < 1e6: code = GRPCStatusCode(rawValue: Int(number))
        default: break
        }
        if code == nil || code == .ok {
            let names = GRPCStatusCode.allCases.filter { $0 != .ok }.map(\.name)
            var hint = ""
            if case .string(let text) = codeNode.value { hint = Suggestion.hint(for: text, in: names, quote: "\"") }
            reader.report(codeNode.location, object.path("code"), "expected a gRPC status code other than OK (a name like \"UNAVAILABLE\" or its number)\(hint)")
            return nil
        }
        let message = object["message"].map { reader.string($0, object.path("message"), nonEmpty: false) } ?? ""
        guard let code, let message else { return nil }
        return .grpc(code: code, message: message)
    }

    private func webSocketFault(_ node: JSON5Node, _ path: String) -> ChaosFaultKind? {
        guard let object = reader.object(node, path, known: ["close", "reason", "drop"]) else { return nil }
        switch (object["close"], object["drop"]) {
        case (.some(let closeNode), .none):
            let code = reader.integer(closeNode, object.path("close"), in: 1000...4999, expected: "a close code from 1000 to 4999")
            let reason = object["reason"].map { reader.string($0, object.path("reason"), nonEmpty: false) } ?? ""
            guard let code, let reason else { return nil }
            return .websocket(.close(code: WebSocketCloseCode(UInt16(code)), reason: reason))
        case (.none, .some(let dropNode)):
            if let n = object["reason"] { reader.report(n.location, object.path("reason"), "only a close has a reason") }
            return reader.choice(dropNode, object.path("drop"), WebSocketDirection.self).map { .websocket(.drop($0)) }
        case (.some, .some(let dropNode)):
            reader.report(dropNode.location, object.path("drop"), "give either close or drop, not both")
            return nil
        case (.none, .none):
            reader.report(object.location, object.path("close"), "missing; expected close (a close code) or drop (\"client\" or \"server\")")
            return nil
        }
    }

    private func graphQLFault(_ node: JSON5Node, _ path: String) -> ChaosFaultKind? {
        guard let object = reader.object(node, path, known: ["fields", "message"]) else { return nil }
        guard let listNode = object.required("fields", reader, expected: "an array of fields like \"User.friends\""),
              let elements = reader.array(listNode, object.path("fields")) else { return nil }
        if elements.isEmpty { reader.report(listNode.location, object.path("fields"), "expected at least one field") }
        let fields = elements.enumerated().map { reader.string($1, "\(object.path("fields"))[\($0)]") }
        let message = object["message"].map { reader.string($0, object.path("message")) } ?? "chaos: field failed"
        guard !elements.isEmpty, fields.allSatisfy({ $0 != nil }), let message else { return nil }
        return .graphql(fields: fields.map { $0! }, message: message)
    }
}
