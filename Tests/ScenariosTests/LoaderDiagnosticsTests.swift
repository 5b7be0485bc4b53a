import Testing
@testable import Scenarios

/// What a user sees for a bad file: close suggestions, file order, one report per problem,
/// documented defaults, one expectation per object.
@Suite struct LoaderDiagnosticsTests {
    static let valid = """
    {
      name: "t", duration: "10s",
      clusters: [ { name: "a", backends: 2, concurrency: 4, latency: { dist: "lognormal", p50: "20ms", p99: "64ms" } },
                  { name: "b", latency: { dist: "constant", value: "5ms" } } ],
      routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a", "b"], retries: { attempts: 1 } } ],
      breakers: { a: { failureRate: 0.5 } },
      traffic: [ { rate: 100, mix: [ { http: { path: "/api/items/{id}" } } ] } ],
      expect: [ { breaker: "a", never: "open" } ],
    }
    """

    func issues(replacing old: String, with new: String) -> [ScenarioIssue] {
        Load.issues(Load.replacing(Self.valid, old, new))
    }

    // MARK: Suggestions by edit distance

    @Test(arguments: [
        ("backends: 2", "backend: 2", "clusters[0].backend", "did you mean 'backends'?"),
        ("rate: 100", "rat: 100", "traffic[0].rat", "did you mean 'rate'?"),
        ("dist: \"lognormal\"", "dist: \"lognormall\"", "clusters[0].latency.dist", "did you mean \"lognormal\"?"),
        ("retries: { attempts: 1 } }", "retries: { attempts: 1 }, balancer: \"round_robin\" }", "routes[0].balancer", "did you mean \"round-robin\"?"),
        ("concurrency: 4", "Concurrency: 4", "clusters[0].Concurrency", "did you mean 'concurrency'?"),
    ])
    func test_aMisspeltKeyOrValueGetsTheClosestSuggestion(old: String, new: String, path: String, hint: String) {
        let found = issues(replacing: old, with: new).filter { $0.message.hasPrefix("unknown key") || $0.message.hasPrefix("expected one of") }
        #expect(found.map(\.path) == [path])
        #expect(found.first?.message.contains(hint) == true, "\(found)")
    }

    @Test func test_nothingIsSuggestedWhenNoWordIsClose() {
        let found = issues(replacing: "backends: 2", with: "zebra: 2")
        #expect(found.map(\.path) == ["clusters[0].zebra"])
        #expect(found.first?.message.contains("did you mean") == false)
        #expect(Suggestion.closest(to: "gaussian", in: ["constant", "uniform", "exponential", "normal", "lognormal"]) == nil)
    }

    @Test func test_tiesGoToTheFirstDeclaredWord() {
        #expect(Suggestion.closest(to: "bat", in: ["cat", "bag", "bar"]) == "cat")
        #expect(Suggestion.closest(to: "bat", in: ["bar", "cat"]) == "bar")
        #expect(Suggestion.editDistance(Array("abcd".unicodeScalars), Array("acbd".unicodeScalars)) == 1, "a swap is one edit")
    }

    // MARK: File order

    @Test func test_issuesFollowTheFileEvenWhenSectionsAreWrittenOutOfOrder() {
        let text = """
        {
          name: "t", duration: "10s",
          traffic: [ { rate: 10, mix: [ { weight: 0, http: { path: "/api/x" } }, { http: { path: "/nowhere" } } ] } ],
          routes: [ { match: { path: "/api/*" }, clusters: ["a", "zz"] } ],
          clusters: [ { name: "a", backends: 0, latency: { dist: "constant", value: "1ms" } } ],
        }
        """
        let found = Load.issues(text)
        #expect(found.map(\.path) == ["traffic[0].mix[0].weight", "traffic[0].mix[1].http.path", "routes[0].clusters[1]", "clusters[0].backends"])
        #expect(found.map { $0.location!.line } == [3, 3, 4, 5])
    }

    @Test func test_chaosAndRouteProtocolIssuesAreNotReportedAfterLaterSections() {
        var text = Load.replacing(Self.valid, "  traffic:", "  chaos: [ { at: \"20s\", for: \"1s\", target: \"a\", fault: { kind: \"error\" } } ],\n  traffic:")
        text = Load.replacing(text, "expect: [ { breaker: \"a\", never: \"open\" } ]", "expect: [ { p99: { max: 5 } } ]")
        let found = Load.issues(text)
        #expect(found.map(\.path) == ["chaos[0].at", "expect[0].p99.max"])
    }

    /// Seeded: up to four mistakes, each at a random entry; whatever they are, issues come sorted.
    @Test func test_seededMistakesAlwaysComeInFileOrder() {
        let base = Load.replacing(Self.valid, "  traffic:", "  chaos: [ { at: \"1s\", for: \"1s\", target: \"a\", fault: { kind: \"error\" } } ],\n  traffic:")
        let mistakes: [(String, String)] = [
            ("backends: 2", "backends: 0"), ("dist: \"constant\"", "dist: \"constnt\""), ("rate: 100", "rate: 0"),
            ("clusters: [\"a\", \"b\"]", "clusters: [\"a\", \"c\"]"), ("never: \"open\"", "never: \"opn\""),
            ("path: \"/api/items/{id}\"", "path: \"/x/{id}\""), ("failureRate: 0.5", "failureRate: 2"),
            ("name: \"t\"", "name: 3"), ("attempts: 1", "attempts: 5"), ("value: \"5ms\"", "value: \"5\""),
            ("at: \"1s\"", "at: \"30s\""), ("{ name: \"b\", latency", "{ name: \"b\", grpc: { methods: [ { method: \"/s.S/M\" } ] }, latency"),
        ]
        var state: UInt64 = 2024
        for _ in 0..<200 {
            var text = base
            for _ in 0..<4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let (old, new) = mistakes[Int(state >> 33) % mistakes.count]
                text = text.replacingOccurrences(of: old, with: new)
            }
            let located = Load.issues(text).map { $0.location! }
            #expect(!located.isEmpty)
            #expect(located == located.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, "\(text)")
        }
    }

    // MARK: One problem, one report

    @Test func test_aDuplicateRouteNameDoesNotLeaveTrafficWithoutARoute() {
        let text = Load.replacing(Self.valid, "routes: [ { name: \"api\"", "routes: [ { name: \"x\", match: { path: \"/other\" }, clusters: [\"b\"] }, { name: \"x\"")
        #expect(Load.described(Load.issues(text)) == ["routes[1].name: duplicate route name \"x\""])
    }

    @Test func test_aBadBreakerValueDoesNotMakeTheExpectationLoseItsBreaker() {
        #expect(Load.described(issues(replacing: "failureRate: 0.5", with: "failureRate: 7"))
            == ["breakers.a.failureRate: expected a ratio above 0 and at most 1, found 7"])
    }

    @Test func test_aDuplicateJSONKeyIsListedWithTheFilesOtherProblems() {
        let found = issues(replacing: "backends: 2, concurrency: 4", with: "backends: 2, backends: 3, concurrency: 0")
        #expect(found.map(\.message) == ["duplicate key 'backends'", "expected a whole number from 1 to 1000000, found 0"])
        #expect(found.map(\.path) == ["", "clusters[0].concurrency"])
    }

    @Test func test_aBrokenClusterIsNotUnknownToRoutesChaosOrExpectations() {
        var text = Load.replacing(Self.valid, "backends: 2", "backends: 0")
        text = Load.replacing(text, "  traffic:", "  chaos: [ { at: \"1s\", for: \"1s\", target: \"a\", fault: { kind: \"error\" } } ],\n  traffic:")
        #expect(Load.described(Load.issues(text)) == ["clusters[0].backends: expected a whole number of backends from 1 to 10000, found 0"])
    }

    @Test func test_aBrokenRouteDoesNotLeaveItsTrafficWithoutARoute() {
        #expect(Load.described(issues(replacing: "retries: { attempts: 1 } }", with: "balancer: \"fastest\" }, { match: { path: \"/web\" }, clusters: [\"b\"] }"))
            == ["routes[0].balancer: expected one of \"round-robin\", \"weighted\", \"random\", \"least-outstanding\", \"least-request\", \"ring-hash\", \"maglev\", found \"fastest\""])
    }

    @Test func test_aBadWeightIsNotAlsoAWrongNumberOfWeights() {
        #expect(Load.described(issues(replacing: "retries: { attempts: 1 }", with: "balancer: \"weighted\", weights: [1, \"x\"]"))
            == ["routes[0].weights[1]: expected a weight from 0 to 1000000000, found \"x\""])
    }

    @Test func test_aBrokenProtocolSectionDoesNotMakeRequestsMismatch() {
        let text = Load.replacing(Self.valid, "{ name: \"b\", latency", "{ name: \"b\", protocol: \"grpc\", grpc: { methods: [ { method: \"Get\" } ] }, latency")
        let found = Load.issues(text)
        #expect(found.map(\.path) == ["clusters[1].grpc.methods[0].method"], "\(found)")
    }

    // MARK: Documented defaults

    @Test func test_retriesWithoutAttemptsRetryNothing() throws {
        let none = try ScenarioLoader.decode(Load.replacing(Self.valid, "retries: { attempts: 1 }", "retries: { on: [] }"))
        #expect(none.routes[0].retry == RetryPolicySpec(attempts: 0, on: RetryOn.none))
        let timeouts = try ScenarioLoader.decode(Load.replacing(Self.valid, "retries: { attempts: 1 }", "retries: { on: [\"timeout\"] }"))
        #expect(timeouts.routes[0].retry == RetryPolicySpec(attempts: 0, on: RetryOn([.timeout])))
        let empty = try ScenarioLoader.decode(Load.replacing(Self.valid, "retries: { attempts: 1 }", "retries: {}"))
        #expect(empty.routes[0].retry == RetryPolicySpec(attempts: 0, on: RetryOn([.fiveXX])))
    }

    // MARK: One expectation per object

    @Test(arguments: [
        ("{ p99: { max: \"100ms\" }, successRatio: { min: 0.99 } }", "\"p99\" and \"successRatio\""),
        ("{ breaker: \"a\", reaches: \"open\", within: \"1s\", never: \"open\" }", "\"reaches\" and \"never\""),
        ("{ breaker: \"a\", never: \"open\", p99: { max: \"1s\" } }", "\"never\" and \"p99\""),
        ("{ breaker: \"a\", successRatio: { min: 0.9 } }", "\"breaker\" and \"successRatio\""),
    ])
    func test_anExpectationWithTwoKindsIsAnError(entry: String, named: String) {
        let found = issues(replacing: "{ breaker: \"a\", never: \"open\" }", with: entry)
        #expect(found.map(\.path) == ["expect[0]"])
        #expect(found.first?.message == "one expectation per object, found \(named); write each as its own entry")
    }
}
