import Scenarios

/// The figures' expectations: success ratio, latency quantiles and attempts per request, for the
/// run, a route or a cluster.
extension ExpectationCheck {
    /// Run and route: completed requests below 500 over completed requests. Cluster: attempts
    /// answered below 500 in time over attempts concluded (answers in time and timeouts as 504);
    /// late answers and breaker refusals are not attempts concluded.
    func successRatio(_ minimum: Double, of scope: ExpectationScope) -> Verdict {
        let good: Int, total: Int, counted: String
        switch scope {
        case .run:
            guard summary.completed > 0 else { return (.notEvaluated(reason: "no request completed"), "no success ratio") }
            return (result.successRatio >= minimum ? .met : .failed, "success ratio \(result.successRatio)\(over)")
        case .route(let name):
            guard let f = route(name) else { return (.notEvaluated(reason: "no route \"\(name)\" in the run"), "no success ratio") }
            guard f.completed > 0 else { return (.notEvaluated(reason: "no request of route \"\(name)\" completed"), "no success ratio") }
            (good, total, counted) = (f.ok, f.completed, "completed requests answered below 500")
        case .cluster(let name):
            guard let f = cluster(name) else { return (.notEvaluated(reason: "no cluster \"\(name)\" in the run"), "no success ratio") }
            guard f.answered > 0 else { return (.notEvaluated(reason: "no attempt at cluster \"\(name)\" concluded"), "no success ratio") }
            (good, total, counted) = (f.answeredBelow500, f.answered, "attempts concluded answered below 500 in time")
        }
        let ratio = Double(good) / Double(total)
        return (ratio >= minimum ? .met : .failed, "success ratio \(ratio) (\(good) of \(total) \(counted))\(over)")
    }

    /// End-to-end latency for the run and a route; the attempts' latency (answers, late ones
    /// included, and timeouts) for a cluster.
    func latency(_ quantile: LatencyQuantile, _ maximum: TimeSpan, of scope: ExpectationScope) -> Verdict {
        let none = "no \(quantile.rawValue)"
        let histogram: LatencyHistogram
        switch scope {
        case .run:
            guard summary.completed > 0 else { return (.notEvaluated(reason: "no request completed"), none) }
            histogram = summary.latency
        case .route(let name):
            guard let f = route(name) else { return (.notEvaluated(reason: "no route \"\(name)\" in the run"), none) }
            guard f.completed > 0 else { return (.notEvaluated(reason: "no request of route \"\(name)\" completed"), none) }
            histogram = f.latency
        case .cluster(let name):
            guard let f = cluster(name) else { return (.notEvaluated(reason: "no cluster \"\(name)\" in the run"), none) }
            guard f.latency.count > 0 else { return (.notEvaluated(reason: "no attempt at cluster \"\(name)\" concluded"), none) }
            histogram = f.latency
        }
        let value = histogram.quantile(quantile.fraction)
        return (value <= maximum.nanoseconds ? .met : .failed, "\(quantile.rawValue) \(Double(value / 1000) / 1000) ms\(over)")
    }

    /// Attempts sent (retries included; none for a request every breaker refused) per completed request.
    func attemptsPerRequest(_ range: ExpectedRange<Double>, route name: String?) -> Verdict {
        let sent: Int, completed: Int
        if let name {
            guard let f = route(name) else { return (.notEvaluated(reason: "no route \"\(name)\" in the run"), "no attempts per request") }
            guard f.completed > 0 else { return (.notEvaluated(reason: "no request of route \"\(name)\" completed"), "no attempts per request") }
            (sent, completed) = (f.attempts, f.completed)
        } else {
            guard summary.completed > 0 else { return (.notEvaluated(reason: "no request completed"), "no attempts per request") }
            (sent, completed) = (summary.attempts.enumerated().reduce(0) { $0 + $1.offset * $1.element }, summary.completed)
        }
        let mean = Double(sent) / Double(completed)
        let seen = "\((mean * 10_000).rounded() / 10_000) attempts per completed request (\(sent) sent for \(completed))"
        if let maximum = range.max, mean > maximum { return (.failed, "\(seen), more than \(maximum)\(over)") }
        if let minimum = range.min, mean < minimum { return (.failed, "\(seen), fewer than \(minimum)\(over)") }
        return (.met, seen + over)
    }

    private func route(_ name: String) -> RouteFigures? {
        result.routeNames.firstIndex(of: name).flatMap { summary.routes.indices.contains($0) ? summary.routes[$0] : nil }
    }

    private func cluster(_ name: String) -> ClusterFigures? {
        result.clusterNames.firstIndex(of: name).flatMap { summary.clusters.indices.contains($0) ? summary.clusters[$0] : nil }
    }
}
