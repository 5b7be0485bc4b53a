@testable import Actors
import Scenarios

/// Small chaos scenarios and the attempts they produce, read from the trace.
enum ChaosFixtures {
    static let ms: Int64 = 1_000_000

    /// One attempt as the trace tells it: when it was sent, the window that struck it at send, and
    /// its end — an answer (status, outcome, latency) or a timeout (504, `timeout`).
    struct Attempt {
        var request: Int64
        var attempt: UInt8
        var cluster: Int32
        var sentAt: Int64
        var window: Int32?
        var status: Int16 = 0
        var outcome: Outcome?
        var latency: Int64 = -1
    }

    /// A cluster with one backend per `backends`, no queueing, a 10 ms service time and a 1000-byte body.
    static func cluster(_ name: String = "a", backends: Int = 1, concurrency: Int = 100, latency: LatencySpec = .constant(.milliseconds(10)),
                        body: Int = 1000) -> ClusterSpec {
        ClusterSpec(name: name, backends: backends, concurrency: concurrency, latency: latency,
                    response: HTTPResponseSpec(status: 200, body: String(repeating: "x", count: body)))
    }

    /// `rate` requests a second at constant spacing for `duration`, to `/x/{id}` (and `/y/{id}`, POST, when `mixed`).
    static func scenario(_ chaos: [ChaosSpec] = [], clusters: [ClusterSpec] = [cluster()], routes: [RouteSpec]? = nil,
                         rate: Double = 100, duration: TimeSpan = .seconds(1), mixed: Bool = false, timeout: TimeSpan? = .milliseconds(500),
                         modes: [ModeSwitch] = []) -> Scenario {
        var mix = [RequestTemplate(path: "/x/{id}")]
        if mixed { mix.append(RequestTemplate(method: "POST", path: "/y/{id}")) }
        return Scenario(name: "chaos", seed: 1, duration: duration, clusters: clusters,
                        routes: routes ?? [RouteSpec(name: "r", pathPattern: "/*", clusters: clusters.map(\.name), timeout: timeout)],
                        traffic: [TrafficSpec(name: "t", rate: rate, arrival: .constant, mix: mix)], chaos: chaos, modes: modes)
    }

    static func window(_ fault: ChaosFault, at: TimeSpan = .zero, for duration: TimeSpan? = nil, target: ChaosTarget = "a",
                       sequence: ChaosSequence = ChaosSequence(), match: ChaosMatch? = nil, name: String = "w") -> ChaosSpec {
        ChaosSpec(name: name, at: at, duration: duration, target: target, fault: fault, sequence: sequence, match: match)
    }

    static func run(_ scenario: Scenario, seed: UInt64 = 1) throws -> RunResult {
        try Laboratory(scenario: scenario).run(RunOptions(seed: seed, keepEvents: true))
    }

    /// Every attempt of the run, in the order sent.
    static func attempts(_ result: RunResult) -> [Attempt] {
        var list: [Attempt] = []
        var index: [Int64: Int] = [:]
        for event in result.events ?? [] {
            switch event.view {
            case .attemptSent(let cluster, let request, let attempt, let window):
                index[request << 8 | Int64(attempt)] = list.count
                list.append(Attempt(request: request, attempt: attempt, cluster: cluster, sentAt: event.time, window: window))
            case .attemptAnswered(let answer) where !answer.late:
                if let i = index[answer.request << 8 | Int64(answer.attempt)] {
                    list[i].status = answer.status; list[i].outcome = answer.outcome; list[i].latency = answer.latency
                }
            case .attemptTimedOut(_, let request, let attempt, let latency, _):
                if let i = index[request << 8 | Int64(attempt)] { list[i].status = 504; list[i].outcome = .timeout; list[i].latency = latency }
            default: break
            }
        }
        return list
    }

    /// The requests' templates (0: `/x`, 1: `/y`), by request id.
    static func templates(_ result: RunResult) -> [Int64: Int32] {
        var templates: [Int64: Int32] = [:]
        for event in result.events ?? [] {
            if case .requestArrived(_, let request, let template, _) = event.view { templates[request] = template }
        }
        return templates
    }
}
