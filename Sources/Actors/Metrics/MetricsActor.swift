import Protocols
import Scenarios

/// Turns the trace into numbers: Prometheus families (requests, durations, breaker states, chaos)
/// and the run's summary figures. Fed batches of events over an `AsyncStream`, never per request.
public actor MetricsActor: LabActor {
    nonisolated let kernel: LabKernel
    private let scenario: Scenario
    @exclusivity(unchecked) public private(set) var registry = MetricsRegistry()
    @exclusivity(unchecked) private(set) var summary: RunSummary

    /// The request family of each route, by the protocol its clusters speak.
    private let routeFamily: [Int]
    private let routeProtocol: [ClusterProtocol]
    private var wsMessagesFamily = -1
    private var wsClosedFamily = -1
    private let clusterFamily: Int
    private let errorsFamily: Int
    private let transitionsFamily: Int
    @exclusivity(unchecked) private var routeDuration: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var clusterDuration: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var retrySeries: [MetricsRegistry.SeriesID] = []
    /// The state gauge of each cluster's breaker; nil for a cluster without one.
    @exclusivity(unchecked) private var breakerState: [MetricsRegistry.SeriesID?] = []
    @exclusivity(unchecked) private var chaosActive: [MetricsRegistry.SeriesID] = []
    @exclusivity(unchecked) private var chaosInjected: [MetricsRegistry.SeriesID] = []
    /// Per route / per cluster: (status, series) pairs, searched linearly (a handful per key).
    @exclusivity(unchecked) private var routeStatus: [[(Int16, MetricsRegistry.SeriesID)]]
    @exclusivity(unchecked) private var clusterStatus: [[(Int16, MetricsRegistry.SeriesID)]]
    @exclusivity(unchecked) private var errorSeries: [MetricsRegistry.SeriesID?] = Array(repeating: nil, count: Outcome.allCases.count)

    init(kernel: LabKernel, scenario: Scenario) {
        self.kernel = kernel
        self.scenario = scenario
        summary = RunSummary(routes: scenario.routes.count, clusters: scenario.clusters.count)
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
        clusterFamily = r.declare("cluster_requests_total", .counter, help: "Attempts answered by each cluster (timeouts as 504), by status.", labels: ["cluster", "status"])
        let clusterDurationFamily = r.declare("cluster_request_duration_seconds", .histogram, help: "Latency of attempts at each cluster.", labels: ["cluster"])
        let retriesFamily = r.declare("retries_total", .counter, help: "Retries sent, by the cluster they went to.", labels: ["cluster"])
        errorsFamily = r.declare("errors_total", .counter, help: "Failed client requests, by error type.", labels: ["type"])
        let stateFamily = r.declare("circuit_breaker_state", .gauge, help: "Breaker state per cluster: 0 closed, 1 open, 2 half-open.", labels: ["breaker"])
        transitionsFamily = r.declare("circuit_breaker_state_changes_total", .counter, help: "Breaker state changes.", labels: ["breaker", "from_state", "to_state"])
        let activeFamily = r.declare("chaos_active", .gauge, help: "1 while a chaos window is open.", labels: ["window", "target"])
        let injectedFamily = r.declare("chaos_faults_injected_total", .counter, help: "Attempts struck by a chaos window.", labels: ["window", "target"])
        for route in scenario.routes {
            routeDuration.append(r.series(routeDurationFamily, [route.name]))
        }
        for cluster in scenario.clusters {
            clusterDuration.append(r.series(clusterDurationFamily, [cluster.name]))
            retrySeries.append(r.series(retriesFamily, [cluster.name]))
            breakerState.append(scenario.breakers.policy(for: cluster.name) != nil ? r.series(stateFamily, [cluster.name]) : nil)
        }
        for window in scenario.chaos {
            chaosActive.append(r.series(activeFamily, [window.name, window.target]))
            chaosInjected.append(r.series(injectedFamily, [window.name, window.target]))
        }
        registry = r
        routeStatus = Array(repeating: [], count: scenario.routes.count)
        clusterStatus = Array(repeating: [], count: scenario.clusters.count)
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor { kernel.executor.asUnownedSerialExecutor() }

    /// Consumes batches until the stream ends.
    func consume(_ batches: AsyncStream<[LabEvent]>) async {
        for await batch in batches { ingest(batch) }
    }

    /// The registry as Prometheus text.
    public func prometheusText() -> String { registry.prometheusText() }

    func ingest(_ batch: [LabEvent]) {
        for event in batch {
            switch event.kind {
            case .requestArrived:
                summary.requests += 1
            case .attemptSent:
                if event.attempt > 0 {
                    summary.retries += 1
                    registry.add(retrySeries[Int(event.subject)])
                }
                if event.detail > 0 { registry.add(chaosInjected[Int(event.detail) - 1]) }
            case .attemptAnswered, .attemptTimedOut:
                let c = Int(event.subject)
                registry.add(statusSeries(&clusterStatus[c], clusterFamily, scenario.clusters[c].name, event.status))
                registry.observe(clusterDuration[c], nanoseconds: event.value)
                summary.clusters[c].record(status: event.status, latency: event.value)
            case .requestCompleted:
                let r = Int(event.subject)
                registry.add(requestSeries(route: r, event))
                registry.observe(routeDuration[r], nanoseconds: event.value)
                summary.record(completion: event)
                if event.status >= 500 {
                    let outcome = Outcome(rawValue: event.detail) ?? .internalError
                    if errorSeries[Int(outcome.rawValue)] == nil {
                        errorSeries[Int(outcome.rawValue)] = registry.series(errorsFamily, [outcome.label])
                    }
                    registry.add(errorSeries[Int(outcome.rawValue)]!)
                }
            case .breakerTransition:
                let from = BreakerState(rawValue: UInt8(event.detail >> 8)) ?? .closed
                let to = BreakerState(rawValue: UInt8(event.detail & 0xFF)) ?? .closed
                let name = scenario.clusters[Int(event.subject)].name
                summary.transitions.append(BreakerTransitionRecord(at: event.time, cluster: name, from: from, to: to))
                registry.add(registry.series(transitionsFamily, [name, from.description, to.description]))
                if let gauge = breakerState[Int(event.subject)] { registry.set(gauge, Double(to.rawValue)) }
            case .chaosBegan:
                registry.set(chaosActive[Int(event.subject)], 1)
                summary.chaosWindows.append(ChaosWindowRecord(window: scenario.chaos[Int(event.subject)].name,
                                                              target: scenario.chaos[Int(event.subject)].target, began: event.time, ended: nil))
            case .sessionMessage, .sessionClosed:
                sessionEvent(event)
            case .chaosEnded:
                registry.set(chaosActive[Int(event.subject)], 0)
                if let i = summary.chaosWindows.lastIndex(where: { $0.window == scenario.chaos[Int(event.subject)].name && $0.ended == nil }) {
                    summary.chaosWindows[i].ended = event.time
                }
            }
        }
    }

    /// The series a completed request counts in: its protocol's family, labelled by status, gRPC
    /// code or outcome. The cache is keyed by status and outcome together.
    @inline(__always)
    private func requestSeries(route r: Int, _ event: LabEvent) -> MetricsRegistry.SeriesID {
        let key = Int16(truncatingIfNeeded: Int(event.status) &* 8 &+ Int(event.detail))
        for (k, id) in routeStatus[r] where k == key { return id }
        let label: String
        let outcome = Outcome(rawValue: event.detail) ?? .internalError
        switch routeProtocol[r] {
        case .http, .websocket: label = String(event.status)
        case .graphql: label = outcome.label
        case .grpc: label = ProtocolStatus.grpcCode(status: event.status, outcome: outcome).name
        }
        let id = registry.series(routeFamily[r], [scenario.routes[r].name, label])
        routeStatus[r].append((key, id))
        return id
    }

    private func sessionEvent(_ event: LabEvent) {
        let cluster = scenario.clusters[Int(event.subject)].name
        if event.kind == .sessionClosed {
            registry.add(registry.series(wsClosedFamily, [cluster, String(UInt16(bitPattern: event.status))]))
            return
        }
        let direction: String
        switch WebSocketSessions.MessageKind(rawValue: event.detail) {
        case .clientDelivered: direction = "received"
        case .clientDropped: direction = "dropped"
        default: direction = "sent"
        }
        registry.add(registry.series(wsMessagesFamily, [cluster, direction]))
    }

    @inline(__always)
    private func statusSeries(_ cache: inout [(Int16, MetricsRegistry.SeriesID)], _ family: Int, _ name: String, _ status: Int16) -> MetricsRegistry.SeriesID {
        for (s, id) in cache where s == status { return id }
        let id = registry.series(family, [name, String(status)])
        cache.append((status, id))
        return id
    }
}
