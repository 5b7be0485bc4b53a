/// A system to simulate: clusters of mock backends, the routes in front of them, their breakers,
/// the traffic that drives them, the chaos that strikes them, the modes they switch between, and what the run must show.
///
/// A value with no behaviour: `ScenarioLoader` builds it from a file (or a test builds it by hand),
/// and `Laboratory` runs it. Every collection is an array, in file order.
public struct Scenario: Sendable {
    public var name: String
    /// The seed a run uses when the command line gives none.
    public var seed: UInt64
    public var duration: TimeSpan
    public var clusters: [ClusterSpec]
    public var routes: [RouteSpec]
    public var breakers: BreakerPolicies
    public var traffic: [TrafficSpec]
    /// Traffic sources with `script`: scripted calls straight to one breaker each.
    public var scripts: [BreakerScript]
    /// Breaker operations at virtual instants.
    public var actions: [BreakerAction]
    public var chaos: [ChaosSpec]
    /// Mode switches at virtual instants (seed 001's scenario modes), in file order.
    public var modes: [ModeSwitch]
    /// The scenario's own presets (the built-in ones are `ModePreset.builtIn`).
    public var presets: [ModePreset]
    public var expectations: [Expectation]

    public init(name: String, seed: UInt64 = 1, duration: TimeSpan, clusters: [ClusterSpec], routes: [RouteSpec],
                breakers: BreakerPolicies = BreakerPolicies(), traffic: [TrafficSpec], scripts: [BreakerScript] = [],
                actions: [BreakerAction] = [], chaos: [ChaosSpec] = [], expectations: [Expectation] = [],
                modes: [ModeSwitch] = [], presets: [ModePreset] = []) {
        self.name = name
        self.seed = seed
        self.duration = duration
        self.clusters = clusters
        self.routes = routes
        self.breakers = breakers
        self.traffic = traffic
        self.scripts = scripts
        self.actions = actions
        self.chaos = chaos
        self.expectations = expectations
        self.modes = modes
        self.presets = presets
    }

    /// The most request templates (mix entries of all traffic sources) a run can tell apart: the
    /// lab packs a template's index into 16 bits of each attempt.
    public static let maximumRequestTemplates = 65_535

    /// The index of the cluster with this name, if any.
    public func clusterIndex(named name: String) -> Int? { clusters.firstIndex { $0.name == name } }
}
