import Scenarios

/// Everything a run produced: the figures of `--json`, the breaker and chaos timelines, the
/// trace hash, the recording and, when asked for, every event.
public struct RunResult: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var virtualNanoseconds: Int64
    public var summary: RunSummary
    public var traceHash: String
    public var eventCount: Int
    public var events: [LabEvent]?
    public var recording: RecordingOutcome?
    public var expectations: [ExpectationResult]
    /// The metrics at the end of the run, in Prometheus text format.
    public var metricsText: String
    public var clusterNames: [String]
    public var routeNames: [String]
    /// What each script's steps saw, in the scenario's order of scripts.
    public var scriptResults: [ScriptResults] = []

    public var virtualSeconds: Double { Double(virtualNanoseconds) / 1e9 }
    public var successRatio: Double { summary.completed == 0 ? 0 : Double(summary.ok) / Double(summary.completed) }
    public var p50Milliseconds: Double { Double(summary.latency.quantile(0.50)) / 1e6 }
    public var p99Milliseconds: Double { Double(summary.latency.quantile(0.99)) / 1e6 }

    /// Breaker opens per cluster name.
    public func breakerOpens(_ cluster: String) -> Int {
        summary.transitions.filter { $0.cluster == cluster && $0.to == .open }.count
    }

    /// Each breaker's run, in cluster order: how often it opened, how long it stayed open, what it
    /// refused, and the state it ended in.
    public var breakers: [BreakerFigures] {
        clusterNames.indices.filter { summary.clusters[$0].hasBreaker }.map { c in
            let name = clusterNames[c]
            var figures = BreakerFigures(cluster: name, refused: summary.clusters[c].refused)
            var openSince: Int64?
            for t in summary.transitions where t.cluster == name {
                figures.transitions += 1
                if t.to == .open { figures.opens += 1 }
                if let since = openSince { figures.openNanoseconds += t.at - since }
                openSince = t.to == .open ? t.at : nil
                figures.finalState = t.to
            }
            if let since = openSince { figures.openNanoseconds += max(virtualNanoseconds - since, 0) }
            return figures
        }
    }

    /// Answers by status from the named cluster.
    public func answers(from cluster: String) -> [(status: Int, count: Int)] {
        guard let i = clusterNames.firstIndex(of: cluster) else { return [] }
        return summary.clusters[i].statuses
    }

    /// Whether no expectation failed (one not evaluated does not fail the run) and the recording
    /// (if any) was written whole.
    public var passed: Bool { expectations.allSatisfy { $0.status != .failed } && recording?.error == nil }

    /// The run over time in rows of `width` nanoseconds (nil: about `IntervalTable.automaticRows`
    /// rows), with each breaker's state per row.
    public func intervals(width: Int64? = nil) -> IntervalTable {
        IntervalTable(summary, end: virtualNanoseconds,
                      breakers: clusterNames.indices.filter { summary.clusters[$0].hasBreaker }.map { clusterNames[$0] }, width: width)
    }
}

/// An expectation of the scenario and what the run made of it, with what was seen.
public struct ExpectationResult: Sendable {
    public var expectation: Expectation
    public var status: ExpectationStatus
    public var observed: String

    /// Whether the run met it (false both when it failed and when it was not evaluated).
    public var met: Bool { status == .met }
}

/// What a run made of an expectation.
public enum ExpectationStatus: Sendable, Equatable {
    case met
    case failed
    /// The run could not judge it (a window past the run's end, a "never" over a run shorter than
    /// the story, no request completed); `reason` says which. It does not fail the run.
    case notEvaluated(reason: String)

    /// "met", "failed" or "not_evaluated", as the JSON report spells it.
    public var name: String {
        switch self {
        case .met: return "met"
        case .failed: return "failed"
        case .notEvaluated: return "not_evaluated"
        }
    }

    /// Why it was not evaluated; nil otherwise.
    public var reason: String? {
        if case .notEvaluated(let reason) = self { return reason }
        return nil
    }
}

/// One breaker over a run, from its transitions and its refusals.
public struct BreakerFigures: Sendable, Equatable {
    public var cluster: String
    /// Admissions it refused; nil when not counted (see `ClusterFigures.refused`).
    public var refused: Int?
    public var transitions = 0
    public var opens = 0
    /// Time spent open (not half-open), to the end of the run.
    public var openNanoseconds: Int64 = 0
    public var finalState = BreakerState.closed

    public init(cluster: String, refused: Int?) {
        self.cluster = cluster
        self.refused = refused
    }
}
