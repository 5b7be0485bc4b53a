import Testing
@testable import Scenarios

/// A cluster's `outlier` (Envoy's OutlierDetection, outlier_detection.proto, with Envoy's defaults) and
/// `balancer` keys: every key decodes, what is left out is Envoy's default, and each mistake is
/// reported at its key path with what was expected.
@Suite struct OutlierLoadingTests {
    static let text = """
    {
      name: "t", duration: "10s",
      clusters: [ { name: "a", backends: 10, latency: { dist: "constant", value: "5ms" }, CLUSTER } ],
      routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a"] } ],
      traffic: [ { rate: 10, mix: [ { http: { path: "/api/{id}" } } ] } ],
    }
    """
    static let second: Int64 = 1_000_000_000

    static func file(_ keys: String) -> String { Load.replacing(text, "CLUSTER", keys) }

    static func cluster(_ keys: String) throws -> ClusterSpec {
        try #require(try ScenarioLoader.decode(file(keys)).clusters.first)
    }

    static func problems(_ keys: String) -> [String] { Load.described(Load.issues(file(keys))) }

    /// Envoy's defaults (outlier_detection.proto): 5 consecutive 5xx enforced at 100%, gateway failure
    /// 5 enforced at 0%, interval 10 s, base 30 s, max 300 s, 10%, success rate 5 hosts / 100 requests /
    /// 1900 / 100%, failure percentage 85 / 5 / 50 / 0%; Envoy's inline timing; no latency rule.
    @Test func test_emptyOutlierIsEnvoysDefaults() throws {
        let spec = try #require(try Self.cluster("outlier: {}").outlier)
        #expect(spec == OutlierSpec())
        #expect(spec.consecutive5xx == 5 && spec.consecutiveGatewayFailure == 5 && spec.enforcingConsecutive5xx == 100)
        #expect(spec.enforcingConsecutiveGatewayFailure == 0 && spec.interval == 10 * Self.second)
        #expect(spec.baseEjectionTime == 30 * Self.second && spec.maxEjectionTime == 300 * Self.second && spec.maxEjectionPercent == 10)
        #expect(!spec.alwaysEjectOneHost && spec.successRateMinimumHosts == 5 && spec.successRateRequestVolume == 100)
        #expect(spec.successRateStdevFactor == 1900 && spec.enforcingSuccessRate == 100 && spec.failurePercentageThreshold == 85)
        #expect(spec.failurePercentageMinimumHosts == 5 && spec.failurePercentageRequestVolume == 50 && spec.enforcingFailurePercentage == 0)
        #expect(spec.latency == nil && spec.consecutiveTiming == .immediate)
        let plain = try Self.cluster("errorRate: 0")
        #expect(plain.outlier == nil && plain.balancer == nil)
    }

    @Test func test_everyOutlierKeyDecodes() throws {
        let spec = try #require(try Self.cluster("""
        outlier: { consecutive5xx: 3, consecutiveGatewayFailure: 4, enforcingConsecutive5xx: 90, enforcingConsecutiveGatewayFailure: 80,
                   interval: "2s", baseEjectionTime: "5s", maxEjectionTime: "1m", maxEjectionPercent: 30, alwaysEjectOneHost: true,
                   successRateMinimumHosts: 3, successRateRequestVolume: 20, successRateStdevFactor: 1000, enforcingSuccessRate: 70,
                   failurePercentageThreshold: 50, failurePercentageMinimumHosts: 2, failurePercentageRequestVolume: 10,
                   enforcingFailurePercentage: 60,
                   latency: { quantile: 0.95, factor: 2.5, minimumRequests: 10, minimumHosts: 4, enforcing: 50 }, timing: "interval" }
        """).outlier)
        #expect(spec == OutlierSpec(consecutive5xx: 3, consecutiveGatewayFailure: 4, enforcingConsecutive5xx: 90,
                                    enforcingConsecutiveGatewayFailure: 80, interval: 2 * Self.second, baseEjectionTime: 5 * Self.second,
                                    maxEjectionTime: 60 * Self.second, maxEjectionPercent: 30, alwaysEjectOneHost: true,
                                    successRateMinimumHosts: 3, successRateRequestVolume: 20, successRateStdevFactor: 1000,
                                    enforcingSuccessRate: 70, failurePercentageThreshold: 50, failurePercentageMinimumHosts: 2,
                                    failurePercentageRequestVolume: 10, enforcingFailurePercentage: 60,
                                    latency: LatencyEjectionSpec(quantile: 0.95, factor: 2.5, minimumRequests: 10, minimumHosts: 4, enforcing: 50),
                                    consecutiveTiming: .atInterval))
        #expect(try Self.cluster("outlier: { timing: \"immediate\" }").outlier?.consecutiveTiming == .immediate)
        #expect(try Self.cluster("outlier: { latency: {} }").outlier?.latency == LatencyEjectionSpec())
    }

    @Test func test_balancerDecodesAsANameOrAnObject() throws {
        let names: [(String, BackendBalancerSpec)] = [
            ("least-outstanding", .leastOutstanding), ("round-robin", .roundRobin), ("random", .random),
            ("least-request", .leastRequest(choices: 2)), ("ring-hash", .ringHash(minimumRingSize: 1024)), ("maglev", .maglev),
        ]
        for (name, spec) in names {
            #expect(try Self.cluster("balancer: \"\(name)\"").balancer == spec)
            #expect(try Self.cluster("balancer: { kind: \"\(name)\" }").balancer == spec)
        }
        #expect(try Self.cluster("balancer: { kind: \"least-request\", choices: 3 }").balancer == .leastRequest(choices: 3))
        #expect(try Self.cluster("balancer: { kind: \"ring-hash\", minimumRingSize: 4096 }").balancer == .ringHash(minimumRingSize: 4096))
    }

    @Test func test_outlierMistakesAreReportedAtTheirKeyPath() {
        #expect(Self.problems("outlier: { consecutive5x: 3 }") ==
                ["clusters[0].outlier.consecutive5x: unknown key 'consecutive5x' (did you mean 'consecutive5xx'?); expected one of: "
                 + ScenarioDecoding.outlierKeys.joined(separator: ", ")])
        #expect(Self.problems("outlier: { maxEjectionPercent: 150 }") ==
                ["clusters[0].outlier.maxEjectionPercent: expected a whole percentage from 0 to 100, found 150"])
        #expect(Self.problems("outlier: { enforcingSuccessRate: 50.5 }") ==
                ["clusters[0].outlier.enforcingSuccessRate: expected a whole percentage from 0 to 100, found 50.5"])
        #expect(Self.problems("outlier: { consecutive5xx: -1 }") ==
                ["clusters[0].outlier.consecutive5xx: expected a number of answers in a row from 0 (never) to 2147483647, found -1"])
        #expect(Self.problems("outlier: { interval: \"0s\" }") == ["clusters[0].outlier.interval: expected a duration above 0s, found \"0s\""])
        #expect(Self.problems("outlier: { interval: \"500us\" }") ==
                ["clusters[0].outlier.interval: expected a duration of at least 1ms, found \"500us\""])
        #expect(Self.problems("outlier: { baseEjectionTime: 30 }") ==
                ["clusters[0].outlier.baseEjectionTime: expected a duration like \"120ms\", found 30"])
        #expect(Self.problems("outlier: { alwaysEjectOneHost: \"yes\" }") ==
                ["clusters[0].outlier.alwaysEjectOneHost: expected true or false, found \"yes\""])
        #expect(Self.problems("outlier: { timing: \"intervals\" }") ==
                ["clusters[0].outlier.timing: expected one of \"immediate\", \"interval\", found \"intervals\" (did you mean \"interval\"?)"])
        #expect(Self.problems("outlier: { successRateStdevFactor: 1.9 }") ==
                ["clusters[0].outlier.successRateStdevFactor: expected a whole number of thousandths from 0 to 1000000 (1900: 1.9 standard deviations), found 1.9"])
        #expect(Self.problems("outlier: { latency: { quantile: 99 } }") ==
                ["clusters[0].outlier.latency.quantile: expected a quantile from 0 to 1 (0.99: p99), found 99"])
        #expect(Self.problems("outlier: { latency: { factor: 0.5, enforcing: 101 } }") ==
                ["clusters[0].outlier.latency.factor: expected a factor from 1 to 1000, found 0.5",
                 "clusters[0].outlier.latency.enforcing: expected a whole percentage from 0 to 100, found 101"])
        #expect(Self.problems("outlier: { latency: { p99: 3 } }").first?.hasPrefix("clusters[0].outlier.latency.p99: unknown key 'p99'") == true)
        #expect(Self.problems("outlier: true") == ["clusters[0].outlier: expected an object, found true"])
        // Every mistake of one object at once.
        #expect(Self.problems("outlier: { maxEjectionPercent: 101, interval: \"0s\", timing: 1 }").count == 3)
    }

    @Test func test_balancerMistakesAreReportedAtTheirKeyPath() {
        #expect(Self.problems("balancer: \"round_robin\"") ==
                ["clusters[0].balancer: expected one of \"least-outstanding\", \"round-robin\", \"random\", \"least-request\", \"ring-hash\", \"maglev\", found \"round_robin\" (did you mean \"round-robin\"?)"])
        #expect(Self.problems("balancer: 2") ==
                ["clusters[0].balancer: expected one of \"least-outstanding\", \"round-robin\", \"random\", \"least-request\", \"ring-hash\", \"maglev\" or an object { kind, choices, minimumRingSize }, found 2"])
        #expect(Self.problems("balancer: { choices: 3 }") ==
                ["clusters[0].balancer.kind: missing; expected one of \"least-outstanding\", \"round-robin\", \"random\", \"least-request\", \"ring-hash\", \"maglev\""])
        #expect(Self.problems("balancer: { kind: \"ring-hash\", choices: 3 }") ==
                ["clusters[0].balancer.choices: not used by a ring-hash balancer (only by least-request)"])
        #expect(Self.problems("balancer: { kind: \"maglev\", minimumRingSize: 3 }") ==
                ["clusters[0].balancer.minimumRingSize: not used by a maglev balancer (only by ring-hash)"])
        #expect(Self.problems("balancer: { kind: \"least-request\", choices: 1 }") ==
                ["clusters[0].balancer.choices: expected a number of choices from 2 to 100, found 1"])
        #expect(Self.problems("balancer: { kind: \"ring-hash\", minimumRingSize: 0 }") ==
                ["clusters[0].balancer.minimumRingSize: expected a ring size from 1 to 8388608, found 0"])
        #expect(Self.problems("balancer: { kind: \"ring-hash\", size: 10 }").first?.hasPrefix("clusters[0].balancer.size: unknown key 'size'") == true)
    }

    /// A scenario built in Swift gets the same checks, with the loader's messages and key paths.
    @Test func test_aHandBuiltScenarioGetsTheSameChecks() throws {
        var scenario = try ScenarioLoader.decode(Self.file("errorRate: 0"))
        scenario.clusters[0].outlier = OutlierSpec(enforcingConsecutive5xx: 120, interval: 1000, baseEjectionTime: 0, maxEjectionPercent: -1,
                                                   latency: LatencyEjectionSpec(quantile: 1.5))
        scenario.clusters[0].balancer = .leastRequest(choices: 1)
        #expect(Load.described(ScenarioValidation.issues(of: scenario)) == [
            "clusters[0].outlier.enforcingConsecutive5xx: expected a whole percentage from 0 to 100, found 120",
            "clusters[0].outlier.maxEjectionPercent: expected a whole percentage from 0 to 100, found -1",
            "clusters[0].outlier.interval: expected a duration of at least 1ms, found \"1us\"",
            "clusters[0].outlier.baseEjectionTime: expected a duration above 0s, found \"0s\"",
            "clusters[0].outlier.latency.quantile: expected a quantile from 0 to 1 (0.99: p99), found 1.5",
            "clusters[0].balancer.choices: expected a number of choices from 2 to 100, found 1",
        ])
        scenario.clusters[0].outlier = OutlierSpec()
        scenario.clusters[0].balancer = .maglev
        #expect(ScenarioValidation.issues(of: scenario).isEmpty)
    }

    /// The example scenario validates.
    @Test func test_theOutlierExampleLoads() throws {
        let scenario = try ScenarioLoader.load(path: ScenarioFixtures.path("outlier-ejection.json5"))
        #expect(scenario.clusters[0].outlier != nil && scenario.clusters[0].backends == 10)
    }
}
