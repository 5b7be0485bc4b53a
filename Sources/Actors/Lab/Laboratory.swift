import Recorder
import Scenarios
import Synchronization

/// Runs a scenario headless, in virtual time: wires the six actors onto one deterministic
/// executor, drives them with the virtual timeline on the calling thread, and returns the result.
///
/// The same scenario and seed give the same events, byte for byte, in every process.
public struct Laboratory: Sendable {
    public let scenario: Scenario

    /// Checks the scenario as the loader checks a file: a value built in Swift with an unknown
    /// cluster, a bad rate or a traffic path no route matches is refused here, with the same
    /// messages, instead of failing inside a run.
    public init(scenario: Scenario) throws(ScenarioLoadError) {
        try scenario.validate()
        self.scenario = scenario
    }

    /// Runs the scenario to its end (or until the run is halted). Blocks the calling thread for
    /// the run's wall time.
    public func run(_ options: RunOptions = RunOptions()) throws(LabError) -> RunResult {
        let seed = options.seed ?? scenario.seed
        let end = (options.duration ?? scenario.duration).nanoseconds
        let templates = Self.templates(of: scenario)
        let streams = SeededStreams(seed: seed)
        let trace = TraceLog(keepEvents: options.keepEvents)
        let timeline = VirtualTimeline(core: TimelineCore(executor: SimulationExecutor(), trace: trace))
        let lab = HeadlessLab(scenario: scenario, templates: templates, timeline: timeline.core, streams: streams, end: end,
                              limit: options.inFlightLimit)

        var recorder: RecorderUnit?
        if let path = options.recordingPath {
            recorder = RecorderUnit(path: path, catalog: catalog(seed: seed, templates: templates), trace: trace, end: end,
                                    payloads: PayloadRenderer(scenario: scenario, templates: templates.map(\.template), seed: seed))
        }
        let metrics = MetricsUnit(metrics: lab.metrics, thread: lab.metricsThread, trace: trace)
        let companions = CompanionsUnit(timeline: timeline, companions: options.companions)
        let traceEnd = TraceUnit(trace: trace, executor: timeline.core.executor)
        var units = LabUnits(([recorder, metrics, traceEnd, lab, companions] as [(any LabUnit)?]).compactMap { $0 })
        do {
            try units.start()
        } catch {
            lab.metricsThread.shutdown()  // made with the actors; a no-op when the metrics unit started and stopped it
            throw error
        }
        timeline.run(until: end, progress: options.progress)
        let halt = timeline.core.haltReason
        units.stop()
        let scriptResults = lab.scriptResults()

        let executor = timeline.core.executor
        guard executor.foreignJobs == 0 else { throw .foreignJobs(executor.foreignJobs) }
        if case .overloaded(let inFlight, let limit, let at, let cluster, let outstanding) = halt {
            throw .overloaded(inFlight: inFlight, limit: limit, at: at, cluster: cluster, outstanding: outstanding)
        }
        guard let figures = metrics.figures else { throw .loopDidNotFinish }
        var result = RunResult(
            scenario: scenario.name, seed: seed, virtualNanoseconds: end, summary: figures.summary,
            traceHash: trace.hash.description, eventCount: trace.count, events: trace.kept,
            recording: recorder?.outcome, expectations: [],
            metricsText: figures.text, clusterNames: scenario.clusters.map(\.name), routeNames: scenario.routes.map(\.name))
        result.scriptResults = scriptResults
        result.expectations = ExpectationCheck.evaluate(scenario.expectations, in: result)
        return result
    }

    /// Every request template of every traffic source, with its route, in file order.
    static func templates(of scenario: Scenario) -> [RequestTemplateRef] {
        var refs: [RequestTemplateRef] = []
        for (s, source) in scenario.traffic.enumerated() {
            for (e, template) in source.mix.enumerated() {
                let route = RouteMatcher.firstMatch(in: scenario.routes, method: template.method, template: template.path) ?? 0
                refs.append(RequestTemplateRef(index: Int32(refs.count), source: s, entry: e, route: Int32(route), template: template))
            }
        }
        return refs
    }

    private func catalog(seed: UInt64, templates: [RequestTemplateRef]) -> RecordingCatalog {
        var catalog = RecordingCatalog(
            scenario: scenario.name, seed: seed, clusters: scenario.clusters.map(\.name),
            routes: scenario.routes.map { ($0.name, ($0.method.map { "\($0) " } ?? "") + $0.pathPattern) },
            templates: templates.map {
                TemplateEntry(traffic: scenario.traffic[$0.source].name, protocolName: $0.template.kind.protocolKind.rawValue,
                              operation: $0.template.operation, method: $0.template.method, path: $0.template.path,
                              requestFill: PayloadRenderer.requestFill($0.template))
            },
            outcomes: Outcome.allCases.map(\.label),
            chaosWindows: scenario.chaos.map { ($0.name, $0.target.cluster.flatMap(scenario.clusterIndex(named:)) ?? -1, $0.fault.kindName) })
        catalog.chaosScopes = scenario.chaos.map { window in
            switch window.target {
            case .cluster: return ("cluster", nil, nil)
            case .route(let name): return ("route", scenario.routes.firstIndex { $0.name == name }, nil)
            case .backend(_, let index): return ("backend", nil, index)
            }
        }
        return catalog
    }
}
