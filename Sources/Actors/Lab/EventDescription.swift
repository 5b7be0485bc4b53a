import Scenarios

extension LabEvent {
    /// One readable line naming the event's parts by the scenario's names, for determinism reports.
    public func describe(in scenario: Scenario) -> String {
        let at = "t=\(TimeSpan(nanoseconds: time))"
        func cluster(_ i: Int32) -> String { scenario.clusters.indices.contains(Int(i)) ? scenario.clusters[Int(i)].name : "#\(i)" }
        func route(_ i: Int32) -> String { scenario.routes.indices.contains(Int(i)) ? scenario.routes[Int(i)].name : "#\(i)" }
        let outcome = Outcome(rawValue: detail)?.label ?? "\(detail)"
        switch kind {
        case .requestArrived:
            return "\(at) request \(request) arrived on route \(route(subject)) (template \(detail), id \(value))"
        case .attemptSent:
            return "\(at) request \(request) attempt \(attempt) sent to cluster \(cluster(subject))" + (detail > 0 ? " (struck by chaos window \(detail - 1))" : "")
        case .attemptAnswered:
            return "\(at) request \(request) attempt \(attempt) answered \(status) (\(outcome)) by cluster \(cluster(subject)) after \(TimeSpan(nanoseconds: value))"
        case .attemptTimedOut:
            return "\(at) request \(request) attempt \(attempt) timed out at cluster \(cluster(subject)) after \(TimeSpan(nanoseconds: value))"
        case .requestCompleted:
            return "\(at) request \(request) completed \(status) (\(outcome)) on route \(route(subject)) after \(attempt) attempt(s), \(TimeSpan(nanoseconds: value))"
        case .breakerTransition:
            let from = BreakerState(rawValue: UInt8(detail >> 8)).map(\.description) ?? "?"
            let to = BreakerState(rawValue: UInt8(detail & 0xFF)).map(\.description) ?? "?"
            return "\(at) breaker \(cluster(subject)) \(from) -> \(to)"
        case .chaosBegan:
            return "\(at) chaos window \(subject) began on cluster \(cluster(detail))"
        case .chaosEnded:
            return "\(at) chaos window \(subject) ended on cluster \(cluster(detail))"
        case .sessionMessage:
            let kind = WebSocketSessions.MessageKind(rawValue: detail).map { "\($0)" } ?? "\(detail)"
            return "\(at) request \(request) websocket message (\(kind)) on cluster \(cluster(subject))"
        case .sessionClosed:
            return "\(at) request \(request) websocket session closed \(UInt16(bitPattern: status)) on cluster \(cluster(subject)) after \(TimeSpan(nanoseconds: value))"
        }
    }
}

/// Where two runs' traces first differ, if they do.
public struct TraceDivergence: Sendable {
    /// Index of the first differing event (or of the first event one run has and the other lacks).
    public var index: Int
    public var first: LabEvent?
    public var second: LabEvent?

    /// Compares two event lists; nil when they are identical.
    public static func first(_ a: [LabEvent], _ b: [LabEvent]) -> TraceDivergence? {
        let n = min(a.count, b.count)
        for i in 0..<n where a[i] != b[i] { return TraceDivergence(index: i, first: a[i], second: b[i]) }
        if a.count == b.count { return nil }
        return TraceDivergence(index: n, first: a.count > n ? a[n] : nil, second: b.count > n ? b[n] : nil)
    }
}
