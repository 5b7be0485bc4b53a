/// The figures a run reports, accumulated from the trace by `MetricsActor`.
public struct RunSummary: Sendable {
    public var requests = 0
    public var completed = 0
    public var ok = 0
    public var failed = 0
    public var retries = 0
    public var rejectedByBreakers = 0
    public var latency = LatencyHistogram()
    public var routes: [RouteFigures]
    public var clusters: [ClusterFigures]
    public var transitions: [BreakerTransitionRecord] = []
    public var chaosWindows: [ChaosWindowRecord] = []

    init(routes: Int, clusters: Int) {
        self.routes = Array(repeating: RouteFigures(), count: routes)
        self.clusters = Array(repeating: ClusterFigures(), count: clusters)
    }

    @inline(__always)
    mutating func record(completion event: LabEvent) {
        completed += 1
        if event.status < 500 { ok += 1 } else { failed += 1 }
        if event.attempt == 0 { rejectedByBreakers += 1 }
        latency.record(event.value)
        routes[Int(event.subject)].record(status: event.status, latency: event.value)
    }
}

/// Completed requests of one route.
public struct RouteFigures: Sendable {
    public var completed = 0
    public var ok = 0
    public var latency = LatencyHistogram()

    @inline(__always)
    mutating func record(status: Int16, latency value: Int64) {
        completed += 1
        if status < 500 { ok += 1 }
        latency.record(value)
    }
}

/// Answers from one cluster, by status in ascending order, and their latency.
public struct ClusterFigures: Sendable {
    public var statuses: [(status: Int, count: Int)] = []
    public var latency = LatencyHistogram()
    public var answered: Int { statuses.reduce(0) { $0 + $1.count } }

    @inline(__always)
    mutating func record(status: Int16, latency value: Int64) {
        latency.record(value)
        let s = Int(status)
        for i in statuses.indices where statuses[i].status == s {
            statuses[i].count += 1
            return
        }
        statuses.append((s, 1))
        statuses.sort { $0.status < $1.status }
    }
}

/// A breaker state change, as reports list it.
public struct BreakerTransitionRecord: Sendable, Equatable {
    public var at: Int64
    public var cluster: String
    public var from: BreakerState
    public var to: BreakerState
}

/// A chaos window, as reports list it; `ended` is nil when it was still open at the end.
public struct ChaosWindowRecord: Sendable, Equatable {
    public var window: String
    public var target: String
    public var began: Int64
    public var ended: Int64?
}
