@testable import Actors
import Scenarios

/// Runs of a cluster with outlier detection, and what their traces say about ejections.
enum OutlierRuns {
    static let ms: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000

    struct Ejected: Equatable {
        var time: Int64
        var backend: Int32
        var reason: EjectionReason
        var ejections: Int32
        var until: Int64
    }

    struct Returned: Equatable {
        var time: Int64
        var backend: Int32
    }

    /// Cluster "a": `backends` backends of `concurrency`, 10 ms of constant service.
    static func cluster(backends: Int = 10, outlier: OutlierSpec?, balancer: BackendBalancerSpec? = nil, concurrency: Int = 1,
                        latency: LatencySpec = .constant(.milliseconds(10))) -> ClusterSpec {
        var spec = ClusterSpec(name: "a", backends: backends, concurrency: concurrency, latency: latency)
        spec.outlier = outlier
        spec.balancer = balancer
        return spec
    }

    /// A window on backend `backend` of "a" (every attempt it is given), open from `at` for `duration`.
    static func bad(_ backend: Int, _ fault: ChaosFault = .error(status: 503), at: TimeSpan = .zero, for duration: TimeSpan? = nil) -> ChaosSpec {
        ChaosFixtures.window(fault, at: at, for: duration, target: .backend(cluster: "a", index: backend), name: "bad-\(backend)")
    }

    /// `rate` requests a second at constant spacing, no route timeout.
    static func run(_ cluster: ClusterSpec, chaos: [ChaosSpec] = [], rate: Double = 50, duration: TimeSpan = .seconds(2),
                    seed: UInt64 = 1) throws -> RunResult {
        try ChaosFixtures.run(ChaosFixtures.scenario(chaos, clusters: [cluster], rate: rate, duration: duration, timeout: nil), seed: seed)
    }

    static func ejections(_ result: RunResult) -> [Ejected] {
        (result.events ?? []).compactMap { event in
            guard case .backendEjected(_, let backend, let reason, let ejections, let until) = event.view else { return nil }
            return Ejected(time: event.time, backend: backend, reason: reason, ejections: ejections, until: until)
        }
    }

    static func returns(_ result: RunResult) -> [Returned] {
        (result.events ?? []).compactMap { event in
            guard case .backendReturned(_, let backend) = event.view else { return nil }
            return Returned(time: event.time, backend: backend)
        }
    }

    /// The most backends ejected at once over the run, replaying the events in order.
    static func mostEjectedAtOnce(_ result: RunResult) -> Int {
        var ejected = Set<Int32>()
        var most = 0
        for event in result.events ?? [] {
            switch event.view {
            case .backendEjected(_, let backend, _, _, _): ejected.insert(backend)
            case .backendReturned(_, let backend): ejected.remove(backend)
            default: continue
            }
            most = max(most, ejected.count)
        }
        return most
    }

    /// The attempts answered with `status`, with the instant of each answer.
    static func answerTimes(_ result: RunResult, status: Int16) -> [Int64] {
        ChaosFixtures.attempts(result).filter { $0.status == status }.map { $0.sentAt + $0.latency }
    }
}
