/// Mode checks (seed 001's modes and presets): instants inside the run, known clusters, numbers in
/// range, and timeouts wherever a mode's `timeoutRate` leaves attempts unanswered.
extension ScenarioChecks {
    mutating func checkPresets() {
        for (index, preset) in scenario.presets.enumerated() {
            let path = "presets.\(preset.name)"
            checkName(preset.name, path)
            if ModePreset.builtIn(named: preset.name) != nil {
                report(path, "\"\(preset.name)\" is a built-in preset; give yours another name")
            } else if scenario.presets[..<index].contains(where: { $0.name == preset.name }) {
                report(path, "duplicate preset name \"\(preset.name)\"")
            }
            checkMode(preset.mode, path)
        }
    }

    mutating func checkModes() {
        for (index, entry) in scenario.modes.enumerated() {
            let path = modePath(index)
            check(entry.at, allowZero: true, "\(path).at")
            if entry.at >= scenario.duration {
                report("\(path).at", "switches at \(entry.at), at or after the end of the run (\(scenario.duration))")
            }
            if let cluster = entry.cluster, !declared.clusterNames.contains(cluster) { report("\(path).cluster", unknownCluster(cluster)) }
            if let preset = entry.preset, scenario.preset(named: preset) == nil {
                let known = ModePreset.builtIn.map(\.name) + scenario.presets.map(\.name)
                report("\(path).preset", "unknown preset \"\(preset)\"\(Suggestion.hint(for: preset, in: known, quote: "\""))"
                       + "; presets are: \(known.joined(separator: ", "))")
            }
            // A preset's numbers are checked once, under `presets`.
            if entry.preset == nil { checkMode(entry.mode, path) }
            if entry.mode.timeoutRate > 0 {
                let reached = entry.cluster.map { name in scenario.routes.filter { $0.clusters.contains(name) } } ?? scenario.routes
                if let route = reached.first(where: { !$0.endsUnansweredAttempts }) {
                    let key = entry.preset == nil ? "\(path).timeoutRate" : "\(path).preset"
                    report(key, "timeoutRate leaves attempts unanswered, and only a timeout ends them, but route \"\(route.name)\" has none; give it a timeout")
                }
            }
        }
    }

    private mutating func checkMode(_ mode: ModeSpec, _ path: String) {
        check(mode.latencyMultiplier, ScenarioLimits.latencyMultiplier, "\(path).latencyMultiplier")
        check(mode.errorRate, ScenarioLimits.chaosRate, "\(path).errorRate")
        check(mode.timeoutRate, ScenarioLimits.chaosRate, "\(path).timeoutRate")
        if mode.statusCodes.isEmpty { report("\(path).statusCodes", "expected at least one status") }
        for (i, status) in mode.statusCodes.enumerated() { check(status, ScenarioLimits.status, "\(path).statusCodes[\(i)]") }
        if let latency = mode.latency {
            check(latency.min, allowZero: true, "\(path).latency.min")
            check(latency.max, allowZero: true, "\(path).latency.max")
            check(latency.spikeProbability, ScenarioLimits.chaosRate, "\(path).latency.spikeProbability")
            if latency.min > latency.max { report("\(path).latency.max", "must be at least min (\(latency.min)), found \(latency.max)") }
        }
    }
}
