/// Checks a `Scenario` value for everything its model can get wrong: numbers out of range, names
/// used but not declared (or declared twice), traffic no route takes, routes and requests mixing
/// protocols, gRPC methods not declared, GraphQL documents the schema rejects, chaos after the end.
///
/// Pure, and the same code the loader runs on what it decoded from a file, so a hand-built scenario
/// gets the messages and key paths a file would (`routes[0].clusters[1]: unknown cluster "x"; …`).
/// Issues name the file `<scenario>` and have no location; they come in section order.
public enum ScenarioValidation {
    /// The file name issues about a hand-built scenario carry.
    public static let placeholderFile = "<scenario>"

    /// Every problem with `scenario`; empty when it can run.
    public static func issues(of scenario: Scenario) -> [ScenarioIssue] {
        problems(of: scenario, declared: DeclaredScenario(scenario)).map {
            ScenarioIssue(file: placeholderFile, location: nil, path: $0.path, message: $0.message)
        }
    }

    /// The problems as key paths and messages; the loader puts them back on the file's lines.
    static func problems(of scenario: Scenario, declared: DeclaredScenario) -> [(path: String, message: String)] {
        var checks = ScenarioChecks(scenario: scenario, declared: declared)
        checks.checkTopLevel()
        checks.checkClusters()
        checks.checkRoutes()
        checks.checkBreakers()
        checks.checkTraffic()
        checks.checkScripts()
        checks.checkActions()
        checks.checkChaos()
        checks.checkPresets()
        checks.checkModes()
        checks.checkExpectations()
        return checks.found
    }
}

extension Scenario {
    /// Throws every problem `ScenarioValidation.issues(of:)` finds, so code that builds a scenario
    /// by hand can refuse a bad one before running it (a run assumes every name resolves).
    public func validate() throws(ScenarioLoadError) {
        let issues = ScenarioValidation.issues(of: self)
        if !issues.isEmpty { throw ScenarioLoadError(issues: issues) }
    }
}

/// What a file declared, beyond the entries that decoded cleanly, and where each decoded entry
/// stands in the file. A name that was written counts as declared even when its entry was broken,
/// so one bad entry is reported once, not again by every reference to it.
struct DeclaredScenario {
    /// Every cluster name written, in file order.
    var clusterNames: [String]
    /// Every key of the breakers object (`default` and cluster names), broken policies included.
    var breakerKeys: [String]
    /// Every route's match in file order, with the index of its decoded `RouteSpec` if it decoded.
    var routes: [RouteOutline]
    /// File index of each decoded entry, per section (mix: per decoded traffic source).
    var clusterIndices: [Int]
    var routeIndices: [Int]
    var trafficIndices: [Int]
    var mixIndices: [[Int]]
    /// File index (in `traffic`) of each decoded script.
    var scriptIndices: [Int]
    var actionIndices: [Int]
    var chaosIndices: [Int]
    var expectationIndices: [Int]
    /// File index of each decoded `modes` entry.
    var modeIndices: [Int]
    /// Whether empty top-level lists are reported here (the loader reports what was written instead).
    var checksEmptyLists: Bool

    /// A hand-built scenario declares exactly what it holds.
    init(_ scenario: Scenario) {
        clusterNames = scenario.clusters.map(\.name)
        breakerKeys = (scenario.breakers.defaultPolicy == nil ? [] : ["default"]) + scenario.breakers.overrides.map(\.cluster)
        routes = scenario.routes.enumerated().map { RouteOutline(pattern: $1.pathPattern, method: $1.method, decoded: $0) }
        clusterIndices = Array(scenario.clusters.indices)
        routeIndices = Array(scenario.routes.indices)
        trafficIndices = Array(scenario.traffic.indices)
        mixIndices = scenario.traffic.map { Array($0.mix.indices) }
        scriptIndices = scenario.scripts.indices.map { scenario.traffic.count + $0 }
        actionIndices = Array(scenario.actions.indices)
        chaosIndices = Array(scenario.chaos.indices)
        expectationIndices = Array(scenario.expectations.indices)
        modeIndices = Array(scenario.modes.indices)
        checksEmptyLists = true
    }

    init(clusterNames: [String], breakerKeys: [String], routes: [RouteOutline], clusterIndices: [Int], routeIndices: [Int],
         trafficIndices: [Int], mixIndices: [[Int]], scriptIndices: [Int], actionIndices: [Int], chaosIndices: [Int],
         expectationIndices: [Int], modeIndices: [Int] = []) {
        self.clusterNames = clusterNames
        self.breakerKeys = breakerKeys
        self.routes = routes
        self.clusterIndices = clusterIndices
        self.routeIndices = routeIndices
        self.trafficIndices = trafficIndices
        self.mixIndices = mixIndices
        self.scriptIndices = scriptIndices
        self.actionIndices = actionIndices
        self.chaosIndices = chaosIndices
        self.expectationIndices = expectationIndices
        self.modeIndices = modeIndices
        checksEmptyLists = false
    }
}

/// A route's match as written. `pattern` is nil when the match could not be read, so which route
/// takes a request is unknown from that route on.
struct RouteOutline {
    var pattern: String?
    var method: String?
    var decoded: Int?
}
