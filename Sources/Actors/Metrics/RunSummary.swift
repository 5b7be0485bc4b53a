/// The figures a run reports, accumulated from the trace by `MetricsActor`.
public struct RunSummary: Sendable {
    public var requests = 0
    public var completed = 0
    public var ok = 0
    public var failed = 0
    public var retries = 0
    public var rejectedByBreakers = 0
    /// End-to-end latency of every completed request (the routes' histograms merged at the end).
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
    mutating func record(_ completion: RequestCompletionView) {
        completed += 1
        if completion.status < 500 { ok += 1 } else { failed += 1 }
        if completion.attempts == 0 { rejectedByBreakers += 1 }
        routes[Int(completion.route)].record(status: completion.status)
    }
}

/// Completed requests of one route.
public struct RouteFigures: Sendable {
    public var completed = 0
    public var ok = 0
    /// Filled at the end from the route's duration histogram.
    public var latency = LatencyHistogram()

    @inline(__always)
    mutating func record(status: Int16) {
        completed += 1
        if status < 500 { ok += 1 }
    }
}

/// How one cluster's attempts concluded: answers in time and timeouts (as 504) by status in
/// ascending order, and answers that came after their deadline on their own.
public struct ClusterFigures: Sendable {
    public var statuses: [(status: Int, count: Int)] = []
    /// Answers after the attempt's deadline (already counted as a 504 timeout).
    public var late = 0
    /// Latency of the attempts (late answers included), filled at the end from the cluster's duration histogram.
    public var latency = LatencyHistogram()
    /// Attempts concluded: answers in time and timeouts, each counted once.
    public var answered: Int { statuses.reduce(0) { $0 + $1.count } }

    @inline(__always)
    mutating func record(status: Int16) {
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
