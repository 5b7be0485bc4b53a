import Scenarios

/// The six actors of a headless run, wired on one timeline: the router sends attempts through
/// the simulated transport to the clusters, asking breakers and chaos on the way; metrics read
/// the trace. Its start sets the first timers (arrivals, then chaos windows).
final class HeadlessLab: LabUnit {
    let name = "actors"
    let router: RouterActor
    let chaos: ChaosActor
    let clusters: [ClusterActor]
    let breakers: [BreakerActor]
    let metrics: MetricsActor
    private let scripts: [BreakerScript]
    /// The metrics' own thread.
    let metricsThread = ThreadExecutor(name: "lab-metrics")

    init(scenario: Scenario, templates: [RequestTemplateRef], timeline: TimelineCore, streams: SeededStreams, end: Int64,
         limit: InFlightLimit) {
        chaos = ChaosActor(timeline: timeline, scenario: scenario, templates: templates, end: end, streams: streams)
        clusters = scenario.clusters.enumerated().map { [chaos] i, spec in
            ClusterActor(timeline: timeline, index: Int32(i), spec: spec, templates: templates.map(\.template), chaos: chaos, streams: streams)
        }
        breakers = scenario.clusters.enumerated().map { i, spec in
            BreakerActor(timeline: timeline, cluster: Int32(i), policy: scenario.breakers.policy(for: spec.name),
                         actions: scenario.actions.filter { $0.breaker == spec.name },
                         scripts: scenario.scripts.enumerated().filter { $0.element.target == spec.name }.map { ($0.offset, $0.element) })
        }
        scripts = scenario.scripts
        router = RouterActor(timeline: timeline, scenario: scenario, templates: templates, end: end,
                             transport: SimulatedTransport(timeline: timeline, clusters: clusters, ledger: chaos.ledger),
                             breakers: breakers, chaos: chaos, streams: streams, limit: limit)
        metrics = MetricsActor(timeline: timeline, scenario: scenario, breakers: breakers, runLength: end, executor: metricsThread)
    }

    func start() throws(LabError) {
        router.onLab { $0.start() }
        chaos.onLab { $0.start() }
        for breaker in breakers { breaker.onLab { $0.start() } }
    }

    /// What every script's steps saw, in the scenario's order of scripts. Read on the lab's thread
    /// once the run is over.
    func scriptResults() -> [ScriptResults] {
        var byScript = scripts.map { ScriptResults(name: $0.name, target: $0.target, steps: []) }
        for breaker in breakers {
            breaker.onLab { actor in
                for (slot, index) in actor.scriptIndices.enumerated() { byScript[index].steps = actor.results[slot] }
            }
        }
        return byScript
    }

    func stop() {}
}
