import Recorder
import Scenarios
import Synchronization

/// Runs a scenario headless, in virtual time: wires the six actors onto one deterministic
/// executor, drives them with the event loop on the calling thread, and returns the result.
///
/// The same scenario and seed give the same events, byte for byte, in every process.
public struct Laboratory: Sendable {
    public let scenario: Scenario

    public init(scenario: Scenario) { self.scenario = scenario }

    /// Runs the scenario to its end. Blocks the calling thread for the run's wall time.
    public func run(_ options: RunOptions = RunOptions()) throws(LabError) -> RunResult {
        let seed = options.seed ?? scenario.seed
        let end = (options.duration ?? scenario.duration).nanoseconds
        let templates = Self.templates(of: scenario)
        let executor = SimulationExecutor()

        let (metricsStream, metricsSink) = AsyncStream.makeStream(of: [LabEvent].self, bufferingPolicy: .unbounded)
        var sinks = [metricsSink]
        var recorder: (actor: RecorderActor, thread: ThreadExecutor, stream: AsyncStream<[LabEvent]>)?
        if let path = options.recordingPath {
            let writer: RecordingWriter
            do {
                writer = try RecordingWriter(path: path, catalog: catalog(seed: seed, templates: templates))
            } catch {
                throw .recordingUnavailable("\(error)")
            }
            let thread = ThreadExecutor(name: "lab-recorder")
            let (stream, sink) = AsyncStream.makeStream(of: [LabEvent].self, bufferingPolicy: .unbounded)
            sinks.append(sink)
            let payloads = PayloadRenderer(scenario: scenario, templates: templates.map(\.template), seed: seed)
            recorder = (RecorderActor(executor: thread, writer: writer, payloads: payloads), thread, stream)
        }

        let trace = TraceLog(sinks: sinks, keepEvents: options.keepEvents)
        if let recorder = recorder?.actor {
            trace.beforeFinish = { hash, count in
                recorder.setFooter(RecordingFooter(virtualNanoseconds: end, traceHash: hash.description, events: count))
            }
        }
        let kernel = LabKernel(executor: executor, seed: seed, trace: trace)
        let chaos = ChaosActor(kernel: kernel, windows: scenario.chaos,
                               targets: scenario.chaos.map { Int32(scenario.clusterIndex(named: $0.target)!) },
                               clusterCount: scenario.clusters.count)
        let clusters = scenario.clusters.enumerated().map { i, spec in
            ClusterActor(kernel: kernel, index: Int32(i), spec: spec, templates: templates.map(\.template), chaos: chaos)
        }
        let breakers = scenario.clusters.enumerated().map { i, spec in
            BreakerActor(kernel: kernel, cluster: Int32(i), policy: scenario.breakers.policy(for: spec.name))
        }
        let router = RouterActor(kernel: kernel, scenario: scenario, templates: templates, end: end,
                                 clusters: clusters, breakers: breakers, chaos: chaos)
        let metrics = MetricsActor(kernel: kernel, scenario: scenario)
        let loop = EventLoop(kernel: kernel, router: router, clusters: clusters, chaos: chaos, end: end, progress: options.progress)

        let recordingOutcome = Mutex<RecordingOutcome?>(nil)
        if let recorder {
            Task(executorPreference: recorder.thread) { [stream = recorder.stream, actor = recorder.actor] in
                let outcome = await actor.record(stream)
                recordingOutcome.withLock { $0 = outcome }
            }
        }
        Task(executorPreference: executor) { await metrics.consume(metricsStream) }
        let clock = VirtualClock(kernel: kernel)
        for companion in options.companions {
            Task(executorPreference: executor) { await companion(clock) }
        }
        Task(executorPreference: executor) { await loop.run() }
        executor.drain()

        let foreign = executor.foreignJobs
        if foreign > 0 { executor.drainForeignJobs() }
        let traceHash = trace.hash.description
        recorder?.thread.shutdown()
        guard foreign == 0 else { throw .foreignJobs(foreign) }
        guard loop.finished else { throw .loopDidNotFinish }

        let figures = metrics.finalFigures(draining: executor)
        var result = RunResult(
            scenario: scenario.name, seed: seed, virtualNanoseconds: end, summary: figures.summary,
            traceHash: traceHash, eventCount: trace.count, events: trace.kept,
            recording: recorder != nil ? recordingOutcome.withLock { $0 } : nil, expectations: [],
            metricsText: figures.text, clusterNames: scenario.clusters.map(\.name), routeNames: scenario.routes.map(\.name))
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
        RecordingCatalog(
            scenario: scenario.name, seed: seed, clusters: scenario.clusters.map(\.name),
            routes: scenario.routes.map { ($0.name, ($0.method.map { "\($0) " } ?? "") + $0.pathPattern) },
            templates: templates.map {
                TemplateEntry(traffic: scenario.traffic[$0.source].name, protocolName: $0.template.kind.protocolKind.rawValue,
                              operation: $0.template.operation, method: $0.template.method, path: $0.template.path,
                              requestFill: PayloadRenderer.requestFill($0.template))
            },
            outcomes: Outcome.allCases.map(\.label),
            chaosWindows: scenario.chaos.map { ($0.name, scenario.clusterIndex(named: $0.target)!, $0.fault.kindName) })
    }
}

extension MetricsActor {
    /// The final figures, read by one last task on the lab's executor once everything else has run.
    nonisolated func finalFigures(draining executor: SimulationExecutor) -> (summary: RunSummary, text: String) {
        let box = Mutex<(RunSummary, String)?>(nil)
        Task(executorPreference: executor) {
            let value = await (self.summary, self.prometheusText())
            box.withLock { $0 = value }
        }
        executor.drain()
        return box.withLock { $0! }
    }
}
