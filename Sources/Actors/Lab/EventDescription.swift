import Scenarios

extension LabEvent {
    /// One readable line naming the event's parts by the scenario's names, for determinism reports.
    public func describe(in scenario: Scenario) -> String {
        let at = "t=\(TimeSpan(nanoseconds: time))"
        func cluster(_ i: Int32) -> String { scenario.clusters.indices.contains(Int(i)) ? scenario.clusters[Int(i)].name : "#\(i)" }
        func route(_ i: Int32) -> String { scenario.routes.indices.contains(Int(i)) ? scenario.routes[Int(i)].name : "#\(i)" }
        switch view {
        case .requestArrived(let r, let request, let template, let parameter):
            return "\(at) request \(request) arrived on route \(route(r)) (template \(template), id \(parameter))"
        case .attemptSent(let c, let request, let attempt, let window):
            return "\(at) request \(request) attempt \(attempt) sent to cluster \(cluster(c))" + (window.map { " (struck by chaos window \($0))" } ?? "")
        case .attemptAnswered(let a):
            return "\(at) request \(a.request) attempt \(a.attempt) answered \(a.status) (\(a.outcome.label)) by cluster \(cluster(a.cluster)) after \(TimeSpan(nanoseconds: a.latency))"
                + (a.late ? ", late" : "")
        case .attemptTimedOut(let c, let request, let attempt, let latency, let hung):
            return "\(at) request \(request) attempt \(attempt) timed out at cluster \(cluster(c)) after \(TimeSpan(nanoseconds: latency))"
                + (hung ? " (held by chaos: no answer will come)" : "")
        case .requestCompleted(let c):
            return "\(at) request \(c.request) completed \(c.status) (\(c.outcome.label)) on route \(route(c.route)) after \(c.attempts) attempt(s), \(TimeSpan(nanoseconds: c.latency))"
        case .breakerTransition(let c, let from, let to):
            return "\(at) breaker \(cluster(c)) \(from) -> \(to)"
        case .breakerOperation(let c, let operation, let refused):
            var text = "\(at) breaker \(cluster(c)) \(operation.name)"
            if case .transitionToOpenFor(let wait) = operation { text += " \(TimeSpan(nanoseconds: wait))" }
            return refused.map { text + " refused: \($0)" } ?? text
        case .chaosBegan(let window, let target):
            return target >= 0 ? "\(at) chaos window \(window) began on cluster \(cluster(target))" : "\(at) chaos window \(window) began on its route"
        case .chaosEnded(let window, let target):
            return target >= 0 ? "\(at) chaos window \(window) ended on cluster \(cluster(target))" : "\(at) chaos window \(window) ended on its route"
        case .sessionMessage(let c, let request, let kind, _):
            return "\(at) request \(request) websocket message (\(kind)) on cluster \(cluster(c))"
        case .sessionClosed(let c, let request, let code, _, let length):
            return "\(at) request \(request) websocket session closed \(code) on cluster \(cluster(c)) after \(TimeSpan(nanoseconds: length))"
        case .backendEjected(let c, let backend, let reason, let ejections, let until):
            return "\(at) backend \(backend) of cluster \(cluster(c)) ejected (\(reason.label), ejection \(ejections)) until t=\(TimeSpan(nanoseconds: until))"
        case .backendReturned(let c, let backend):
            return "\(at) backend \(backend) of cluster \(cluster(c)) returned"
        case .attemptCancelled(let c, let request, let attempt, let latency):
            return "\(at) request \(request) attempt \(attempt) at cluster \(cluster(c)) cancelled after \(TimeSpan(nanoseconds: latency)): another attempt answered first"
        case .modeSwitched(let c, let mode, let entry):
            return "\(at) " + (c < 0 ? "lab" : "cluster \(cluster(c))") + " switched to mode \(mode.name)" + (entry >= 0 ? " (modes[\(entry)])" : " (API)")
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
