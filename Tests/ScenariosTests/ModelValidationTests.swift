import Testing
import Protocols
@testable import Scenarios

/// A scenario built in Swift is validated like a file: same messages, same key paths, no location.
@Suite struct ModelValidationTests {
    static let valid = """
    {
      name: "m", duration: "10s",
      clusters: [ { name: "a", backends: 2, concurrency: 4, latency: { dist: "constant", value: "5ms" } },
                  { name: "b", latency: { dist: "constant", value: "5ms" } },
                  { name: "rpc", latency: { dist: "constant", value: "1ms" }, grpc: { methods: [ { method: "/shop.Catalog/Get" } ] } } ],
      routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a", "b"], retries: { attempts: 1 }, timeout: "1s" },
                { name: "rpc", match: { path: "/shop.Catalog/*" }, clusters: ["rpc"] } ],
      breakers: { a: { window: { size: 50 }, minimumCalls: 20 } },
      traffic: [ { rate: 100, mix: [ { http: { path: "/api/items/{id}" } }, { grpc: { method: "/shop.Catalog/Get" } } ] } ],
      chaos: [ { name: "storm", at: "2s", for: "1s", target: "a", fault: { kind: "error", status: 503 } } ],
      expect: [ { breaker: "a", never: "open" } ],
    }
    """

    static func loaded() throws -> Scenario { try ScenarioLoader.decode(valid) }

    /// One mistake written two ways: as an edit of the file, and as the same edit of the loaded value.
    /// `dropsEntry`: the loader refuses the value as it reads it and leaves its entry out of the
    /// cross-checks (so the entry's other problems wait for the next run), which a value keeps.
    struct Mistake: Sendable, CustomStringConvertible {
        let old: String
        let new: String
        var dropsEntry = false
        let edit: @Sendable (inout Scenario) -> Void
        var description: String { new }
    }

    static let mistakes: [Mistake] = [
        Mistake(old: "clusters: [\"a\", \"b\"]", new: "clusters: [\"a\", \"x\"]") { $0.routes[0].clusters[1] = "x" },
        Mistake(old: "target: \"a\"", new: "target: \"zz\"") { $0.chaos[0].target = "zz" },
        Mistake(old: "breakers: { a:", new: "breakers: { q:") { $0.breakers.overrides[0].cluster = "q" },
        Mistake(old: "{ breaker: \"a\", never", new: "{ breaker: \"b\", never") { $0.expectations[0] = .breakerNever(cluster: "b", state: .open) },
        Mistake(old: "path: \"/api/items/{id}\"", new: "path: \"/other/{id}\"") { $0.traffic[0].mix[0].path = "/other/{id}" },
        Mistake(old: "clusters: [\"rpc\"]", new: "clusters: [\"rpc\", \"b\"]") { $0.routes[1].clusters.append("b") },
        Mistake(old: "grpc: { method: \"/shop.Catalog/Get\" }", new: "grpc: { method: \"/shop.Catalog/Gone\" }") {
            let method = GRPCMethodPath("/shop.Catalog/Gone")!
            $0.traffic[0].mix[1].path = method.description
            $0.traffic[0].mix[1].kind = .grpc(GRPCCall(method: method))
        },
        Mistake(old: "{ name: \"b\", latency", new: "{ name: \"a\", latency") { $0.clusters[1].name = "a" },
        Mistake(old: "{ name: \"rpc\", match", new: "{ name: \"api\", match") { $0.routes[1].name = "api" },
        Mistake(old: "backends: 2", new: "backends: 0", dropsEntry: true) { $0.clusters[0].backends = 0 },
        Mistake(old: "concurrency: 4", new: "concurrency: 2000000", dropsEntry: true) { $0.clusters[0].concurrency = 2_000_000 },
        Mistake(old: "rate: 100", new: "rate: 20000000", dropsEntry: true) { $0.traffic[0].rate = 20_000_000 },
        Mistake(old: "at: \"2s\"", new: "at: \"20s\"") { $0.chaos[0].at = .seconds(20) },
        Mistake(old: "for: \"1s\"", new: "for: \"0s\"", dropsEntry: true) { $0.chaos[0].duration = .zero },
        Mistake(old: "status: 503", new: "status: 700", dropsEntry: true) { $0.chaos[0].fault = .error(status: 700, rate: 1) },
        Mistake(old: "target: \"a\", fault: { kind: \"error\", status: 503 }", new: "target: \"rpc\", fault: { kind: \"hang\" }") {
            $0.chaos[0].target = "rpc"
            $0.chaos[0].fault = .hang(rate: 1)
        },
        Mistake(old: "attempts: 1 }", new: "attempts: 2 }") { $0.routes[0].retry.attempts = 2 },
        Mistake(old: "minimumCalls: 20", new: "minimumCalls: 80") {
            guard case .count(var policy) = $0.breakers.overrides[0].policy else { return }
            policy.minimumCalls = 80
            $0.breakers.overrides[0].policy = .count(policy)
        },
        Mistake(old: "duration: \"10s\"", new: "duration: \"1s\"") { $0.duration = .seconds(1) },
    ]

    static func fromFile(_ mistakes: [Mistake]) -> [String] {
        var text = valid
        for mistake in mistakes { text = Load.replacing(text, mistake.old, mistake.new) }
        return Load.described(Load.issues(text, file: "m.json5")).sorted()
    }

    static func fromValue(_ mistakes: [Mistake]) throws -> [String] {
        var scenario = try loaded()
        for mistake in mistakes { mistake.edit(&scenario) }
        let issues = ScenarioValidation.issues(of: scenario)
        #expect(issues.allSatisfy { $0.file == "<scenario>" && $0.location == nil })
        return Load.described(issues).sorted()
    }

    @Test func test_theValidScenarioHasNoIssues() throws {
        #expect(ScenarioValidation.issues(of: try Self.loaded()).isEmpty)
        try Self.loaded().validate()
    }

    @Test(arguments: mistakes)
    func test_validatingAValueReportsWhatLoadingTheFileReports(mistake: Mistake) throws {
        let expected = Self.fromFile([mistake])
        #expect(!expected.isEmpty, "the edit must break the file")
        #expect(try Self.fromValue([mistake]) == expected)
    }

    /// Seeded pairs of mistakes whose edits do not overlap (and that the loader keeps in the cross-checks).
    @Test func test_seededPairsOfMistakesAgree() throws {
        var state: UInt64 = 77
        var compared = 0
        for _ in 0..<60 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let first = Self.mistakes[Int(state >> 33) % Self.mistakes.count]
            let second = Self.mistakes[Int((state >> 13) & 0xFFFF) % Self.mistakes.count]
            guard !first.dropsEntry, !second.dropsEntry, first.old != second.old, !first.old.contains(second.old), !second.old.contains(first.old),
                  Self.valid.replacingOccurrences(of: first.old, with: first.new).contains(second.old) else { continue }
            let file = Self.fromFile([first, second])
            let value = try Self.fromValue([first, second])
            #expect(value == file, "\(first) + \(second)\nfile:  \(file)\nvalue: \(value)")
            compared += 1
        }
        #expect(compared > 20)
    }

    @Test func test_unknownClusterInAHandBuiltRouteNamesItsPath() throws {
        var scenario = try Self.loaded()
        scenario.routes[0].clusters[1] = "x"
        #expect(throws: ScenarioLoadError.self) { try scenario.validate() }
        #expect(ScenarioValidation.issues(of: scenario).map(\.description)
            == ["<scenario>: routes[0].clusters[1]: unknown cluster \"x\"; clusters are: a, b, rpc"])
    }

    @Test func test_handBuiltValuesOutsideTheFormatsRangesAreReported() throws {
        var scenario = try Self.loaded()
        scenario.clusters[0].errorRate = 1.5
        scenario.clusters[1].latency = .uniform(min: .milliseconds(9), max: .milliseconds(3))
        scenario.clusters[1].queueLimit = -1
        scenario.routes[0].balancer = .weighted
        scenario.routes[0].weights = [1]
        scenario.traffic[0].mix[0].weight = 0
        scenario.traffic[0].mix[0].idRange = 0
        scenario.traffic[0].end = .zero
        scenario.name = ""
        #expect(Load.described(ScenarioValidation.issues(of: scenario)) == [
            "name: expected a non-empty string",
            "clusters[0].errorRate: expected a probability from 0 to 1, found 1.5",
            "clusters[1].queue: expected a queue length from 0 to 100000000, found -1",
            "clusters[1].latency.max: must be at least min (9ms), found 3ms",
            "routes[0].weights: expected one weight per cluster (2), found 1",
            "traffic[0].end: must be after start (0s), found 0s",
            "traffic[0].mix[0].weight: expected a weight above 0 and at most 1000000000, found 0",
            "traffic[0].mix[0].http.idRange: expected a whole number from 1 to 2147483647, found 0",
        ])
    }

    @Test func test_emptyListsAndTooManyTemplatesAreReported() throws {
        var scenario = try Self.loaded()
        scenario.traffic[0].mix = Array(repeating: scenario.traffic[0].mix[0], count: Scenario.maximumRequestTemplates + 1)
        #expect(Load.described(ScenarioValidation.issues(of: scenario))
            == ["traffic: at most 65535 mix entries in all traffic sources together, found 65536"])
        let empty = Scenario(name: "e", duration: .seconds(1), clusters: [], routes: [], traffic: [])
        #expect(ScenarioValidation.issues(of: empty).map(\.path) == ["clusters", "routes", "traffic"])
    }

    @Test func test_chaosOnAClusterNoScenarioDeclaresIsAnIssueNotATrap() {
        let cluster = ClusterSpec(name: "a", backends: 1, concurrency: 1, latency: .constant(.milliseconds(1)))
        let scenario = Scenario(name: "h", duration: .seconds(5), clusters: [cluster],
                                routes: [RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"])],
                                traffic: [TrafficSpec(name: "t", rate: 1, mix: [RequestTemplate(path: "/x")])],
                                chaos: [ChaosSpec(name: "c", at: .seconds(1), duration: .seconds(1), target: "b", fault: .error(status: 503, rate: 1))])
        #expect(Load.described(ScenarioValidation.issues(of: scenario)) == ["chaos[0].target: unknown cluster \"b\"; clusters are: a"])
    }
}
