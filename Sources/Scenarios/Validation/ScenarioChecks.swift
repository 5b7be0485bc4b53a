/// The checks `ScenarioValidation` runs, collecting key paths and messages in section order.
struct ScenarioChecks {
    let scenario: Scenario
    let declared: DeclaredScenario
    private(set) var found: [(path: String, message: String)] = []

    init(scenario: Scenario, declared: DeclaredScenario) {
        self.scenario = scenario
        self.declared = declared
    }

    mutating func report(_ path: String, _ message: String) { found.append((path, message)) }

    mutating func check(_ value: Double, _ rule: NumberRule, _ path: String) {
        if let problem = rule.problem(value) { report(path, problem) }
    }

    mutating func check(_ value: Int, _ rule: NumberRule, _ path: String) { check(Double(value), rule, path) }

    mutating func check(_ span: TimeSpan, allowZero: Bool, _ path: String) {
        if let problem = ScenarioLimits.durationProblem(span, text: span.description, allowZero: allowZero) { report(path, problem) }
    }

    mutating func checkName(_ name: String, _ path: String) {
        if name.isEmpty { report(path, "expected a non-empty string") }
    }

    // MARK: Key paths of decoded entries, as the file numbers them

    func clusterPath(_ index: Int) -> String { "clusters[\(declared.clusterIndices[index])]" }
    func routePath(_ index: Int) -> String { "routes[\(declared.routeIndices[index])]" }
    func trafficPath(_ index: Int) -> String { "traffic[\(declared.trafficIndices[index])]" }
    func mixPath(_ source: Int, _ entry: Int) -> String { "\(trafficPath(source)).mix[\(declared.mixIndices[source][entry])]" }
    func scriptPath(_ index: Int) -> String { "traffic[\(declared.scriptIndices[index])]" }
    func actionPath(_ index: Int) -> String { "actions[\(declared.actionIndices[index])]" }
    func chaosPath(_ index: Int) -> String { "chaos[\(declared.chaosIndices[index])]" }
    func expectationPath(_ index: Int) -> String { "expect[\(declared.expectationIndices[index])]" }
    func modePath(_ index: Int) -> String { "modes[\(declared.modeIndices[index])]" }

    /// The decoded cluster of that name, if it decoded.
    func cluster(named name: String) -> ClusterSpec? { scenario.clusters.first { $0.name == name } }

    /// `unknown cluster "x"; clusters are: a, b` with a suggestion when a declared name is close.
    func unknownCluster(_ name: String, listing prefix: String = "clusters are: ") -> String {
        "unknown cluster \"\(name)\"\(Suggestion.hint(for: name, in: declared.clusterNames, quote: "\""))"
            + "; \(prefix)\(declared.clusterNames.joined(separator: ", "))"
    }

    // MARK: Top level

    mutating func checkTopLevel() {
        checkName(scenario.name, "name")
        check(scenario.duration, allowZero: false, "duration")
        guard declared.checksEmptyLists else { return }
        if scenario.clusters.isEmpty { report("clusters", "expected at least one cluster") }
        if scenario.routes.isEmpty && (!scenario.traffic.isEmpty || scenario.scripts.isEmpty) {
            report("routes", "expected at least one route")
        }
        if scenario.traffic.isEmpty && scenario.scripts.isEmpty { report("traffic", "expected at least one traffic source") }
    }
}
