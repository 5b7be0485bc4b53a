import Scenarios

/// The figures a run reports, accumulated from the trace by `MetricsActor`.
public struct RunSummary: Sendable {
    public var requests = 0
    public var completed = 0
    public var ok = 0
    public var failed = 0
    public var retries = 0
    /// Requests that no cluster's breaker admitted, so that no attempt was sent: they completed
    /// with 503 `circuit_breaker`. Each breaker's own refusals are `ClusterFigures.refused`.
    public var refusedByEveryBreaker = 0
    /// Hedges, cache, rate limits, pool overflows and ejections.
    public var routing = RoutingCounts()
    /// Failed completed requests by error class and severity (`ErrorClass`): status 400 or above,
    /// or an outcome that names a failure. Wider than `failed`, which counts 5xx only.
    public var errors = ErrorCounts()
    /// The first name of `refusedByEveryBreaker`.
    public var rejectedByBreakers: Int { refusedByEveryBreaker }
    /// Completed requests by the attempts they sent: `attempts[n]` requests sent n attempts
    /// (index 0: refused by every breaker). Retry amplification reads here.
    public var attempts: [Int] = [0, 0, 0]
    /// End-to-end latency of every completed request (the routes' histograms merged at the end).
    public var latency = LatencyHistogram()
    public var routes: [RouteFigures]
    public var clusters: [ClusterFigures]
    public var transitions: [BreakerTransitionRecord] = []
    public var chaosWindows: [ChaosWindowRecord] = []
    /// The run in slices of time, for the table over time (`IntervalTable`).
    public var intervals = IntervalSeries()
    /// The scenario's own duration, in nanoseconds: the story its expectations are written for. A
    /// run may be shorter or longer (`RunOptions.duration`, `--duration`).
    public var scenarioNanoseconds: Int64 = 0

    init(routes: Int, clusters: Int) {
        self.routes = Array(repeating: RouteFigures(), count: routes)
        self.clusters = Array(repeating: ClusterFigures(), count: clusters)
    }

    /// Attempts sent per completed request, retries included; 0 when none completed.
    public var meanAttempts: Double {
        guard completed > 0 else { return 0 }
        var sent = 0
        for (n, count) in attempts.enumerated() { sent += n * count }
        return Double(sent) / Double(completed)
    }

    /// Counts a failed completed request of `route` under its class, for the run and the route.
    @inline(__always)
    mutating func record(_ errorClass: ErrorClass, route: Int) {
        errors.record(errorClass)
        routes[route].errors.record(errorClass)
    }

    /// Completed requests that sent at least `n` attempts.
    public func requests(sendingAtLeast n: Int) -> Int { attempts.dropFirst(n).reduce(0, +) }

    @inline(__always)
    mutating func record(_ completion: RequestCompletionView, at time: Int64) {
        completed += 1
        let ok = completion.status < 500
        if ok { self.ok += 1 } else { failed += 1 }
        let n = Int(completion.attempts)
        if n == 0 && completion.outcome == .circuitBreaker { refusedByEveryBreaker += 1 }
        if n >= attempts.count { attempts.append(contentsOf: repeatElement(0, count: n + 1 - attempts.count)) }
        attempts[n] += 1
        routes[Int(completion.route)].record(status: completion.status, attempts: n)
        intervals.completed(at: time, ok: ok, latency: completion.latency)
    }
}

/// Completed requests of one route.
public struct RouteFigures: Sendable {
    public var completed = 0
    public var ok = 0
    /// Attempts the completed requests sent, retries included (`attemptsPerRequest` of a route).
    public var attempts = 0
    /// The route's failed requests by error class and severity.
    public var errors = ErrorCounts()
    /// Filled at the end from the route's duration histogram.
    public var latency = LatencyHistogram()
    /// How the route's requests ended in its protocol, filled at the end from its request family
    /// (`http_requests_total`, `grpc_requests_total`, `ws_connections_total`,
    /// `graphql_requests_total`): HTTP and WebSocket-upgrade statuses, gRPC code names, or GraphQL
    /// outcomes (`ok`, or the cause of an error answer), in label order.
    public var outcomes: [(label: String, count: Int)] = []

    @inline(__always)
    mutating func record(status: Int16, attempts: Int) {
        completed += 1
        if status < 500 { ok += 1 }
        self.attempts += attempts
    }

    /// Attempts sent per completed request, retries included; 0 when none completed.
    public var meanAttempts: Double { completed == 0 ? 0 : Double(attempts) / Double(completed) }
}

/// How one cluster's attempts concluded: answers in time and timeouts (as 504) by status in
/// ascending order, and answers that came after their deadline on their own.
public struct ClusterFigures: Sendable {
    public var statuses: [(status: Int, count: Int)] = []
    /// Answers after the attempt's deadline (already counted as a 504 timeout).
    public var late = 0
    /// Whether the cluster has a breaker.
    public var hasBreaker = false
    /// Admissions the cluster's breaker refused (a first attempt or a retry the router could not
    /// send it); nil when the cluster has no breaker, or the breakers' counts were not read.
    public var refused: Int?
    /// WebSocket sessions the cluster ended, by close code (1006: dropped), ascending; empty for other protocols.
    public var sessionsClosed: [(code: Int, count: Int)] = []
    /// WebSocket messages: delivered to the cluster, dropped by chaos on the way, and sent by it.
    public var messages = SessionMessageFigures()
    /// Latency of the attempts (late answers included), filled at the end from the cluster's duration histogram.
    public var latency = LatencyHistogram()
    /// Attempts concluded: answers in time and timeouts, each counted once.
    public var answered: Int { statuses.reduce(0) { $0 + $1.count } }
    /// Attempts concluded with an answer below 500 in time (a timeout counts as 504).
    public var answeredBelow500: Int { statuses.reduce(0) { $0 + ($1.status < 500 ? $1.count : 0) } }

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

    mutating func recordClose(code: Int) {
        for i in sessionsClosed.indices where sessionsClosed[i].code == code {
            sessionsClosed[i].count += 1
            return
        }
        sessionsClosed.append((code, 1))
        sessionsClosed.sort { $0.code < $1.code }
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

/// A WebSocket cluster's messages over the run.
public struct SessionMessageFigures: Sendable, Equatable {
    /// Client messages that reached a backend.
    public var received = 0
    /// Client messages a chaos window dropped.
    public var dropped = 0
    /// Replies, pushes and on-connect messages the backends sent.
    public var sent = 0
}
