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

    public var virtualSeconds: Double { Double(virtualNanoseconds) / 1e9 }
    public var successRatio: Double { summary.completed == 0 ? 0 : Double(summary.ok) / Double(summary.completed) }
    public var p50Milliseconds: Double { Double(summary.latency.quantile(0.50)) / 1e6 }
    public var p99Milliseconds: Double { Double(summary.latency.quantile(0.99)) / 1e6 }

    /// Breaker opens per cluster name.
    public func breakerOpens(_ cluster: String) -> Int {
        summary.transitions.filter { $0.cluster == cluster && $0.to == .open }.count
    }

    /// Answers by status from the named cluster.
    public func answers(from cluster: String) -> [(status: Int, count: Int)] {
        guard let i = clusterNames.firstIndex(of: cluster) else { return [] }
        return summary.clusters[i].statuses
    }

    /// Whether every expectation held and the recording (if any) was written whole.
    public var passed: Bool { expectations.allSatisfy(\.met) && recording?.error == nil }
}

/// An expectation of the scenario and whether the run met it, with what was seen.
public struct ExpectationResult: Sendable {
    public var expectation: Expectation
    public var met: Bool
    public var observed: String
}
