import Testing
import Protocols
@testable import Scenarios

/// The chaos section's every form decodes from its file spelling (today's windows as before), the
/// modes timeline and presets load with seed 001's numbers, and each mistake is reported at its
/// key path with what was expected (unknown kinds and presets with the closest known name).
@Suite struct ChaosLoadingTests {
    static let text = """
    {
      name: "t", duration: "10s",
      clusters: [ { name: "a", backends: 3, latency: { dist: "constant", value: "5ms" } },
                  { name: "b", latency: { dist: "constant", value: "5ms" } } ],
      routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a", "b"], timeout: "1s" } ],
      traffic: [ { rate: 10, mix: [ { http: { path: "/api/{id}" } } ] } ],
      chaos: [ ENTRY ],
      MODES
    }
    """

    static func file(_ entry: String, modes: String = "") -> String {
        Load.replacing(Load.replacing(text, "ENTRY", entry), "MODES", modes)
    }

    static func window(_ entry: String) throws -> ChaosSpec {
        try #require(try ScenarioLoader.decode(file(entry)).chaos.first)
    }

    static func fault(_ fault: String) throws -> ChaosFault { try window("{ target: \"a\", fault: \(fault) }").fault }

    @Test func test_todaysWindowDecodesAsBefore() throws {
        let chaos = try Self.window("{ name: \"s\", at: \"1s\", for: \"2s\", target: \"a\", fault: { kind: \"error\", status: 502, rate: 0.4 } }")
        #expect(chaos == ChaosSpec(name: "s", at: .seconds(1), duration: .seconds(2), target: "a", fault: .error(status: 502, rate: 0.4)))
        #expect(try Self.fault("{ kind: \"latency\", delay: \"80ms\", rate: 0.5 }") == .latency(delay: .milliseconds(80), rate: 0.5))
        #expect(try Self.fault("{ kind: \"hang\" }") == .hang())
    }

    @Test func test_targetsWindowsSequencesAndMatchesDecode() throws {
        let whole = try Self.window("{ route: \"api\", fault: { kind: \"down\" } }")
        #expect(whole.target == .route("api") && whole.at == .zero && whole.duration == nil && whole.name == "chaos-0")
        #expect(try Self.window("{ target: \"a\", backend: 2, fault: { kind: \"down\" } }").target == .backend(cluster: "a", index: 2))
        let sequenced = try Self.window("{ target: \"a\", first: 3, every: 2, after: 1, fault: { kind: \"down\" } }")
        #expect(sequenced.sequence == ChaosSequence(first: 3, every: 2, after: 1))
        let matched = try Self.window("{ target: \"a\", match: { method: \"GET\", path: \"/api/*\", header: { \"x-test\": \"1\" }, operation: \"Q\" }, fault: { kind: \"down\" } }")
        #expect(matched.match == ChaosMatch(method: "GET", path: "/api/*", headers: [("x-test", "1")], operation: "Q"))
    }

    @Test func test_everyFaultKindDecodes_toxiproxyToxics_wireMockFaults() throws {
        let forms: [(String, ChaosFaultKind)] = [
            ("{ kind: \"error\", statuses: [500, 503] }", .error(statuses: [500, 503])),
            ("{ kind: \"latency\", delay: \"100ms\", jitter: \"20ms\" }", .latency(ChaosLatency(.fixed(.milliseconds(100)), jitter: .milliseconds(20)))),
            ("{ kind: \"latency\", delay: { from: \"0s\", to: \"1s\" } }", .latency(ChaosLatency(.ramp(from: .zero, to: .seconds(1))))),
            ("{ kind: \"latency\", delay: { dist: \"normal\", mean: \"50ms\", stddev: \"5ms\" } }",
             .latency(ChaosLatency(.distribution(.normal(mean: .milliseconds(50), standardDeviation: .milliseconds(5)))))),
            ("{ kind: \"latency\", delay: \"10ms\", spikeProbability: 0.2, spike: { min: \"1s\", max: \"5s\" } }",
             .latency(ChaosLatency(.fixed(.milliseconds(10)), spike: LatencySpike(probability: 0.2, min: .seconds(1), max: .seconds(5))))),
            ("{ kind: \"timeout\", timeout: \"2s\" }", .timeout(hold: .seconds(2))),
            ("{ kind: \"reset\" }", .reset(after: .zero)),
            ("{ kind: \"reset\", timeout: \"30ms\" }", .reset(after: .milliseconds(30))),
            ("{ kind: \"down\" }", .down),
            ("{ kind: \"bandwidth\", bytesPerSecond: 1000 }", .bandwidth(bytesPerSecond: 1000)),
            ("{ kind: \"slow_close\", delay: \"1s\" }", .slowClose(delay: .seconds(1))),
            ("{ kind: \"slicer\", averageSize: 64, sizeVariation: 8, delay: \"1ms\" }", .slicer(averageSize: 64, sizeVariation: 8, delay: .milliseconds(1))),
            ("{ kind: \"limit_data\", bytes: 100 }", .limitData(bytes: 100)),
            ("{ kind: \"empty_response\" }", .emptyResponse),
            ("{ kind: \"malformed_response\" }", .malformedResponse),
            ("{ kind: \"random_data_then_close\" }", .randomDataThenClose),
        ]
        for (text, kind) in forms { #expect(try Self.fault(text).kind == kind, "\(text)") }
        #expect(try Self.fault("{ kind: \"error\", rate: { from: 0.1, to: 0.9 } }").rate == ChaosRate(from: 0.1, to: 0.9))
    }

    @Test func test_protocolFaultsDecodeAndMustFitTheirTarget() throws {
        let grpc = """
        { name: "g", duration: "1s",
          clusters: [ { name: "rpc", protocol: "grpc", grpc: { methods: [ { method: "/s.S/M" } ] } } ],
          routes: [ { name: "r", match: { path: "/s.S/*" }, clusters: ["rpc"] } ],
          traffic: [ { rate: 1, mix: [ { grpc: { method: "/s.S/M" } } ] } ],
          chaos: [ { target: "rpc", fault: { kind: "grpc", grpc: { code: "UNAVAILABLE", message: "later" } } } ] }
        """
        #expect(try ScenarioLoader.decode(grpc).chaos[0].fault.kind == .grpc(code: .unavailable, message: "later"))
        #expect(Load.described(Load.issues(Load.replacing(grpc, "\"UNAVAILABLE\"", "\"UNAVAILBLE\""))) ==
                ["chaos[0].fault.grpc.code: expected a gRPC status code other than OK (a name like \"UNAVAILABLE\" or its number) (did you mean \"UNAVAILABLE\"?)"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"grpc\", grpc: { code: 14 } } }"))) ==
                ["chaos[0].fault.kind: a grpc fault strikes grpc answers, but cluster \"a\" speaks http"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"websocket\", websocket: { close: 1006 } } }"))).contains(
                "chaos[0].fault.websocket.close: code 1006 is never sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999"))
    }

    @Test func test_unknownKindIsReportedWithTheClosestKind() {
        let issues = Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"slowclose\" } }")))
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("chaos[0].fault.kind: expected one of \"error\", \"latency\"") == true)
        #expect(issues.first?.hasSuffix("found \"slowclose\" (did you mean \"slow_close\"?)") == true)
    }

    @Test func test_badRampsAreReportedAtTheirKeys() {
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"down\", rate: { from: 0.1 } } }"))) ==
                ["chaos[0].fault.rate.to: missing; expected the rate at the window's end, a probability from 0 to 1"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"down\", rate: { from: 0.1, to: 1.5 } } }"))) ==
                ["chaos[0].fault.rate.to: expected a probability from 0 to 1, found 1.5"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"latency\", delay: { from: \"1s\", upto: \"2s\" } } }"))) ==
                ["chaos[0].fault.delay.to: missing; expected the delay at the window's end, like \"500ms\"",
                 "chaos[0].fault.delay.upto: unknown key 'upto'; expected one of: from, to"])
    }

    @Test func test_backendOutOfRangeAndOtherTargetMistakes() {
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", backend: 3, fault: { kind: \"down\" } }"))) ==
                ["chaos[0].backend: backend 3 is out of range: cluster \"a\" has 3 backend(s), 0 to 2"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", backend: 0, fault: { kind: \"hang\" } }"))) ==
                ["chaos[0].fault.kind: a backend's fault cannot hang (the router learns of hangs when it sends); use timeout with a hold, or target the cluster"])
        #expect(Load.described(Load.issues(Self.file("{ route: \"apj\", fault: { kind: \"down\" } }"))) ==
                ["chaos[0].route: unknown route \"apj\" (did you mean \"api\"?); routes are: api"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", route: \"api\", fault: { kind: \"down\" } }"))) ==
                ["chaos[0].route: give either target (a cluster) or route, not both"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", first: 0, fault: { kind: \"down\" } }"))) ==
                ["chaos[0].first: expected a number of attempts from 1 to 2147483647, found 0"])
        #expect(Load.described(Load.issues(Self.file("{ target: \"a\", fault: { kind: \"down\", delay: \"1s\" } }"))) ==
                ["chaos[0].fault.delay: not used by a down fault"])
    }

    // MARK: Modes and presets

    @Test func test_builtInPresetsCarrySeed001sNumbers_seed001Section46() {
        let presets = Dictionary(uniqueKeysWithValues: ModePreset.builtIn.map { ($0.name, $0.mode) })
        #expect(presets["production"] == .healthy)
        #expect(presets["staging"] == ModeSpec(kind: .degraded, latencyMultiplier: 1.5))
        #expect(presets["high-load"] == ModeSpec(kind: .degraded, latencyMultiplier: 3.0, errorRate: 0.05))
        #expect(presets["network-issues"] == ModeSpec(kind: .error, errorRate: 0.15, statusCodes: [502, 503, 504]))
        #expect(presets["chaos"] == ModeSpec(kind: .chaos, errorRate: 0.1, timeoutRate: 0.05,
                                             latency: LatencyChaos(min: .zero, max: .milliseconds(5000), spikeProbability: 0.2)))
        #expect(ModeSpec.chaosStatusCodes == [500, 502, 503, 504, 429])
        #expect(ModePreset.builtIn.map(\.name) == ["production", "staging", "high-load", "network-issues", "chaos", "network_degradation",
                                                    "service_instability", "cascading_failure", "peak_traffic", "slow_backend"])
    }

    @Test func test_modesTimelineAndPresetsLoad() throws {
        let modes = """
        presets: { "black-friday": { mode: "degraded", latencyMultiplier: 2, errorRate: 0.01, statusCodes: [503] } },
        modes: [ { at: "1s", preset: "staging" }, { at: "2s", mode: "error", errorRate: 0.2, cluster: "b" },
                 { at: "3s", preset: "black-friday" }, { at: "4s", mode: "chaos", errorRate: 0.1, timeoutRate: 0.05,
                   latency: { min: "0s", max: "5s", spikeProbability: 0.2 } }, { at: "5s", mode: "healthy" } ],
        """
        let scenario = try ScenarioLoader.decode(Self.file("{ target: \"a\", fault: { kind: \"down\", rate: 0 } }", modes: modes))
        #expect(scenario.presets == [ModePreset(name: "black-friday", mode: .degraded(latencyMultiplier: 2, errorRate: 0.01, statusCodes: [503]))])
        #expect(scenario.modes == [
            ModeSwitch(at: .seconds(1), mode: .degraded(latencyMultiplier: 1.5), preset: "staging"),
            ModeSwitch(at: .seconds(2), cluster: "b", mode: .error(errorRate: 0.2)),
            ModeSwitch(at: .seconds(3), mode: .degraded(latencyMultiplier: 2, errorRate: 0.01, statusCodes: [503]), preset: "black-friday"),
            ModeSwitch(at: .seconds(4), mode: .chaos(errorRate: 0.1, timeoutRate: 0.05, latency: LatencyChaos(min: .zero, max: .seconds(5), spikeProbability: 0.2))),
            ModeSwitch(at: .seconds(5), mode: .healthy),
        ])
    }

    @Test func test_modeMistakesAreReportedAtTheirKeys() {
        let entry = "{ target: \"a\", fault: { kind: \"down\", rate: 0 } }"
        #expect(Load.described(Load.issues(Self.file(entry, modes: "modes: [ { at: \"1s\", preset: \"stagng\" } ],"))) ==
                ["modes[0].preset: unknown preset \"stagng\" (did you mean \"staging\"?); presets are: production, staging, high-load, network-issues, chaos, network_degradation, service_instability, cascading_failure, peak_traffic, slow_backend"])
        #expect(Load.described(Load.issues(Self.file(entry, modes: "modes: [ { at: \"1s\", mode: \"degraded\" } ],"))) ==
                ["modes[0].latencyMultiplier: missing; expected a multiplier from 0.01 to 1000"])
        #expect(Load.described(Load.issues(Self.file(entry, modes: "modes: [ { at: \"1s\", mode: \"error\", errorRate: 0.1, timeoutRate: 0.1 } ],"))) ==
                ["modes[0].timeoutRate: not used by an error mode"])
        // One mistake, one message: the misplaced key is not also checked against the route's timeout.
        let degraded = Load.replacing(Self.file(entry, modes: "modes: [ { at: \"1s\", mode: \"degraded\", latencyMultiplier: 2, timeoutRate: 0.1 } ],"),
                                      ", timeout: \"1s\"", "")
        #expect(Load.described(Load.issues(degraded)) == ["modes[0].timeoutRate: not used by a degraded mode"])
        #expect(Load.described(Load.issues(Self.file(entry, modes: "modes: [ { at: \"20s\", mode: \"healthy\", cluster: \"c\" } ],"))) ==
                ["modes[0].at: switches at 20s, at or after the end of the run (10s)",
                 "modes[0].cluster: unknown cluster \"c\"; clusters are: a, b"])
        #expect(Load.described(Load.issues(Self.file(entry, modes: "presets: { staging: { mode: \"healthy\" } },"))) ==
                ["presets.staging: \"staging\" is a built-in preset; give yours another name"])
        // The route here has a timeout; without one, a mode that times attempts out is refused.
        let noTimeout = Load.replacing(Self.file(entry, modes: "modes: [ { at: \"1s\", preset: \"chaos\" } ],"), ", timeout: \"1s\"", "")
        #expect(Load.described(Load.issues(noTimeout)) ==
                ["modes[0].preset: timeoutRate leaves attempts unanswered, and only a timeout ends them, but route \"api\" has none; give it a timeout"])
    }

    @Test func test_aHandBuiltScenarioGetsTheSameChecks() {
        var scenario = try! ScenarioLoader.decode(Self.file("{ target: \"a\", fault: { kind: \"down\" } }"))
        scenario.chaos[0].target = .backend(cluster: "a", index: 7)
        scenario.modes = [ModeSwitch(at: .seconds(1), mode: .degraded(latencyMultiplier: 0))]
        #expect(Load.described(ScenarioValidation.issues(of: scenario)) ==
                ["chaos[0].backend: backend 7 is out of range: cluster \"a\" has 3 backend(s), 0 to 2",
                 "modes[0].latencyMultiplier: expected a multiplier from 0.01 to 1000, found 0"])
    }
}
