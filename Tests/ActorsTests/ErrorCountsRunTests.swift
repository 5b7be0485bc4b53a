import Testing
@testable import Actors
import Protocols
import Scenarios

/// A headless run whose requests fail in every way the lab can make them fail: the counts by error
/// class (seed 003's classification) in the summary, per route and in `errors_by_class_total`
/// equal the completions counted by status straight from the trace.
@Suite struct ErrorCountsRunTests {
    static func scenario() -> Scenario {
        // a: one slot and a queue of 2 (full-queue 503s), a route timeout of 100ms, and a breaker.
        let a = ClusterSpec(name: "a", backends: 1, concurrency: 1, queueLimit: 2, latency: .constant(.milliseconds(8)), errorRate: 0)
        // b: 5% of answers are the backend's 404.
        let b = ClusterSpec(name: "b", backends: 2, concurrency: 4, queueLimit: nil, latency: .constant(.milliseconds(10)),
                            errorRate: 0.05, errorStatus: 404)
        let breaker = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5,
                                                             openFor: .milliseconds(500), halfOpenCalls: 1))
        func window(_ name: String, _ at: Double, _ target: String, _ fault: ChaosFault) -> ChaosSpec {
            ChaosSpec(name: name, at: .milliseconds(at * 1000), duration: .seconds(1), target: target, fault: fault)
        }
        return Scenario(
            name: "error-classes", seed: 5, duration: .seconds(10), clusters: [a, b],
            routes: [RouteSpec(name: "ra", pathPattern: "/a/*", clusters: ["a"], timeout: .milliseconds(100)),
                     RouteSpec(name: "rb", pathPattern: "/b/*", clusters: ["b"])],
            breakers: BreakerPolicies(overrides: [(cluster: "a", policy: breaker)]),
            traffic: [TrafficSpec(name: "t", rate: 200, arrival: .poisson,
                                  mix: [RequestTemplate(path: "/a/{id}"), RequestTemplate(path: "/b/{id}")])],
            chaos: [
                window("unauthorized", 0, "a", .error(status: 401, rate: 0.2)),
                window("forbidden", 1, "a", .error(status: 403, rate: 0.2)),
                window("unprocessable", 2, "a", .error(status: 422, rate: 0.2)),
                window("too-many", 3, "a", .error(status: 429, rate: 0.2)),
                window("bad-gateway", 4, "a", .error(status: 502, rate: 0.2)),
                window("slow", 5, "a", .latency(delay: .milliseconds(200), rate: 0.2)),
                window("storm", 7, "a", .error(status: 500, rate: 1)),
                window("unavailable", 2, "b", .error(status: 503, rate: 0.3)),
                window("gateway-timeout", 4, "b", .error(status: 504, rate: 0.3)),
            ])
    }

    /// The class of each status as the trace shows it, from the table of Docs/SCENARIOS.md; a 503
    /// that sent no attempt was refused by every breaker.
    static func expectedClass(status: Int16, attempts: UInt8) -> ErrorClass? {
        switch status {
        case 401: return .authentication
        case 403: return .authorization
        case 404: return .notFound
        case 422: return .validation
        case 429: return .rateLimit
        case 500, 502: return .internal
        case 503: return attempts == 0 ? .circuitBreaker : .serviceUnavailable
        case 504: return .timeout
        default: return nil
        }
    }

    @Test func test_classCountsEqualTheCompletionsByStatusInTheTrace() throws {
        let scenario = Self.scenario()
        let result = try Fixtures.run(scenario)
        var run = [Int](repeating: 0, count: ErrorClass.allCases.count)
        var routes = [[Int]](repeating: run, count: scenario.routes.count)
        var statuses: Set<Int16> = []
        for event in result.events(.requestCompleted) {
            guard case .requestCompleted(let c) = event.view else { continue }
            statuses.insert(c.status)
            #expect(c.status < 400 || Self.expectedClass(status: c.status, attempts: c.attempts) != nil, "unexpected status \(c.status)")
            guard let expected = Self.expectedClass(status: c.status, attempts: c.attempts) else { continue }
            run[expected.rawValue] += 1
            routes[Int(c.route)][expected.rawValue] += 1
        }
        // Every class of the table happens in this run, so each count below is a real check.
        for c in ErrorClass.allCases { #expect(run[c.rawValue] > 0, "no \(c.name) in the run; statuses \(statuses.sorted())") }

        let summary = result.summary
        #expect(summary.errors.byClass == run)
        #expect(summary.routes.map(\.errors.byClass) == routes)
        #expect(summary.errors.count(.circuitBreaker) == summary.refusedByEveryBreaker)
        for severity in Severity.allCases {
            let expected = ErrorClass.allCases.filter { $0.severity == severity }.reduce(0) { $0 + run[$1.rawValue] }
            #expect(summary.errors.count(severity) == expected, "\(severity.name)")
        }
        for c in ErrorClass.allCases {
            #expect(result.metricsText.contains("errors_by_class_total{class=\"\(c.name)\",severity=\"\(c.severity.name)\"} \(run[c.rawValue])\n"),
                    "\(c.name)")
        }
        // errors_total{type} keeps counting 5xx by outcome, as before.
        #expect(result.metricsText.contains("errors_total{type=\"chaos\"}"))
    }

    @Test func test_aRunWithoutFailuresCountsNoErrorsAndHasNoErrorSeries() throws {
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 4)]))
        #expect(result.summary.errors.total == 0)
        #expect(result.summary.routes[0].errors.total == 0)
        #expect(result.metricsText.contains("# TYPE errors_by_class_total counter"))
        #expect(!result.metricsText.contains("errors_by_class_total{"))
    }
}
