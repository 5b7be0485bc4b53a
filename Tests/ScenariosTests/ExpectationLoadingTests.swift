import Testing
@testable import Scenarios

/// Every expectation form decodes from its file spelling, today's forms as before; each mistake is
/// reported once, at its line and key path, with what was expected and, for a misspelt name, the
/// closest declared one.
@Suite struct ExpectationLoadingTests {
    /// Two clusters, a breaker on us-east only, two routes; the expectation under test on line 10.
    static let text = """
    {
      name: "t", duration: "10s",
      clusters: [ { name: "us-east", latency: { dist: "constant", value: "5ms" } },
                  { name: "eu-west", latency: { dist: "constant", value: "5ms" } } ],
      routes: [ { name: "checkout", match: { path: "/checkout/*" }, clusters: ["us-east", "eu-west"], retries: { attempts: 1 } },
                { name: "search", match: { path: "/search/*" }, clusters: ["eu-west"] } ],
      breakers: { "us-east": { failureRate: 0.5 } },
      traffic: [ { rate: 100, mix: [ { http: { path: "/checkout/{id}" } }, { http: { path: "/search/{id}" } } ] } ],
      expect: [
        ENTRY,
      ],
    }
    """

    static func file(_ entry: String) -> String { Load.replacing(text, "ENTRY", entry) }

    static let forms: [(String, Scenarios.Expectation)] = [
        ("{ breaker: \"us-east\", reaches: \"open\", within: \"1m10s\" }", .breakerReaches(cluster: "us-east", state: .open, within: .seconds(70))),
        ("{ breaker: \"us-east\", never: \"half_open\" }", .breakerNever(cluster: "us-east", state: .halfOpen)),
        ("{ successRatio: { min: 0.99 } }", .minimumSuccessRatio(0.99)),
        ("{ p99: { max: \"150ms\" } }", .maximumP99(.milliseconds(150))),
        ("{ breaker: \"us-east\", state: \"open\", at: \"30s\" }", .breakerState(cluster: "us-east", state: .open, at: .seconds(30))),
        ("{ breaker: \"us-east\", state: \"metrics_only\", at: \"0s\" }", .breakerState(cluster: "us-east", state: .metricsOnly, at: .zero)),
        ("{ breaker: \"us-east\", opens: { min: 1, max: 3 } }", .breakerOpens(cluster: "us-east", ExpectedRange(min: 1, max: 3))),
        ("{ breaker: \"us-east\", opens: { max: 0 } }", .breakerOpens(cluster: "us-east", ExpectedRange(max: 0))),
        ("{ breaker: \"us-east\", transitions: { max: 10 } }", .breakerTransitions(cluster: "us-east", ExpectedRange(max: 10))),
        ("{ breaker: \"us-east\", transitions: { min: 2 } }", .breakerTransitions(cluster: "us-east", ExpectedRange(min: 2))),
        ("{ attemptsPerRequest: { max: 1.2 } }", .attemptsPerRequest(ExpectedRange(max: 1.2), route: nil)),
        ("{ route: \"checkout\", attemptsPerRequest: { min: 1, max: 1.5 } }", .attemptsPerRequest(ExpectedRange(min: 1, max: 1.5), route: "checkout")),
        ("{ route: \"checkout\", p99: { max: \"200ms\" } }", .latency(.p99, max: .milliseconds(200), of: .route("checkout"))),
        ("{ cluster: \"us-east\", p50: { max: \"30ms\" } }", .latency(.p50, max: .milliseconds(30), of: .cluster("us-east"))),
        ("{ p90: { max: \"40ms\" } }", .latency(.p90, max: .milliseconds(40), of: .run)),
        ("{ p95: { max: \"45ms\" } }", .latency(.p95, max: .milliseconds(45), of: .run)),
        ("{ p999: { max: \"1s\" } }", .latency(.p999, max: .seconds(1), of: .run)),
        ("{ route: \"search\", successRatio: { min: 0.99 } }", .successRatio(min: 0.99, of: .route("search"))),
        ("{ cluster: \"eu-west\", successRatio: { min: 0.95 } }", .successRatio(min: 0.95, of: .cluster("eu-west"))),
    ]

    @Test(arguments: forms)
    func test_eachFormDecodesToItsExpectation(entry: String, expected: Scenarios.Expectation) throws {
        let scenario = try ScenarioLoader.decode(Self.file(entry))
        #expect(scenario.expectations == [expected])
    }

    static let mistakes: [(entry: String, issues: [String])] = [
        ("{ breaker: \"us-east\", opens: { min: 3, max: 1 } }", ["expect[0].opens: expected \"min\" at most \"max\", found min 3 above max 1"]),
        ("{ breaker: \"us-east\", transitions: { max: 1.5 } }",
         ["expect[0].transitions.max: expected a whole number from 0 to 1000000000, found 1.5"]),
        ("{ breaker: \"us-east\", opens: { min: -1 } }", ["expect[0].opens.min: expected a whole number from 0 to 1000000000, found -1"]),
        ("{ breaker: \"us-east\", opens: {} }", ["expect[0].opens: expected \"min\", \"max\" or both, each a whole number from 0 to 1000000000"]),
        ("{ breaker: \"us-east\", opens: 3 }", ["expect[0].opens: expected an object, found 3"]),
        ("{ breaker: \"us-east\", opens: { most: 3 } }",
         ["expect[0].opens: expected \"min\", \"max\" or both, each a whole number from 0 to 1000000000",
          "expect[0].opens.most: unknown key 'most'; expected one of: min, max"]),
        ("{ breaker: \"us-east\", state: \"opened\", at: \"30s\" }",
         ["expect[0].state: expected one of \"closed\", \"open\", \"half_open\", \"forced_open\", \"disabled\", \"metrics_only\", found \"opened\" (did you mean \"open\"?)"]),
        ("{ breaker: \"us-east\", state: \"open\" }", ["expect[0].at: missing; expected an instant like \"30s\""]),
        ("{ breaker: \"us-east\", state: \"open\", at: \"soon\" }",
         ["expect[0].at: expected a duration like \"120ms\" (units h, m, s, ms, us, ns), found \"soon\""]),
        ("{ breaker: \"us-east\", never: \"open\", at: \"3s\" }", ["expect[0].at: only used with \"state\""]),
        ("{ breaker: \"us-esat\", opens: { max: 1 } }",
         ["expect[0].breaker: no breaker guards \"us-esat\" (did you mean \"us-east\"?); expected a cluster with a breaker (clusters with a breaker: us-east)"]),
        ("{ breaker: \"eu-west\", state: \"open\", at: \"1s\" }",
         ["expect[0].breaker: no breaker guards \"eu-west\"; expected a cluster with a breaker (clusters with a breaker: us-east)"]),
        ("{ breaker: \"us-east\" }",
         ["expect[0]: a breaker expectation needs \"reaches\" (with \"within\"), \"never\", \"state\" (with \"at\"), \"opens\" or \"transitions\""]),
        ("{ breaker: \"us-east\", opens: { max: 1 }, transitions: { max: 2 } }",
         ["expect[0]: one expectation per object, found \"opens\" and \"transitions\"; write each as its own entry"]),
        ("{ breaker: \"us-east\", p50: { max: \"1s\" } }", ["expect[0]: one expectation per object, found \"breaker\" and \"p50\"; write each as its own entry"]),
        ("{ p50: { max: \"1s\" }, p90: { max: \"2s\" } }", ["expect[0]: one expectation per object, found \"p50\" and \"p90\"; write each as its own entry"]),
        ("{ breaker: \"us-east\", route: \"checkout\", never: \"open\" }",
         ["expect[0].route: only used with \"successRatio\", \"p50\", \"p90\", \"p95\", \"p99\", \"p999\" and \"attemptsPerRequest\"; a breaker is named by \"breaker\""]),
        ("{ route: \"chekout\", p99: { max: \"200ms\" } }",
         ["expect[0].route: unknown route \"chekout\" (did you mean \"checkout\"?); routes are: checkout, search"]),
        ("{ route: \"basket\", attemptsPerRequest: { max: 2 } }", ["expect[0].route: unknown route \"basket\"; routes are: checkout, search"]),
        ("{ cluster: \"us-eest\", p50: { max: \"30ms\" } }",
         ["expect[0].cluster: unknown cluster \"us-eest\" (did you mean \"us-east\"?); clusters are: us-east, eu-west"]),
        ("{ cluster: \"ap-south\", successRatio: { min: 0.9 } }", ["expect[0].cluster: unknown cluster \"ap-south\"; clusters are: us-east, eu-west"]),
        ("{ route: \"checkout\", cluster: \"us-east\", p99: { max: \"1s\" } }",
         ["expect[0].cluster: an expectation looks at one route or one cluster; found both \"route\" and \"cluster\""]),
        ("{ cluster: \"us-east\", attemptsPerRequest: { max: 2 } }",
         ["expect[0].cluster: attempts per request are counted for the run or a route (\"route\"), not per cluster"]),
        ("{ route: \"checkout\" }",
         ["expect[0]: a route expectation needs \"successRatio\", one of \"p50\", \"p90\", \"p95\", \"p99\", \"p999\" or \"attemptsPerRequest\""]),
        ("{ cluster: \"us-east\" }", ["expect[0]: a cluster expectation needs \"successRatio\" or one of \"p50\", \"p90\", \"p95\", \"p99\", \"p999\""]),
        ("{ attemptsPerRequest: { max: 12 } }", ["expect[0].attemptsPerRequest.max: expected a number of attempts from 0 to 11, found 12"]),
        ("{ attemptsPerRequest: { min: 1.5, max: 1.2 } }",
         ["expect[0].attemptsPerRequest: expected \"min\" at most \"max\", found min 1.5 above max 1.2"]),
        ("{ route: \"checkout\", successRatio: { min: 1.5 } }", ["expect[0].successRatio.min: expected a ratio from 0 to 1, found 1.5"]),
        ("{ cluster: \"us-east\", successRatio: { max: 0.5 } }",
         ["expect[0].successRatio.min: missing; expected a ratio from 0 to 1", "expect[0].successRatio.max: unknown key 'max'; expected one of: min"]),
        ("{ p95: { max: \"fast\" } }", ["expect[0].p95.max: expected a duration like \"120ms\" (units h, m, s, ms, us, ns), found \"fast\""]),
        ("{ p75: { max: \"1s\" } }",
         ["expect[0]: expected one of: \(ScenarioDecoding.expectationForms)",
          "expect[0].p75: unknown key 'p75' (did you mean 'p95'?); expected one of: breaker, reaches, within, never, state, at, opens, transitions, route, cluster, successRatio, p50, p90, p95, p99, p999, attemptsPerRequest"]),
    ]

    /// Issues come in file order: one about a whole object stands at its opening brace, before its keys.
    @Test(arguments: mistakes)
    func test_eachMistakeIsReportedAtItsLineAndKeyPath(entry: String, issues: [String]) {
        let found = Load.issues(Self.file(entry))
        #expect(Load.described(found) == issues)
        #expect(found.allSatisfy { $0.file == "bad.json5" && $0.location?.line == 10 }, "\(found)")
    }

    @Test func test_aMistakeInsideABoundPointsAtTheBoundsColumn() {
        let entry = "{ breaker: \"us-east\", opens: { min: 3, max: 1 } }"
        let found = Load.issues(Self.file(entry))
        // The entry starts at column 5; `{ min` of the opens object is where min > max is shown.
        #expect(found.map { $0.location?.column } == [5 + entry.distance(from: entry.startIndex, to: entry.range(of: "{ min")!.lowerBound)])
        let maxEntry = "{ attemptsPerRequest: { max: 12 } }"
        let atMax = Load.issues(Self.file(maxEntry))
        #expect(atMax.map { $0.location?.column } == [5 + maxEntry.distance(from: maxEntry.startIndex, to: maxEntry.range(of: "12")!.lowerBound)])
    }

    @Test func test_aRouteNameIsNotReportedAgainWhenSomeRouteEntryIsBroken() {
        // The search route's cluster list is broken: that entry is reported, and the expectation
        // naming a route that may be it says nothing more.
        var text = Load.replacing(Self.text, "clusters: [\"eu-west\"] }", "clusters: \"eu-west\" }")
        text = Load.replacing(text, "ENTRY", "{ route: \"serch\", p50: { max: \"1s\" } }")
        #expect(Load.described(Load.issues(text)) == ["routes[1].clusters: expected an array, found \"eu-west\""])
    }

    /// A hand-built scenario gets the checks a file would, by key path.
    @Test func test_aHandBuiltScenarioGetsTheSameChecks() throws {
        var scenario = try ScenarioLoader.decode(Self.file("{ p99: { max: \"1s\" } }"))
        scenario.expectations = [
            .breakerOpens(cluster: "us-east", ExpectedRange(min: 4, max: 2)),
            .breakerTransitions(cluster: "us-east", ExpectedRange()),
            .breakerState(cluster: "eu-west", state: .open, at: .seconds(1)),
            .attemptsPerRequest(ExpectedRange(min: -1), route: "checkout"),
            .latency(.p999, max: .milliseconds(5), of: .route("searh")),
            .successRatio(min: 2, of: .cluster("nowhere")),
        ]
        #expect(Load.described(ScenarioValidation.issues(of: scenario)) == [
            "expect[0].opens: expected \"min\" at most \"max\", found min 4 above max 2",
            "expect[1].transitions: expected \"min\", \"max\" or both, each a whole number from 0 to 1000000000",
            "expect[2].breaker: no breaker guards \"eu-west\"; expected a cluster with a breaker (clusters with a breaker: us-east)",
            "expect[3].attemptsPerRequest.min: expected a number of attempts from 0 to 11, found -1",
            "expect[4].route: unknown route \"searh\" (did you mean \"search\"?); routes are: checkout, search",
            "expect[5].cluster: unknown cluster \"nowhere\"; clusters are: us-east, eu-west",
            "expect[5].successRatio.min: expected a ratio from 0 to 1, found 2",
        ])
    }
}
