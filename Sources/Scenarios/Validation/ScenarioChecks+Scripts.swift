/// Script and action checks: a known cluster with a breaker, instants inside the run and in order,
/// attempts completed once after they were made.
extension ScenarioChecks {
    mutating func checkScripts() {
        for (index, script) in scenario.scripts.enumerated() {
            let path = scriptPath(index)
            checkName(script.name, "\(path).name")
            if scenario.traffic.contains(where: { $0.name == script.name }) || scenario.scripts[..<index].contains(where: { $0.name == script.name }) {
                report("\(path).name", "duplicate traffic name \"\(script.name)\"")
            }
            checkBreakerTarget(script.target, "\(path).script.target", purpose: "a script drives a cluster's breaker")
            if script.steps.isEmpty { report("\(path).script.steps", "expected at least one step") }
            var attempts: [(name: String, completed: Bool)] = []
            var previous = TimeSpan.zero
            for (i, step) in script.steps.enumerated() {
                let stepPath = "\(path).script.steps[\(i)]"
                checkInstant(step.at, "\(stepPath).at")
                if step.at < previous {
                    report("\(stepPath).at", "steps run in order: expected an instant at or after the previous step's (\(previous)), found \(step.at)")
                }
                previous = max(previous, step.at)
                switch step.action {
                case .call(_, let duration), .record(_, let duration):
                    check(duration, allowZero: true, "\(stepPath).duration")
                case .attempt(let name):
                    checkName(name, "\(stepPath).try")
                    if attempts.contains(where: { $0.name == name }) {
                        report("\(stepPath).try", "duplicate attempt name \"\(name)\" (each try needs a name of its own)")
                    }
                    attempts.append((name, false))
                case .complete(let name, _, let duration):
                    if let duration { check(duration, allowZero: true, "\(stepPath).duration") }
                    if let a = attempts.firstIndex(where: { $0.name == name }) {
                        if attempts[a].completed { report("\(stepPath).complete", "attempt \"\(name)\" is already completed") }
                        attempts[a].completed = true
                    } else {
                        let tried = attempts.map(\.name)
                        report("\(stepPath).complete", "no earlier step tries \"\(name)\""
                               + Suggestion.hint(for: name, in: tried, quote: "\"")
                               + (tried.isEmpty ? "; a { try: NAME } step must come first" : "; attempts so far: \(tried.joined(separator: ", "))"))
                    }
                case .operation(let operation):
                    checkOperation(operation, stepPath)
                case .release, .check:
                    break
                }
            }
        }
    }

    mutating func checkActions() {
        for (index, action) in scenario.actions.enumerated() {
            let path = actionPath(index)
            checkInstant(action.at, "\(path).at")
            checkBreakerTarget(action.breaker, "\(path).breaker", purpose: "an action operates a cluster's breaker")
            checkOperation(action.operation, path)
        }
    }

    private mutating func checkInstant(_ at: TimeSpan, _ path: String) {
        check(at, allowZero: true, path)
        if at >= scenario.duration { report(path, "expected an instant before the end of the run (\(scenario.duration)), found \(at)") }
    }

    private mutating func checkOperation(_ operation: BreakerOperation, _ path: String) {
        if case .transitionToOpenFor(let wait) = operation {
            check(TimeSpan(nanoseconds: wait), allowZero: false, "\(path).wait")
        }
    }

    /// A cluster that is declared and has a breaker (its own or the default).
    private mutating func checkBreakerTarget(_ cluster: String, _ path: String, purpose: String) {
        guard declared.clusterNames.contains(cluster) else {
            report(path, unknownCluster(cluster))
            return
        }
        if scenario.breakers.policy(for: cluster) == nil && !declared.breakerKeys.contains(cluster) && !declared.breakerKeys.contains("default") {
            report(path, "cluster \"\(cluster)\" has no breaker, and \(purpose): add breakers.\(cluster) (or breakers.default)")
        }
    }
}
