import Protocols
import Scenarios

/// Turns the trace into numbers: Prometheus families (requests, durations, breaker states, chaos)
/// and the run's summary figures. Fed batches of events over an `AsyncStream`, never per request.
///
/// What the trace does not hold — how often each breaker refused an admission — is read from the
/// breakers themselves, on the lab's thread, when the figures are asked for at the end of the run.
///
/// It runs on the lab's executor, or on a thread of its own (`executor`): its figures depend only
/// on the order of the events, so where it runs changes when it computes them, never what.
actor MetricsActor {
    nonisolated let timeline: TimelineCore
    private nonisolated let ownExecutor: ThreadExecutor?
    private let scenario: Scenario
    /// The lab's breakers, one per cluster in cluster order, read for their refusals; empty when
    /// the lab did not hand them over (the refusals are then unknown, not zero).
    private let breakers: [BreakerActor]
    /// `circuit_breaker_rejections_total` per cluster with a breaker, when the breakers are known.
    @exclusivity(unchecked) private var rejectionSeries: [MetricsRegistry.SeriesID?] = []
    @exclusivity(unchecked) private(set) var registry = MetricsRegistry()
    @exclusivity(unchecked) private var counts: RunSummary

    /// The request family of each route, by the protocol its clusters speak.
    private let routeFamily: [Int]
    private let routeProtocol: [ClusterProtocol]
    private var wsMessagesFamily = -1
    private var wsClosedFamily = -1
    private let clusterFamily: Int
    private let errorsFamily: Int
    private let errorClassFamily: Int
    private let transitionsFamily: Int
    private let operationsFamily: Int
    private let breakerRequestsFamily: Int
    /// Routing families declared when first needed, so runs without hedges or ejections keep
    /// their exposition as it was: `hedges_total`, `attempts_cancelled_total`,
    /// `outlier_ejections_total`, `outlier_ejections_active`.
    @exclusivity(unchecked) private var routingFamilies = RoutingFamilies()
    /// Per route with a cache: its hit and miss counters; with a rate limit: its refusals.
    @exclusivity(unchecked) private var cacheSeries: [(hits: MetricsRegistry.SeriesID, misses: MetricsRegistry.SeriesID)?] = []
    @exclusivity(unchecked) private var rateLimitedSeries: [MetricsRegistry.SeriesID?] = []
    /// Per route: whether it has a cache or a rate limit to count.
    private let guardedRoutes: [Bool]
    /// `lab_mode{scope}`, declared on the first mode switch (-1 until then).
    @exclusivity(unchecked) private var modeFamily = -1
    /// The `lab_mode` gauge of each cluster switched on its own so far.
    @exclusivity(unchecked) private var clusterModes: [MetricsRegistry.SeriesID?] = []
    @exclusivity(unchecked) private var routeDuration: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var clusterDuration: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var retrySeries: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var lateSeries: [MetricsRegistry.SeriesID] = []
    /// The state gauge of each cluster's breaker; nil for a cluster without one.
    @exclusivity(unchecked) private var breakerState: [MetricsRegistry.SeriesID?] = []
    @exclusivity(unchecked) private var chaosActive: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var chaosInjected: [MetricsRegistry.SeriesID] = []
    /// Per route / per cluster: (status, series) pairs, searched linearly (a handful per key).
    @exclusivity(unchecked) private var routeStatus: [[(Int16, MetricsRegistry.SeriesID)]]
    @exclusivity(unchecked) private var clusterStatus: [[(Int16, MetricsRegistry.SeriesID)]]
    @exclusivity(unchecked) private var errorSeries: [MetricsRegistry.SeriesID?] = Array(repeating: nil, count: Outcome.allCases.count)
    /// `errors_by_class_total` per error class, created when the class first counts.
    @exclusivity(unchecked) private var errorClassSeries: [MetricsRegistry.SeriesID?] = Array(repeating: nil, count: ErrorClass.allCases.count)

    /// `breakers`: the lab's breakers in cluster order (`HeadlessLab.breakers`), so the figures and
    /// the metrics hold each breaker's refusals.
    /// `runLength`: the run's end, when known, so the time slices are sized once.
    /// `executor`: a thread of its own, or nil for the lab's executor.
    init(timeline: TimelineCore, scenario: Scenario, breakers: [BreakerActor] = [], runLength: Int64? = nil,
         executor: ThreadExecutor? = nil) {
        ownExecutor = executor
        precondition(breakers.isEmpty || breakers.count == scenario.clusters.count, "one breaker per cluster, in cluster order")
        self.timeline = timeline
        self.scenario = scenario
        self.breakers = breakers
        counts = RunSummary(routes: scenario.routes.count, clusters: scenario.clusters.count)
        counts.scenarioNanoseconds = scenario.duration.nanoseconds
        if let runLength { counts.intervals = IntervalSeries(runLength: runLength) }
        var r = MetricsRegistry()
        let protocols = scenario.routes.map { route in scenario.clusters.first { route.clusters.contains($0.name) }?.protocolKind ?? .http }
        var families: [ClusterProtocol: Int] = [:]
        for kind in ClusterProtocol.allCases where kind == .http || protocols.contains(kind) {
            switch kind {
            case .http:
                families[kind] = r.declare("http_requests_total", .counter, help: "HTTP requests answered, by route and status.", labels: ["route", "status"])
            case .grpc:
                families[kind] = r.declare("grpc_requests_total", .counter, help: "gRPC calls answered, by route and gRPC status code.", labels: ["route", "code"])
            case .websocket:
                families[kind] = r.declare("ws_connections_total", .counter, help: "WebSocket upgrades answered, by route and status (101 opened a session).", labels: ["route", "status"])
                wsMessagesFamily = r.declare("ws_messages_total", .counter, help: "WebSocket messages, by cluster and direction (received, dropped by chaos, sent).", labels: ["cluster", "direction"])
                wsClosedFamily = r.declare("ws_sessions_closed_total", .counter, help: "WebSocket sessions ended, by cluster and close code (1006: connection dropped).", labels: ["cluster", "code"])
            case .graphql:
                families[kind] = r.declare("graphql_requests_total", .counter, help: "GraphQL requests answered, by route and outcome (failures inside a 200 answer count by their cause).", labels: ["route", "outcome"])
            }
        }
        routeProtocol = protocols
        routeFamily = protocols.map { families[$0]! }
        let routeDurationFamily = r.declare("http_request_duration_seconds", .histogram, help: "End-to-end latency of client requests, retries included.", labels: ["route"])
        clusterFamily = r.declare("cluster_requests_total", .counter, help: "Attempts concluded at each cluster, by status: answers in time, and timeouts as 504 (late answers count in cluster_late_answers_total).", labels: ["cluster", "status"])
        let clusterDurationFamily = r.declare("cluster_request_duration_seconds", .histogram, help: "Latency of attempts at each cluster.", labels: ["cluster"])
        let lateFamily = r.declare("cluster_late_answers_total", .counter, help: "Answers that came after their attempt's deadline (the attempt already counted as a 504 timeout).", labels: ["cluster"])
        let retriesFamily = r.declare("retries_total", .counter, help: "Retries sent, by the cluster they went to.", labels: ["cluster"])
        errorsFamily = r.declare("errors_total", .counter, help: "Failed client requests, by error type.", labels: ["type"])
        errorClassFamily = r.declare("errors_by_class_total", .counter,
                                     help: "Failed client requests (status 400 or above, or an outcome that names a failure), by error class and its severity.",
                                     labels: ["class", "severity"])
        let stateFamily = r.declare("circuit_breaker_state", .gauge,
                                    help: "Breaker state per cluster: 0 closed, 1 half-open, 2 open, 3 forced open, 4 disabled, 5 metrics only.",
                                    labels: ["name"])
        transitionsFamily = r.declare("circuit_breaker_state_changes_total", .counter, help: "Breaker state changes.", labels: ["name", "from_state", "to_state"])
        breakerRequestsFamily = r.declare("circuit_breaker_requests_total", .counter,
                                          help: "Calls through each breaker, by its state then and the result: success, failure, ignored (counted as neither), rejected.",
                                          labels: ["name", "state", "result"])
        operationsFamily = r.declare("circuit_breaker_operations_total", .counter,
                                     help: "Operations on breakers (actions, scripts, the API), by outcome: applied or why refused.",
                                     labels: ["name", "operation", "outcome"])
        let activeFamily = r.declare("chaos_active", .gauge, help: "1 while a chaos window is open.", labels: ["window", "target"])
        let injectedFamily = r.declare("chaos_faults_injected_total", .counter, help: "Attempts struck by a chaos window.", labels: ["window", "target"])
        let rejectionsFamily = breakers.isEmpty ? -1
            : r.declare("circuit_breaker_rejections_total", .counter,
                        help: "Admissions each breaker refused (first attempts and retries it would not let through).", labels: ["name"])
        for route in scenario.routes {
            routeDuration.append(r.series(routeDurationFamily, [route.name]))
        }
        guardedRoutes = scenario.routes.map { $0.cache != nil || $0.rateLimit != nil }
        let cacheRoutes = scenario.routes.filter { $0.cache != nil }
        if !cacheRoutes.isEmpty {
            let hits = r.declare("cache_hits_total", .counter, help: "Requests answered from the route's response cache, without an attempt.", labels: ["route"])
            let misses = r.declare("cache_misses_total", .counter, help: "Cache lookups that found no fresh answer (the request went to a cluster).", labels: ["route"])
            cacheSeries = scenario.routes.map { route in route.cache == nil ? nil : (r.series(hits, [route.name]), r.series(misses, [route.name])) }
        } else {
            cacheSeries = Array(repeating: nil, count: scenario.routes.count)
        }
        if scenario.routes.contains(where: { $0.rateLimit != nil }) {
            let limited = r.declare("rate_limited_total", .counter, help: "Requests the route's rate limit answered 429.", labels: ["route"])
            rateLimitedSeries = scenario.routes.map { $0.rateLimit == nil ? nil : r.series(limited, [$0.name]) }
        } else {
            rateLimitedSeries = Array(repeating: nil, count: scenario.routes.count)
        }
        for cluster in scenario.clusters {
            clusterDuration.append(r.series(clusterDurationFamily, [cluster.name]))
            retrySeries.append(r.series(retriesFamily, [cluster.name]))
            lateSeries.append(r.series(lateFamily, [cluster.name]))
            let guarded = scenario.breakers.policy(for: cluster.name) != nil
            breakerState.append(guarded ? r.series(stateFamily, [cluster.name]) : nil)
            rejectionSeries.append(guarded && rejectionsFamily >= 0 ? r.series(rejectionsFamily, [cluster.name]) : nil)
        }
        for window in scenario.chaos {
            chaosActive.append(r.series(activeFamily, [window.name, window.target.description]))
            chaosInjected.append(r.series(injectedFamily, [window.name, window.target.description]))
        }
        registry = r
        for (c, cluster) in scenario.clusters.enumerated() { counts.clusters[c].hasBreaker = scenario.breakers.policy(for: cluster.name) != nil }
        routeStatus = Array(repeating: [], count: scenario.routes.count)
        clusterStatus = Array(repeating: [], count: scenario.clusters.count)
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        ownExecutor?.asUnownedSerialExecutor() ?? timeline.executor.asUnownedSerialExecutor()
    }

    /// Consumes batches until the stream ends.
    func consume(_ batches: AsyncStream<[LabEvent]>) async {
        for await batch in batches { ingest(batch) }
    }

    /// Consumes batches until the stream ends, returning a credit for each (a consumer on its own thread).
    func consume(_ batches: AsyncStream<[LabEvent]>, credits: BatchCredits) async {
        for await batch in batches {
            ingest(batch)
            credits.give()
        }
    }

    /// The run's figures so far, given each cluster's breaker refusals (`breakerRefusals()`, read on
    /// the lab's thread); latency histograms come from the registry, where each sample was observed once.
    func summary(tallies: [BreakerTally?]) -> RunSummary {
        var s = counts
        for r in s.routes.indices {
            s.routes[r].latency = registry.histogram(routeDuration[r])
            s.latency.merge(s.routes[r].latency)
            s.routes[r].outcomes = registry.samples(routeFamily[r]).compactMap { sample in
                sample.labels[0] == scenario.routes[r].name && sample.value > 0 ? (sample.labels[1], Int(sample.value)) : nil
            }
        }
        for c in s.clusters.indices {
            s.clusters[c].latency = registry.histogram(clusterDuration[c])
            s.clusters[c].refused = tallies[c]?.rejected
        }
        return s
    }

    /// The registry as Prometheus text, with the breakers' tallies given.
    func prometheusText(tallies: [BreakerTally?]) -> String {
        for (c, tally) in tallies.enumerated() {
            guard let tally else { continue }
            if let series = rejectionSeries[c] { registry.set(series, Double(tally.rejected)) }
            let name = scenario.clusters[c].name
            for state in BreakerState.allCases {
                for result in BreakerTally.Result.allCases where tally.count(result, in: state) > 0 {
                    registry.set(registry.series(breakerRequestsFamily, [name, state.description, result.description]),
                                 Double(tally.count(result, in: state)))
                }
            }
        }
        return registry.prometheusText()
    }

    /// Each cluster's breaker tally so far; nil for a cluster without a breaker, or all nil when
    /// the breakers were not handed over. Called on the lab's thread, where the breakers run.
    nonisolated func breakerTallies() -> [BreakerTally?] {
        scenario.clusters.indices.map { c in
            guard c < breakers.count, scenario.breakers.policy(for: scenario.clusters[c].name) != nil else { return nil }
            var tally = BreakerTally()
            breakers[c].onLab { tally = $0.tally }
            return tally
        }
    }

    func ingest(_ batch: [LabEvent]) {
        for event in batch {
            switch event.view {
            case .requestArrived:
                counts.requests += 1
                counts.intervals.arrived(at: event.time)
            case .attemptSent(let cluster, _, let attempt, let window):
                if event.hedged {
                    hedged(cluster: cluster)
                } else if attempt > 0 {
                    counts.retries += 1
                    counts.intervals.retried(at: event.time)
                    registry.add(retrySeries[Int(cluster)])
                }
                if let window { registry.add(chaosInjected[Int(window)]) }
            case .attemptAnswered(let answer):
                let c = Int(answer.cluster)
                if answer.late {
                    registry.add(lateSeries[c])
                    counts.clusters[c].late += 1
                } else {
                    registry.add(statusSeries(&clusterStatus[c], clusterFamily, scenario.clusters[c].name, answer.status))
                    counts.clusters[c].record(status: answer.status)
                }
                registry.observe(clusterDuration[c], nanoseconds: answer.latency)
            case .attemptTimedOut(let cluster, _, _, let latency, _):
                let c = Int(cluster)
                registry.add(statusSeries(&clusterStatus[c], clusterFamily, scenario.clusters[c].name, 504))
                registry.observe(clusterDuration[c], nanoseconds: latency)
                counts.clusters[c].record(status: 504)
            case .requestCompleted(let completion):
                let r = Int(completion.route)
                registry.add(requestSeries(route: r, status: completion.status, outcome: completion.outcome))
                registry.observe(routeDuration[r], nanoseconds: completion.latency)
                counts.record(completion, at: event.time)
                if guardedRoutes[r] { doorCounted(completion, route: r) }
                if completion.attempts == 0 { answeredWithoutAttempt(completion.outcome) }
                if completion.status >= 500 {
                    let o = Int(completion.outcome.rawValue)
                    if errorSeries[o] == nil { errorSeries[o] = registry.series(errorsFamily, [completion.outcome.label]) }
                    registry.add(errorSeries[o]!)
                }
                if let errorClass = ErrorClass.of(status: completion.status, outcome: completion.outcome) {
                    counts.record(errorClass, route: r)
                    registry.add(errorClassSeries[errorClass.rawValue] ?? firstError(of: errorClass))
                }
            case .breakerTransition(let cluster, let from, let to):
                transition(at: event.time, cluster: cluster, from: from, to: to)
            case .breakerOperation(let cluster, let operation, let refused):
                operated(cluster: cluster, operation: operation, refused: refused)
            case .chaosBegan(let window, _):
                registry.set(chaosActive[Int(window)], 1)
                counts.chaosWindows.append(ChaosWindowRecord(window: scenario.chaos[Int(window)].name,
                                                              target: scenario.chaos[Int(window)].target.description, began: event.time, ended: nil))
            case .chaosEnded(let window, _):
                registry.set(chaosActive[Int(window)], 0)
                if let i = counts.chaosWindows.lastIndex(where: { $0.window == scenario.chaos[Int(window)].name && $0.ended == nil }) {
                    counts.chaosWindows[i].ended = event.time
                }
            case .sessionMessage(let cluster, _, let kind, _):
                let direction: String
                switch kind {
                case .clientDelivered:
                    direction = "received"
                    counts.clusters[Int(cluster)].messages.received += 1
                case .clientDropped:
                    direction = "dropped"
                    counts.clusters[Int(cluster)].messages.dropped += 1
                case .serverReply, .serverPush, .serverOnConnect:
                    direction = "sent"
                    counts.clusters[Int(cluster)].messages.sent += 1
                }
                registry.add(registry.series(wsMessagesFamily, [scenario.clusters[Int(cluster)].name, direction]))
            case .sessionClosed(let cluster, _, let code, _, _):
                registry.add(registry.series(wsClosedFamily, [scenario.clusters[Int(cluster)].name, String(code)]))
                counts.clusters[Int(cluster)].recordClose(code: Int(code))
            case .backendEjected, .backendReturned, .attemptCancelled, .modeSwitched:
                routingEvent(event)
            }
        }
    }

    /// The `errors_by_class_total` series of a class counting for the first time.
    @inline(never)
    private func firstError(of errorClass: ErrorClass) -> MetricsRegistry.SeriesID {
        let id = registry.series(errorClassFamily, [errorClass.name, errorClass.severity.name])
        errorClassSeries[errorClass.rawValue] = id
        return id
    }

    /// Ejections, returns, cancelled hedges and mode switches.
    @inline(never)
    private func routingEvent(_ event: LabEvent) {
        switch event.view {
        case .modeSwitched(let cluster, let mode, _):
            // Declared on the first switch, so runs without modes keep their exposition as it was.
            if modeFamily < 0 {
                modeFamily = registry.declare("lab_mode", .gauge, help: "The mode in force: 0 healthy, 1 degraded, 2 error, 3 chaos (scope: lab or a cluster).",
                                              labels: ["scope"])
            }
            if clusterModes.isEmpty { clusterModes = Array(repeating: nil, count: scenario.clusters.count) }
            if cluster < 0 {
                // A switch of the lab sets every cluster's mode: the gauges of clusters switched before follow.
                registry.set(registry.series(modeFamily, ["lab"]), Double(mode.rawValue))
                for series in clusterModes { if let series { registry.set(series, Double(mode.rawValue)) } }
            } else {
                let c = Int(cluster)
                if clusterModes[c] == nil { clusterModes[c] = registry.series(modeFamily, [scenario.clusters[c].name]) }
                registry.set(clusterModes[c]!, Double(mode.rawValue))
            }
        case .attemptCancelled(let cluster, _, _, _):
            let family = routingFamilies.declare(\.cancelled, in: &registry, "attempts_cancelled_total",
                                                 help: "Attempts given up because another attempt of their request answered first (hedges that lost).",
                                                 labels: ["cluster"])
            registry.add(registry.series(family, [scenario.clusters[Int(cluster)].name]))
            counts.routing.cancelled += 1
        case .backendEjected(let cluster, _, let reason, _, _):
            let name = scenario.clusters[Int(cluster)].name
            let total = routingFamilies.declare(\.ejections, in: &registry, "outlier_ejections_total",
                                                help: "Backends ejected by their cluster's outlier detection, by the rule that ejected them.",
                                                labels: ["cluster", "reason"])
            registry.add(registry.series(total, [name, reason.label]))
            ejectedChanged(cluster: cluster, by: 1)
            counts.routing.ejections += 1
        case .backendReturned(let cluster, _):
            ejectedChanged(cluster: cluster, by: -1)
            counts.routing.returns += 1
        default:
            break
        }
    }

    /// A request answered before any attempt: rate-limited and overflowed ones are counted.
    @inline(never)
    private func answeredWithoutAttempt(_ outcome: Outcome) {
        if outcome == .rateLimit { counts.routing.rateLimited += 1 }
        if outcome == .overflow { counts.routing.overflowed += 1 }
    }

    /// A completed request of a route with a cache or a rate limit: a hit, a miss or a refusal.
    @inline(never)
    private func doorCounted(_ completion: RequestCompletionView, route r: Int) {
        if let cache = cacheSeries[r], completion.outcome != .rateLimit {
            let hit = completion.attempts == 0 && completion.outcome == .ok
            registry.add(hit ? cache.hits : cache.misses)
            if hit { counts.routing.cacheHits += 1 } else { counts.routing.cacheMisses += 1 }
        }
        if completion.outcome == .rateLimit, let limited = rateLimitedSeries[r] { registry.add(limited) }
    }

    @inline(never)
    private func hedged(cluster: Int32) {
        counts.routing.hedges += 1
        let family = routingFamilies.declare(\.hedges, in: &registry, "hedges_total",
                                             help: "Hedged attempts sent (beside attempts still out, not after a failure), by cluster.",
                                             labels: ["cluster"])
        registry.add(registry.series(family, [scenario.clusters[Int(cluster)].name]))
    }

    private func ejectedChanged(cluster: Int32, by delta: Double) {
        let family = routingFamilies.declare(\.ejectedNow, in: &registry, "outlier_ejections_active",
                                             help: "Backends of each cluster ejected now.", labels: ["cluster"], kind: .gauge)
        let series = registry.series(family, [scenario.clusters[Int(cluster)].name])
        routingFamilies.ejectedCount[Int(cluster), default: 0] += delta
        registry.set(series, routingFamilies.ejectedCount[Int(cluster)]!)
    }

    /// Rare events, kept out of `ingest` so its per-request cases stay small enough to inline.
    @inline(never)
    private func transition(at time: Int64, cluster: Int32, from: BreakerState, to: BreakerState) {
        let name = scenario.clusters[Int(cluster)].name
        counts.transitions.append(BreakerTransitionRecord(at: time, cluster: name, from: from, to: to))
        registry.add(registry.series(transitionsFamily, [name, from.description, to.description]))
        if let gauge = breakerState[Int(cluster)] { registry.set(gauge, Double(to.metricValue)) }
    }

    @inline(never)
    private func operated(cluster: Int32, operation: BreakerOperation, refused: BreakerOperationError?) {
        let name = scenario.clusters[Int(cluster)].name
        registry.add(registry.series(operationsFamily, [name, operation.name, refused?.description ?? "applied"]))
    }

    /// The series a completed request counts in: its protocol's family, labelled by status, gRPC
    /// code or outcome. The cache is keyed by status and outcome together.
    @inline(__always)
    private func requestSeries(route r: Int, status: Int16, outcome: Outcome) -> MetricsRegistry.SeriesID {
        let key = Int16(truncatingIfNeeded: Int(status) &* 16 &+ Int(outcome.rawValue))
        for (k, id) in routeStatus[r] where k == key { return id }
        let label: String
        switch routeProtocol[r] {
        case .http, .websocket: label = String(status)
        case .graphql: label = outcome.label
        case .grpc: label = GRPCResponder.code(for: MockVerdict(status: status, outcome: outcome)).name
        }
        let id = registry.series(routeFamily[r], [scenario.routes[r].name, label])
        routeStatus[r].append((key, id))
        return id
    }

    @inline(__always)
    private func statusSeries(_ cache: inout [(Int16, MetricsRegistry.SeriesID)], _ family: Int, _ name: String, _ status: Int16) -> MetricsRegistry.SeriesID {
        for (s, id) in cache where s == status { return id }
        let id = registry.series(family, [name, String(status)])
        cache.append((status, id))
        return id
    }
}
