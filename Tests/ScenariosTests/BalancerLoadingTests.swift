import Testing
@testable import Scenarios

/// A route's Envoy balancer keys as files write them: each key with its default and the balancer
/// that reads it (least request's `choice_count`, ring hash's `minimum_ring_size`, the route's
/// `hash_policy`), priority levels from 0 without gaps (Envoy's `LocalityLbEndpoints.priority`),
/// the overprovisioning factor and the panic threshold, and every mistake named by its key path.
@Suite struct BalancerLoadingTests {
    static func scenario(route: String) -> String {
        """
        {
          name: "t", duration: "10s",
          clusters: [ { name: "a" }, { name: "b" }, { name: "c" } ],
          routes: [ { name: "r", match: { path: "/*" }, clusters: ["a", "b", "c"], \(route) } ],
          traffic: [ { rate: 10, mix: [ { http: { path: "/x/{id}" } } ] } ],
        }
        """
    }

    static func route(_ keys: String) throws -> RouteSpec {
        try ScenarioLoader.decode(scenario(route: keys), file: "t.json5").routes[0]
    }

    static func problems(_ keys: String) -> [String] { Load.described(Load.issues(scenario(route: keys))) }

    // MARK: Keys and defaults

    @Test func test_envoysBalancerNamesLoad() throws {
        #expect(try Self.route(#"balancer: "least-request""#).balancer == .leastRequest)
        #expect(try Self.route(#"balancer: "ring-hash""#).balancer == .ringHash)
        #expect(try Self.route(#"balancer: "maglev""#).balancer == .maglev)
        #expect(BalancerKind.allCases.filter(\.hashesRequests) == [.ringHash, .maglev])
    }

    @Test func test_leftOutKeysTakeEnvoysDefaultsLater() throws {
        let route = try Self.route(#"balancer: "ring-hash""#)
        #expect(route.choices == nil && route.hashKey == nil && route.minimumRingSize == nil)
        #expect(route.priorities.isEmpty && route.overprovisioning == nil && route.panicThreshold == nil)
    }

    @Test func test_leastRequestTakesChoices() throws {
        #expect(try Self.route(#"balancer: "least-request", choices: 3"#).choices == 3)
    }

    @Test func test_hashKeyTakesEnvoysThreeSources() throws {
        #expect(try Self.route(#"balancer: "ring-hash", hashKey: { header: "X-User" }"#).hashKey == .header("x-user"))
        #expect(try Self.route(#"balancer: "ring-hash", hashKey: { pathParameter: "id" }"#).hashKey == .pathParameter("id"))
        #expect(try Self.route(#"balancer: "maglev", hashKey: "requestId""#).hashKey == .requestId)
    }

    @Test func test_ringHashTakesAMinimumRingSize() throws {
        #expect(try Self.route(#"balancer: "ring-hash", minimumRingSize: 2048"#).minimumRingSize == 2048)
    }

    @Test func test_prioritiesOverprovisioningAndPanicThresholdLoad() throws {
        let route = try Self.route(#"priorities: [0, 0, 1], overprovisioning: 2, panicThreshold: 30"#)
        #expect(route.priorities == [0, 0, 1] && route.overprovisioning == 2 && route.panicThreshold == 30)
    }

    // MARK: Mistakes

    @Test(arguments: [
        (#"balancer: "least_request""#, #"routes[0].balancer: expected one of "round-robin", "weighted", "random", "least-outstanding", "least-request", "ring-hash", "maglev", found "least_request" (did you mean "least-request"?)"#),
        (#"choices: 3"#, #"routes[0].choices: only used by the "least-request" balancer; this route's balancer is "round-robin""#),
        (#"balancer: "least-request", choices: 1"#, "routes[0].choices: expected a number of choices from 2 to 100, found 1"),
        (#"balancer: "least-request", choices: 2.5"#, "routes[0].choices: expected a number of choices from 2 to 100, found 2.5"),
        (#"balancer: "least-request", hashKey: "requestId""#, #"routes[0].hashKey: only used by the "ring-hash" and "maglev" balancers; this route's balancer is "least-request""#),
        (#"balancer: "ring-hash", hashKey: "requestID""#, #"routes[0].hashKey: expected "requestId", { header: NAME } or { pathParameter: NAME }, found "requestID" (did you mean "requestId"?)"#),
        (#"balancer: "ring-hash", hashKey: 5"#, #"routes[0].hashKey: expected "requestId", { header: NAME } or { pathParameter: NAME }, found 5"#),
        (#"balancer: "ring-hash", hashKey: {}"#, "routes[0].hashKey: expected exactly one of header, pathParameter, found 0"),
        (#"balancer: "ring-hash", hashKey: { header: "a", pathParameter: "b" }"#, "routes[0].hashKey: expected exactly one of header, pathParameter, found 2"),
        (#"balancer: "ring-hash", hashKey: { header: "" }"#, "routes[0].hashKey.header: expected a non-empty string"),
        (#"balancer: "maglev", minimumRingSize: 2048"#, #"routes[0].minimumRingSize: only used by the "ring-hash" balancer; this route's balancer is "maglev""#),
        (#"balancer: "ring-hash", minimumRingSize: 0"#, "routes[0].minimumRingSize: expected a ring size from 1 to 8388608, found 0"),
        (#"priorities: [0, 1]"#, "routes[0].priorities: expected one priority per cluster (3), found 2"),
        (#"priorities: [0, 1, 10]"#, "routes[0].priorities[2]: expected a priority from 0 (the highest) to 9, found 10"),
        (#"priorities: [0, 2, 2]"#, "routes[0].priorities: expected priorities from 0 without skipping a level, as Envoy requires; found levels 0, 2"),
        (#"priorities: [1, 1, 1]"#, "routes[0].priorities: expected priorities from 0 without skipping a level, as Envoy requires; found levels 1"),
        (#"priorities: "0""#, #"routes[0].priorities: expected an array, found "0""#),
        (#"priorities: [0, 0, 1], overprovisioning: 0.5"#, "routes[0].overprovisioning: expected a factor from 1 to 1000 (1.4 is Envoy's default), found 0.5"),
        (#"priorities: [0, 0, 1], panicThreshold: 101"#, "routes[0].panicThreshold: expected a percentage from 0 to 100, found 101"),
        (#"panicThreshold: 30"#, "routes[0].panicThreshold: only used with priorities (health is tracked on routes with priority tiers); give priorities, e.g. [0, 0, 1], one per cluster"),
        (#"overprovisioning: 2"#, "routes[0].overprovisioning: only used with priorities (health is tracked on routes with priority tiers); give priorities, e.g. [0, 0, 1], one per cluster"),
    ])
    func test_eachMistakeIsNamedByItsKeyPath(keys: String, problem: String) {
        #expect(Self.problems(keys) == [problem])
    }

    @Test func test_anUnknownHashKeySourceListsTheKnownOnes() {
        let found = Self.problems(#"balancer: "ring-hash", hashKey: { cookie: "session" }"#)
        #expect(found == ["routes[0].hashKey.cookie: unknown key 'cookie'; expected one of: header, pathParameter"])
    }

    @Test func test_aHandBuiltRouteGetsTheSameChecks() {
        var route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], balancer: .random, choices: 1,
                              hashKey: .header(""), minimumRingSize: 0, priorities: [0], panicThreshold: -1)
        var scenario = Scenario(name: "s", duration: .seconds(1), clusters: ["a", "b"].map {
                                    ClusterSpec(name: $0, backends: 1, concurrency: 1, latency: .constant(.milliseconds(1)))
                                }, routes: [route],
                                traffic: [TrafficSpec(name: "t", rate: 1, mix: [RequestTemplate(path: "/x")])])
        #expect(ScenarioValidation.issues(of: scenario).map { "\($0.path): \($0.message)" } == [
            "routes[0].choices: expected a number of choices from 2 to 100, found 1",
            #"routes[0].choices: only used by the "least-request" balancer; this route's balancer is "random""#,
            "routes[0].hashKey.header: expected a non-empty string",
            #"routes[0].hashKey: only used by the "ring-hash" and "maglev" balancers; this route's balancer is "random""#,
            "routes[0].minimumRingSize: expected a ring size from 1 to 8388608, found 0",
            #"routes[0].minimumRingSize: only used by the "ring-hash" balancer; this route's balancer is "random""#,
            "routes[0].priorities: expected one priority per cluster (2), found 1",
            "routes[0].panicThreshold: expected a percentage from 0 to 100, found -1",
        ])
        route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"], balancer: .ringHash, hashKey: .requestId,
                          minimumRingSize: 64, priorities: [0, 1], overprovisioning: 1, panicThreshold: 0)
        scenario.routes = [route]
        #expect(ScenarioValidation.issues(of: scenario).isEmpty)
    }
}
