import Testing
@testable import Actors
import Protocols
import Scenarios

/// Every fault kind changes exactly the attempts its window strikes — their outcome, status and
/// timing — and no other: Toxiproxy's toxics (https://github.com/Shopify/toxiproxy#toxics),
/// WireMock's faults (https://wiremock.org/docs/simulating-faults/) and the protocol-aware ones.
@Suite struct ChaosFaultTests {
    let ms = ChaosFixtures.ms
    typealias Attempt = ChaosFixtures.Attempt

    /// Runs `fault` at rate 1 in a window [300 ms, 600 ms) on cluster "a" (10 ms service, no
    /// queueing, a 1000-byte body), checks every attempt sent outside it is untouched (200, ok,
    /// 10 ms, no window) and returns the attempts sent inside, each of which the window struck.
    func struck(_ fault: ChaosFault, concurrency: Int = 100, extra: [ChaosSpec] = []) throws -> [Attempt] {
        let window = ChaosFixtures.window(fault, at: .milliseconds(300), for: .milliseconds(300))
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window] + extra, clusters: [ChaosFixtures.cluster(concurrency: concurrency)]))
        let attempts = ChaosFixtures.attempts(result)
        let inside = attempts.filter { $0.sentAt >= 300 * ms && $0.sentAt < 600 * ms }
        // The last arrival's answer falls at the run's end, where it is not traced.
        for attempt in attempts where (attempt.sentAt < 300 * ms || attempt.sentAt >= 600 * ms) && attempt.outcome != nil {
            #expect(attempt.window == nil && attempt.status == 200 && attempt.outcome == .ok && attempt.latency == 10 * ms,
                    "attempt of request \(attempt.request) outside the window was changed")
        }
        #expect(inside.count == 30)
        #expect(inside.allSatisfy { $0.window == 0 })
        // Those still unanswered when the run ends (a hang past its deadline) say nothing.
        return inside.filter { $0.outcome != nil }
    }

    @Test func test_errorServesThenReplacesTheAnswerWithAStatusDrawnUniformly_seed001ErrorResponse() throws {
        let inside = try struck(ChaosFault(kind: .error(statuses: [500, 503])))
        #expect(inside.allSatisfy { [500, 503].contains($0.status) && $0.outcome == .chaos && $0.latency == 10 * ms })
        // Uniform over two statuses: 30 draws, each status well represented (P(fewer than 5) < 0.0002).
        #expect(inside.filter { $0.status == 500 }.count >= 5 && inside.filter { $0.status == 503 }.count >= 5)
    }

    @Test func test_latencyJitterIsUniformWithinPlusOrMinusJitter_toxiproxyLatency() throws {
        let inside = try struck(ChaosFault(kind: .latency(ChaosLatency(.fixed(.milliseconds(30)), jitter: .milliseconds(10)))))
        #expect(inside.allSatisfy { $0.status == 200 && $0.outcome == .ok && $0.latency >= 30 * ms && $0.latency <= 50 * ms })
        #expect(Set(inside.map(\.latency)).count > 10)
    }

    @Test func test_latencyDrawsFromItsDistributionOrSpikes_wireMockRandomDelay_seed001LatencyChaos() throws {
        let uniform = try struck(ChaosFault(kind: .latency(ChaosLatency(.distribution(.uniform(min: .milliseconds(20), max: .milliseconds(40)))))))
        #expect(uniform.allSatisfy { $0.latency >= 30 * ms && $0.latency < 50 * ms })
        let lognormal = try struck(ChaosFault(kind: .latency(ChaosLatency(.distribution(.lognormal(median: .milliseconds(50), sigma: 0.5))))))
        #expect(lognormal.allSatisfy { $0.latency > 10 * ms } && Set(lognormal.map(\.latency)).count > 20)
        let spiky = try struck(ChaosFault(kind: .latency(ChaosLatency(.fixed(.milliseconds(5)),
                                                                      spike: LatencySpike(probability: 1, min: .milliseconds(100), max: .milliseconds(200))))))
        #expect(spiky.allSatisfy { $0.latency >= 110 * ms && $0.latency < 210 * ms })
        let never = try struck(ChaosFault(kind: .latency(ChaosLatency(.fixed(.milliseconds(5)),
                                                                      spike: LatencySpike(probability: 0, min: .milliseconds(100), max: .milliseconds(200))))))
        #expect(never.allSatisfy { $0.latency == 15 * ms })
    }

    @Test func test_latencyRampRisesLinearlyFromItsStartToItsEnd() throws {
        // 0 at 300 ms, 300 ms at 600 ms: an attempt sent at t waits exactly t - 300 ms.
        let inside = try struck(ChaosFault(kind: .latency(ChaosLatency(.ramp(from: .zero, to: .milliseconds(300))))))
        for attempt in inside { #expect(attempt.latency == 10 * ms + (attempt.sentAt - 300 * ms)) }
    }

    @Test func test_hangIsNeverAnsweredAndTheRouteTimeoutEndsIt() throws {
        let inside = try struck(.hang())
        #expect(inside.count == 20 && inside.allSatisfy { $0.status == 504 && $0.outcome == .timeout && $0.latency == 500 * ms })
    }

    @Test func test_timeoutClosesAfterItsHoldAsAResetAndZeroHangs_toxiproxyTimeout() throws {
        let held = try struck(ChaosFault(kind: .timeout(hold: .milliseconds(50))))
        #expect(held.allSatisfy { $0.status == 503 && $0.outcome == .reset && $0.latency == 50 * ms })
        let forever = try struck(ChaosFault(kind: .timeout(hold: .zero)))
        #expect(forever.count == 20 && forever.allSatisfy { $0.status == 504 && $0.outcome == .timeout && $0.latency == 500 * ms })
    }

    @Test func test_resetAnswers503ResetAtOnceOrAfterItsDelay_toxiproxyResetPeer_wireMockConnectionReset() throws {
        let now = try struck(ChaosFault(kind: .reset(after: .zero)))
        #expect(now.allSatisfy { $0.status == 503 && $0.outcome == .reset && $0.latency == 0 })
        let later = try struck(ChaosFault(kind: .reset(after: .milliseconds(20))))
        #expect(later.allSatisfy { $0.status == 503 && $0.outcome == .reset && $0.latency == 20 * ms })
    }

    @Test func test_downRefusesAtOnceAndWinsOverAHang_toxiproxyDown() throws {
        let inside = try struck(ChaosFault(kind: .down))
        #expect(inside.allSatisfy { $0.status == 503 && $0.outcome == .refused && $0.latency == 0 })
        let both = try struck(ChaosFault(kind: .down), extra: [ChaosFixtures.window(.hang(), at: .milliseconds(300), for: .milliseconds(300), name: "h")])
        #expect(both.allSatisfy { $0.outcome == .refused && $0.latency == 0 })
    }

    @Test func test_bandwidthAddsTheBodysTimeAtItsRate_toxiproxyBandwidth() throws {
        // 1000 bytes at 10 000 bytes/s: 100 ms after the 10 ms of service.
        let inside = try struck(ChaosFault(kind: .bandwidth(bytesPerSecond: 10_000)))
        #expect(inside.allSatisfy { $0.status == 200 && $0.outcome == .ok && $0.latency == 110 * ms })
    }

    @Test func test_slowCloseEndsTheAttemptItsDelayAfterTheAnswerWithoutHoldingTheBackend_toxiproxySlowClose() throws {
        // One slot, an arrival every 10 ms: a backend held 50 ms would queue the next ones.
        let inside = try struck(ChaosFault(kind: .slowClose(delay: .milliseconds(40))), concurrency: 1)
        #expect(inside.allSatisfy { $0.status == 200 && $0.outcome == .ok && $0.latency == 50 * ms })
    }

    @Test func test_slicerSendsTheWholeBodyInSlicesEachFollowedByItsDelay_toxiproxySlicer() throws {
        // 1000 bytes halved until a piece is at most 100: 16 pieces of 62–63 bytes, 5 ms after each.
        #expect(ArmedWindow.slices(1000, average: 100, variation: 0) == 16)
        #expect(ArmedWindow.slices(100, average: 100, variation: 0) == 1)
        #expect(ArmedWindow.slices(130, average: 100, variation: 40) == 1)
        #expect(ArmedWindow.slices(0, average: 100, variation: 0) == 0)
        let inside = try struck(ChaosFault(kind: .slicer(averageSize: 100, sizeVariation: 0, delay: .milliseconds(5))))
        #expect(inside.allSatisfy { $0.status == 200 && $0.outcome == .ok && $0.latency == 90 * ms })
    }

    @Test func test_limitDataCutsOnlyALongerAnswerAndKeepsItsStatus_toxiproxyLimitData() throws {
        let cut = try struck(ChaosFault(kind: .limitData(bytes: 500)))
        #expect(cut.allSatisfy { $0.status == 200 && $0.outcome == .truncated && $0.latency == 10 * ms })
        // "Closes connection when transmitted data exceeded limit": 1000 bytes do not exceed 1000.
        let whole = try struck(ChaosFault(kind: .limitData(bytes: 1000)))
        #expect(whole.allSatisfy { $0.status == 200 && $0.outcome == .ok })
    }

    @Test(arguments: [ChaosFaultKind.emptyResponse, .malformedResponse, .randomDataThenClose])
    func test_badAnswersAreServedThenSeenAsProtocolErrors_wireMockFaults(kind: ChaosFaultKind) throws {
        let inside = try struck(ChaosFault(kind: kind))
        #expect(inside.allSatisfy { $0.status == 502 && $0.outcome == .protocolError && $0.latency == 10 * ms })
    }

    @Test func test_rateZeroNeverFires_toxiproxy603() throws {
        let kinds: [ChaosFaultKind] = [.error(statuses: [503]), .hang, .down, .reset(after: .zero), .limitData(bytes: 1), .emptyResponse]
        for kind in kinds {
            for rate in [ChaosRate(0), ChaosRate(from: 0, to: 0)] {
                let window = ChaosFixtures.window(ChaosFault(kind: kind, rate: rate))
                let attempts = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([window])))
                #expect(attempts.count == 99)
                #expect(attempts.filter { $0.outcome != nil }.allSatisfy { $0.window == nil && $0.status == 200 && $0.outcome == .ok && $0.latency == 10 * ms }, "\(kind.name)")
            }
        }
    }

    // MARK: Protocol-aware faults

    static let grpcText = """
        { name: "g", duration: "1s",
          clusters: [ { name: "rpc", protocol: "grpc", concurrency: 10, latency: { dist: "constant", value: "10ms" },
                        grpc: { methods: [ { method: "/shop.Catalog/Get" } ] } } ],
          routes: [ { name: "r", match: { path: "/shop.Catalog/*" }, clusters: ["rpc"] } ],
          traffic: [ { name: "t", rate: 20, arrival: "constant", mix: [ { grpc: { method: "/shop.Catalog/Get" } } ] } ],
          chaos: [ { name: "nf", at: "0s", for: "500ms", target: "rpc", fault: { kind: "grpc", grpc: { code: "NOT_FOUND", message: "gone" } } },
                   { name: "un", at: "500ms", target: "rpc", fault: { kind: "grpc", grpc: { code: 14 } } } ] }
        """

    @Test func test_grpcFaultBooksItsCodesHTTPStatusAsChaos_grpcHttpMapping() throws {
        let result = try ChaosFixtures.run(try ScenarioLoader.decode(Self.grpcText))
        let attempts = ChaosFixtures.attempts(result)
        #expect(attempts.count == 19)
        for attempt in attempts where attempt.outcome != nil {
            #expect(attempt.outcome == .chaos && attempt.latency == 10 * ms)
            #expect(attempt.status == (attempt.sentAt < 500 * ms ? 404 : 503))
        }
        #expect(GRPCResponder.code(for: MockVerdict(status: 503, outcome: .chaos)) == .unavailable)
    }

    static let graphQLText = """
        { name: "q", duration: "1s",
          clusters: [ { name: "api", protocol: "graphql", concurrency: 10, latency: { dist: "constant", value: "10ms" },
                        graphql: { schema: { Query: { user: { type: "User", args: { id: "ID!" } } },
                                             User: { id: "ID!", name: "String", friends: { type: "[User!]", size: 2 } } } } } ],
          routes: [ { name: "r", match: { path: "/graphql" }, clusters: ["api"] } ],
          traffic: [ { name: "t", rate: 10, arrival: "constant", mix: [ { graphql: { query: "{ user(id: 1) { name friends { name } } }" } } ] } ],
          chaos: [ { name: "partial", target: "api", fault: { kind: "graphql", graphql: { fields: ["User.friends"], message: "friends are away" } } } ] }
        """

    @Test func test_graphQLFaultKeepsTheStatusAndMarksThePartialAnswerChaos() throws {
        let attempts = ChaosFixtures.attempts(try ChaosFixtures.run(try ScenarioLoader.decode(Self.graphQLText)))
        #expect(attempts.count == 9 && attempts.filter { $0.outcome != nil }.allSatisfy { $0.status == 200 && $0.outcome == .chaos && $0.latency == 10 * ms })
        guard case .graphql(let schema) = try ScenarioLoader.decode(Self.graphQLText).clusters[0].mock else {
            Issue.record("not a GraphQL cluster")
            return
        }
        let failing = schema.failing(["User.friends"], message: "friends are away")
        #expect(failing.fields(of: "User")?.first { $0.name == "friends" }?.failure == "friends are away")
        #expect(failing.fields(of: "User")?.first { $0.name == "name" }?.failure == nil)
    }

    func webSocketScenario(_ fault: ChaosFault) -> Scenario {
        let cluster = ClusterSpec(name: "ws", backends: 1, concurrency: 8, latency: .constant(.milliseconds(5)), mock: .websocket(MockWebSocketBehaviour()))
        let template = RequestTemplate(method: "GET", path: "/ws", kind: .websocket(WebSocketScript(messages: ["a", "b"], every: .seconds(1))))
        // One session, opened at 4.005 s; its first message at 5.005 s is the one struck.
        return Scenario(name: "ws", duration: .seconds(8), clusters: [cluster],
                        routes: [RouteSpec(name: "r", pathPattern: "/ws", clusters: ["ws"], timeout: .seconds(1))],
                        traffic: [TrafficSpec(name: "t", rate: 0.25, arrival: .constant, mix: [template])],
                        chaos: [ChaosSpec(name: "w", at: .seconds(5), duration: .milliseconds(100), target: "ws", fault: fault)])
    }

    @Test func test_webSocketFaultClosesWithItsCodeOrDropsTheRepliesOrTheMessage() throws {
        let closing = try ChaosFixtures.run(webSocketScenario(ChaosFault(kind: .websocket(.close(code: WebSocketCloseCode(1011), reason: "chaos")))))
        let closed = try #require(closing.events(.sessionClosed).first)
        #expect(UInt16(bitPattern: closed.status) == 1011 && closed.detail == SessionInitiator.server.rawValue && closed.time == 5_005 * ms)

        let kinds = { (result: RunResult) in result.events(.sessionMessage).map { SessionMessageKind(rawValue: $0.detail)! } }
        let noReplies = try ChaosFixtures.run(webSocketScenario(ChaosFault(kind: .websocket(.drop(.server)))))
        #expect(kinds(noReplies) == [.clientDelivered, .clientDelivered, .serverReply])
        let noMessage = try ChaosFixtures.run(webSocketScenario(ChaosFault(kind: .websocket(.drop(.client)))))
        #expect(kinds(noMessage) == [.clientDropped, .clientDelivered, .serverReply])
        // An attempt's fault ends the connection abnormally, as an error always has.
        let reset = try ChaosFixtures.run(webSocketScenario(ChaosFault(kind: .reset(after: .zero))))
        #expect(reset.events(.sessionClosed).map { UInt16(bitPattern: $0.status) } == [1006])
        // The upgrade itself (at 4 s, outside the window) was never struck by a session fault.
        #expect(closing.events(.requestCompleted).map(\.status) == [101])
    }
}
