/// Chaos checks: known targets, hangs that a timeout can end, windows inside the run.
extension ScenarioChecks {
    mutating func checkChaos() {
        for (index, chaos) in scenario.chaos.enumerated() {
            let path = chaosPath(index)
            checkName(chaos.name, "\(path).name")
            if scenario.chaos[..<index].contains(where: { $0.name == chaos.name }) {
                report("\(path).name", "duplicate chaos name \"\(chaos.name)\" (each window draws from a seeded stream named after it)")
            }
            check(chaos.at, allowZero: true, "\(path).at")
            check(chaos.duration, allowZero: false, "\(path).for")
            if !declared.clusterNames.contains(chaos.target) { report("\(path).target", unknownCluster(chaos.target)) }
            check(chaos.fault.rate, ScenarioLimits.chaosRate, "\(path).fault.rate")
            switch chaos.fault {
            case .error(let status, _):
                check(status, ScenarioLimits.status, "\(path).fault.status")
            case .latency(let delay, _):
                check(delay, allowZero: false, "\(path).fault.delay")
            case .hang:
                if let route = scenario.routes.first(where: { $0.clusters.contains(chaos.target) && $0.timeout == nil }) {
                    report("\(path).fault.kind",
                           "a hang is only ended by a timeout, but route \"\(route.name)\" sends to \"\(chaos.target)\" without one; give it a timeout")
                }
            }
            if chaos.at >= scenario.duration {
                report("\(path).at", "starts at \(chaos.at), at or after the end of the run (\(scenario.duration))")
            }
        }
    }
}
