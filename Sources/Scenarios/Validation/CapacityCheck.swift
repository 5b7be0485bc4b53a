import Foundation

/// A cluster behind an unbounded queue that is offered more requests per second than it can serve:
/// its queue, and every latency behind it, grows for as long as the load lasts.
public struct CapacityWarning: Sendable, Equatable, CustomStringConvertible {
    /// Index of the cluster in `Scenario.clusters`.
    public var clusterIndex: Int
    public var cluster: String
    /// Peak requests per second the traffic sends to the cluster (first attempts, see `CapacityCheck`).
    public var offeredRate: Double
    /// Requests per second the cluster serves: backends × concurrency ÷ mean service time.
    public var capacity: Double

    /// The key path, `clusters[2]`.
    public var path: String { "clusters[\(clusterIndex)]" }

    public var message: String {
        "cluster \"\(cluster)\" is offered \(Self.format(offeredRate)) requests/s at peak but serves at most \(Self.format(capacity))/s "
            + "(backends × concurrency ÷ mean latency); its queue has no limit, so it grows without bound while the load lasts "
            + "— give the cluster a queue limit (queue: N) or more capacity"
    }

    /// `clusters[2]: cluster "a" is offered …`.
    public var description: String { "\(path): \(message)" }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}

/// Finds clusters whose unbounded queues must grow: a warning, not an error, since a scenario may
/// mean to show exactly that.
///
/// The rule, kept conservative so that a warning is a sure sign: the load offered to a cluster is
/// what first attempts bring while every cluster keeps up. Each mix entry of a traffic source
/// sends `rate × weight ÷ total weight` to the first route that matches it; the route splits it
/// among its clusters as its balancer does when all are healthy — by weight for `weighted`,
/// equally for `round-robin` and `random`, and in proportion to capacity for `least-outstanding`
/// (which moves load to whoever has room, so it is the kindest split). Retries, chaos and breakers
/// are left out; they only add load or move it. Sources overlap in time, so the figure is the peak
/// of the sum over the moments a source starts. Capacity is backends × concurrency ÷ the mean of
/// the latency distribution (lognormal: median·exp(σ²/2); normal: the mean of the draw clamped at
/// zero). A gRPC stream or a WebSocket session can hold a backend longer than one latency draw;
/// that is not counted either, so the check may miss an overload but never reports one that the
/// first attempts alone would not cause.
public enum CapacityCheck {
    public static func warnings(for scenario: Scenario) -> [CapacityWarning] {
        let capacities = scenario.clusters.map(capacity)
        // Per cluster, per traffic source: requests per second the source sends there.
        var offered = Array(repeating: Array(repeating: 0.0, count: scenario.traffic.count), count: scenario.clusters.count)
        for (sourceIndex, source) in scenario.traffic.enumerated() {
            let totalWeight = source.mix.reduce(0) { $0 + $1.weight }
            guard totalWeight > 0 else { continue }
            for request in source.mix {
                guard let routeIndex = RouteMatcher.firstMatch(in: scenario.routes, method: request.method, template: request.path) else { continue }
                let rate = source.rate * request.weight / totalWeight
                for (clusterIndex, share) in shares(of: scenario.routes[routeIndex], in: scenario, capacities: capacities) {
                    offered[clusterIndex][sourceIndex] += rate * share
                }
            }
        }
        var warnings: [CapacityWarning] = []
        for (index, cluster) in scenario.clusters.enumerated() where cluster.queueLimit == nil {
            let peak = peakRate(offered[index], traffic: scenario.traffic, duration: scenario.duration)
            if peak > capacities[index] {
                warnings.append(CapacityWarning(clusterIndex: index, cluster: cluster.name, offeredRate: peak, capacity: capacities[index]))
            }
        }
        return warnings
    }

    /// Requests per second the cluster serves when every backend is busy.
    public static func capacity(of cluster: ClusterSpec) -> Double {
        let mean = meanServiceTime(cluster.latency)
        guard mean > 0 else { return .infinity }
        return Double(cluster.backends * cluster.concurrency) / mean
    }

    /// The mean of a latency distribution in seconds, draws below zero counted as zero.
    public static func meanServiceTime(_ latency: LatencySpec) -> Double {
        switch latency {
        case .constant(let value): return max(0, value.seconds)
        case .uniform(let low, let high): return max(0, (low.seconds + high.seconds) / 2)
        case .exponential(let mean): return max(0, mean.seconds)
        case .normal(let mean, let deviation):
            let mu = mean.seconds, sigma = deviation.seconds
            guard sigma > 0 else { return max(0, mu) }
            // E[max(0, X)] for X ~ N(mu, sigma²): mu·Φ(mu/sigma) + sigma·φ(mu/sigma).
            let z = mu / sigma
            return mu * 0.5 * erfc(-z / 2.0.squareRoot()) + sigma * exp(-z * z / 2) / (2 * Double.pi).squareRoot()
        case .lognormal(let median, let sigma): return max(0, median.seconds) * exp(sigma * sigma / 2)
        }
    }

    /// The fraction of a route's first attempts each of its clusters gets while all keep up.
    private static func shares(of route: RouteSpec, in scenario: Scenario, capacities: [Double]) -> [(Int, Double)] {
        var seen: [String] = []
        var targets: [(cluster: Int, weight: Double)] = []
        for (position, name) in route.clusters.enumerated() where !seen.contains(name) {
            seen.append(name)
            guard let index = scenario.clusterIndex(named: name) else { continue }
            switch route.balancer {
            case .weighted: targets.append((index, position < route.weights.count ? route.weights[position] : 0))
            case .leastOutstanding, .leastRequest: targets.append((index, capacities[index]))
            case .roundRobin, .random, .ringHash, .maglev: targets.append((index, 1))
            }
        }
        if route.balancer == .leastOutstanding, targets.contains(where: { $0.weight.isInfinite }) {
            // A cluster that serves instantly takes whatever the others cannot.
            targets = targets.map { ($0.cluster, $0.weight.isInfinite ? 1 : 0) }
        }
        let total = targets.reduce(0) { $0 + $1.weight }
        guard total > 0, total.isFinite else { return [] }
        return targets.map { ($0.cluster, $0.weight / total) }
    }

    /// The highest total rate over the run: the sources active at some moment, taken at each start.
    private static func peakRate(_ rates: [Double], traffic: [TrafficSpec], duration: TimeSpan) -> Double {
        var peak = 0.0
        for source in traffic where source.start < duration {
            let instant = source.start
            var total = 0.0
            for (index, other) in traffic.enumerated() where other.start <= instant && (other.end ?? duration) > instant {
                total += rates[index]
            }
            peak = max(peak, total)
        }
        return peak
    }
}
