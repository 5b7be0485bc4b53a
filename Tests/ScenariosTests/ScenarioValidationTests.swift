import Testing
@testable import Scenarios

/// Bad scenario files get precise errors — file, line, column, key path, expectation — never a crash.
@Suite struct ScenarioValidationTests {
    static let valid = """
    {
      name: "t", duration: "10s",
      clusters: [ { name: "a", backends: 2, concurrency: 4, latency: { dist: "lognormal", p50: "20ms", p99: "64ms" } },
                  { name: "b", latency: { dist: "constant", value: "5ms" } } ],
      routes: [ { match: { path: "/api/*" }, clusters: ["a", "b"], retries: { attempts: 1 } } ],
      traffic: [ { rate: 100, mix: [ { http: { path: "/api/items/{id}" } } ] } ],
    }
    """

    func issues(_ text: String) -> [ScenarioIssue] {
        do {
            _ = try ScenarioLoader.decode(text, file: "bad.json5")
            return []
        } catch {
            return error.issues
        }
    }

    func replacing(_ old: String, _ new: String) -> String {
        precondition(Self.valid.contains(old))
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func test_validScenarioLoadsWithDefaults() throws {
        let scenario = try ScenarioLoader.decode(Self.valid)
        #expect(scenario.seed == 1)
        #expect(scenario.clusters[1].backends == 1 && scenario.clusters[1].concurrency == 1)
        #expect(scenario.routes[0].name == "route-0")
        #expect(scenario.routes[0].retry == RetryPolicySpec(attempts: 1, on: RetryOn([.fiveXX])))
        #expect(scenario.breakers.policy(for: "a") == nil)
    }

    @Test func test_syntaxErrorNamesFileLineAndColumn() {
        let found = issues(replacing("backends: 2,", "backends: 2,,"))
        #expect(found.count == 1)
        #expect(found[0].description.hasPrefix("bad.json5:3:"))
        #expect(found[0].message.contains("expected a key"))
    }

    @Test func test_wrongTypeNamesKeyPathAndExpectation() {
        let found = issues(replacing("p99: \"64ms\"", "p99: 12"))
        #expect(found.map(\.path) == ["clusters[0].latency.p99"])
        #expect(found[0].message == "expected a duration like \"120ms\", found 12")
        #expect(found[0].location?.line == 3)
    }

    @Test func test_unknownKeyIsReportedWithSuggestion() {
        let found = issues(replacing("concurrency: 4,", "Concurrency: 4,"))
        #expect(found.map(\.path) == ["clusters[0].Concurrency"])
        #expect(found[0].message.contains("did you mean 'concurrency'"))
    }

    @Test func test_unknownClusterInRouteIsReported() {
        let found = issues(replacing("clusters: [\"a\", \"b\"]", "clusters: [\"a\", \"zz\"]"))
        #expect(found.map(\.path) == ["routes[0].clusters[1]"])
        #expect(found[0].message.contains("unknown cluster \"zz\""))
    }

    @Test func test_negativeRateIsReported() {
        let found = issues(replacing("rate: 100", "rate: -5"))
        #expect(found.map(\.path) == ["traffic[0].rate"])
    }

    @Test func test_zeroBackendsIsReported() {
        let found = issues(replacing("backends: 2", "backends: 0"))
        #expect(found.map(\.path) == ["clusters[0].backends"])
        #expect(found[0].message.contains("from 1 to 10000"))
    }

    @Test func test_p50AboveP99IsImpossible() {
        let found = issues(replacing("p99: \"64ms\"", "p99: \"10ms\""))
        #expect(found.map(\.path) == ["clusters[0].latency.p99"])
        #expect(found[0].message.contains("impossible"))
    }

    @Test func test_trafficWithoutMatchingRouteIsReported() {
        let found = issues(replacing("path: \"/api/items/{id}\"", "path: \"/other/{id}\""))
        #expect(found.map(\.path) == ["traffic[0].mix[0].http.path"])
        #expect(found[0].message.contains("no route matches GET /other/{id}"))
    }

    @Test func test_everyProblemIsReportedAtOnceInFileOrder() {
        var text = replacing("backends: 2", "backends: 0")
        text = text.replacingOccurrences(of: "rate: 100", with: "rate: \"fast\"")
        text = text.replacingOccurrences(of: "duration: \"10s\"", with: "duration: \"ten\"")
        let found = issues(text)
        #expect(found.map(\.path) == ["duration", "clusters[0].backends", "traffic[0].rate"])
    }

    @Test func test_retriesNeedEnoughClusters() {
        let found = issues(replacing("retries: { attempts: 1 }", "retries: { attempts: 2 }"))
        #expect(found.map(\.path) == ["routes[0].retries.attempts"])
    }

    @Test func test_hangNeedsATimeoutOnEveryRouteToItsTarget() {
        let text = Self.valid.replacingOccurrences(of: "  traffic:", with: "  chaos: [ { at: \"1s\", for: \"1s\", target: \"a\", fault: { kind: \"hang\" } } ],\n  traffic:")
        let found = issues(text)
        #expect(found.map(\.path) == ["chaos[0].fault.kind"])
    }

    @Test func test_breakerMinimumCallsAboveWindowIsImpossible() {
        let text = Self.valid.replacingOccurrences(of: "  traffic:", with: "  breakers: { a: { window: { size: 10 }, minimumCalls: 20 } },\n  traffic:")
        let found = issues(text)
        #expect(found.map(\.path) == ["breakers.a.minimumCalls"])
    }

    @Test func test_routeWithMoreThan64ClustersIsRejected() {
        let names = (0..<65).map { "c\($0)" }
        let clusters = names.map { "{ name: \"\($0)\", latency: { dist: \"constant\", value: \"1ms\" } }" }.joined(separator: ", ")
        let text = "{ name: \"t\", duration: \"1s\", clusters: [\(clusters)], routes: [ { match: { path: \"/*\" }, clusters: [\(names.map { "\"\($0)\"" }.joined(separator: ", "))] } ], traffic: [ { rate: 1, mix: [ { http: { path: \"/x\" } } ] } ] }"
        let found = issues(text)
        #expect(found.map(\.path) == ["routes[0].clusters"])
        #expect(found.first?.message.contains("at most 64") == true)
    }

    @Test func test_absurdlyLongDurationIsRejected() {
        let found = issues(replacing("duration: \"10s\"", "duration: \"2000000h\""))
        #expect(found.map(\.path) == ["duration"])
        #expect(found.first?.message.contains("up to 10000h") == true)
    }

    @Test func test_missingFileIsAnIssueNotACrash() {
        #expect(throws: ScenarioLoadError.self) { try ScenarioLoader.load(path: "/nonexistent/x.json5") }
    }

    @Test(arguments: ["reference.json5", "quickstart.json5", "timeouts-and-hangs.json5", "overload.json5"])
    func test_shippedScenariosAreValid(name: String) throws {
        _ = try ScenarioLoader.load(path: ScenarioFixtures.path(name))
    }

    @Test func test_referenceScenarioIsTheReferenceWorkload() throws {
        let s = try ScenarioLoader.load(path: ScenarioFixtures.path("reference.json5"))
        #expect(s.seed == 42 && s.duration == .seconds(600))
        #expect(s.clusters.map(\.name) == ["a", "b", "c"])
        for c in s.clusters {
            #expect(c.backends == 4 && c.concurrency == 8 && c.queueLimit == nil && c.errorRate == 0.001 && c.errorStatus == 500)
            #expect(c.latency == .lognormal(median: .milliseconds(20), sigma: 0.5))
        }
        #expect(s.routes.count == 1 && s.routes[0].balancer == .roundRobin && s.routes[0].timeout == nil)
        #expect(s.routes[0].retry == RetryPolicySpec(attempts: 1, on: RetryOn([.fiveXX])))
        #expect(s.breakers.policy(for: "a") == .count(CountBreakerPolicy(windowSize: 50, minimumCalls: 20, failureRate: 0.5, openFor: .seconds(10), halfOpenCalls: 5)))
        #expect(s.traffic[0].rate == 1000 && s.traffic[0].arrival == .poisson)
        #expect(s.chaos == [ChaosSpec(name: "a-storm", at: .seconds(120), duration: .seconds(180), target: "a", fault: .error(status: 503, rate: 0.7))])
    }
}
