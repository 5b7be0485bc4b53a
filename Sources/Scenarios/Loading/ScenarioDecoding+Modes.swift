/// The `modes` timeline and the `presets` section (seed 001's scenario modes and presets):
///
/// ```json5
/// presets: { "black-friday": { mode: "degraded", latencyMultiplier: 2, errorRate: 0.01 } },
/// modes: [ { at: "1m", preset: "staging" }, { at: "2m", mode: "error", errorRate: 0.2, cluster: "eu" },
///          { at: "3m", mode: "healthy" } ],
/// ```
extension ScenarioDecoding {
    static let modeParameterKeys = ["latencyMultiplier", "errorRate", "statusCodes", "timeoutRate", "latency"]
    static let modeEntryKeys = ["at", "mode", "preset", "cluster"] + modeParameterKeys

    /// The parameters each mode reads.
    static func modeKeys(of kind: ModeKindName) -> [String] {
        switch kind {
        case .healthy: return []
        case .degraded: return ["latencyMultiplier", "errorRate", "statusCodes"]
        case .error: return ["errorRate", "statusCodes"]
        case .chaos: return modeParameterKeys
        }
    }

    func declaredPresetNames(_ node: JSON5Node) -> [String] {
        guard case .object(let members) = node.value else { return [] }
        return members.map(\.key)
    }

    func presetList(_ node: JSON5Node) -> Decoded<ModePreset>? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, "presets", "expected an object of preset names and modes, found \(node.value.kindDescription)")
            return nil
        }
        var decoded = Decoded<ModePreset>()
        for (index, member) in members.enumerated() {
            let path = "presets.\(member.key)"
            guard let object = reader.object(member.value, path, known: ["mode"] + Self.modeParameterKeys) else { continue }
            if let mode = modeSpec(object) { decoded.append(ModePreset(name: member.key, mode: mode), at: index) }
        }
        return decoded
    }

    func modeList(_ node: JSON5Node, presets: [ModePreset], declaredPresets: [String]) -> Decoded<ModeSwitch>? {
        guard let elements = reader.array(node, "modes") else { return nil }
        var decoded = Decoded<ModeSwitch>()
        for (index, element) in elements.enumerated() {
            let path = "modes[\(index)]"
            guard let object = reader.object(element, path, known: Self.modeEntryKeys) else { continue }
            let at = object.required("at", reader, expected: "an instant like \"2m\"").flatMap { reader.duration($0, object.path("at")) }
            let cluster: String?? = object["cluster"].map { reader.string($0, object.path("cluster")) }
            var mode: ModeSpec?
            var presetName: String?
            switch (object["mode"], object["preset"]) {
            case (.some, .none):
                mode = modeSpec(object)
            case (.none, .some(let presetNode)):
                for key in Self.modeParameterKeys {
                    if let n = object[key] { reader.report(n.location, object.path(key), "a preset fixes its mode's parameters; define a preset of your own to change them") }
                }
                guard let name = reader.string(presetNode, object.path("preset")) else { continue }
                presetName = name
                if let preset = presets.first(where: { $0.name == name }) ?? ModePreset.builtIn(named: name) {
                    mode = preset.mode
                } else if !declaredPresets.contains(name) {
                    let known = ModePreset.builtIn.map(\.name) + declaredPresets
                    reader.report(presetNode.location, object.path("preset"),
                                  "unknown preset \"\(name)\"\(Suggestion.hint(for: name, in: known, quote: "\"")); presets are: \(known.joined(separator: ", "))")
                }
            case (.some, .some(let presetNode)):
                reader.report(presetNode.location, object.path("preset"), "give either mode or preset, not both")
            case (.none, .none):
                reader.report(object.location, object.path("mode"), "missing; expected a mode (healthy, degraded, error, chaos) or a preset")
            }
            guard let at, let mode else { continue }
            if case .some(.none) = cluster { continue }
            decoded.append(ModeSwitch(at: at, cluster: cluster ?? nil, mode: mode, preset: presetName), at: index)
        }
        return decoded
    }

    /// `mode` and its parameters, from an object that holds them (a `modes` entry or a preset).
    private func modeSpec(_ object: ObjectNode) -> ModeSpec? {
        guard let kindNode = object.required("mode", reader, expected: "one of \"healthy\", \"degraded\", \"error\", \"chaos\""),
              let kind = reader.choice(kindNode, object.path("mode"), ModeKindName.self) else { return nil }
        let used = Self.modeKeys(of: kind)
        var misplaced = false
        for key in Self.modeParameterKeys where !used.contains(key) {
            if let n = object[key] {
                reader.report(n.location, object.path(key), "not used by \(Self.article(kind.rawValue)) \(kind.rawValue) mode")
                misplaced = true
            }
        }
        // A key of another mode is the one mistake to report: checking the mode it would build could
        // only repeat it in other words (a timeout rate on a degraded mode, and the route it needs).
        if misplaced { return nil }
        func rate(_ key: String, required: Bool) -> Double? {
            guard let node = object[key] else {
                if required { reader.report(object.location, object.path(key), "missing; expected a probability from 0 to 1") }
                return required ? nil : 0
            }
            return reader.number(node, object.path(key), ScenarioLimits.chaosRate)
        }
        let multiplier: Double?
        if kind == .degraded {
            multiplier = object.required("latencyMultiplier", reader, expected: ScenarioLimits.latencyMultiplier.expected)
                .flatMap { reader.number($0, object.path("latencyMultiplier"), ScenarioLimits.latencyMultiplier) }
        } else {
            multiplier = object["latencyMultiplier"].map { reader.number($0, object.path("latencyMultiplier"), ScenarioLimits.latencyMultiplier) } ?? 1
        }
        let errorRate = rate("errorRate", required: kind == .error)
        let timeoutRate = rate("timeoutRate", required: false)
        var statusCodes: [Int]? = ModeSpec.chaosStatusCodes
        if let list = object["statusCodes"] {
            statusCodes = nil
            if let elements = reader.array(list, object.path("statusCodes")) {
                if elements.isEmpty { reader.report(list.location, object.path("statusCodes"), "expected at least one status") }
                let codes = elements.enumerated().map { reader.integer($1, "\(object.path("statusCodes"))[\($0)]", ScenarioLimits.status) }
                if !elements.isEmpty, codes.allSatisfy({ $0 != nil }) { statusCodes = codes.map { $0! } }
            }
        }
        var latency: LatencyChaos?? = nil
        if let node = object["latency"] {
            latency = .some(nil)
            if let range = reader.object(node, object.path("latency"), known: ["min", "max", "spikeProbability"]) {
                let low = range["min"].map { reader.duration($0, range.path("min")) } ?? .zero
                let high = range.required("max", reader, expected: "a duration like \"5s\"").flatMap { reader.duration($0, range.path("max")) }
                let probability = range.required("spikeProbability", reader, expected: "a probability from 0 to 1")
                    .flatMap { reader.number($0, range.path("spikeProbability"), ScenarioLimits.chaosRate) }
                if let low, let high, let probability { latency = .some(LatencyChaos(min: low, max: high, spikeProbability: probability)) }
            }
        }
        guard let multiplier, let errorRate, let timeoutRate, let statusCodes else { return nil }
        if case .some(.none) = latency { return nil }
        let modeKind: ModeKind
        switch kind {
        case .healthy: return .healthy
        case .degraded: modeKind = .degraded
        case .error: modeKind = .error
        case .chaos: modeKind = .chaos
        }
        return ModeSpec(kind: modeKind, latencyMultiplier: multiplier, errorRate: errorRate, statusCodes: statusCodes,
                        timeoutRate: timeoutRate, latency: latency ?? nil)
    }
}
