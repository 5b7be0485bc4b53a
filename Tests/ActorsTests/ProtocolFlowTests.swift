import Testing
@testable import Actors
import Protocols
import Scenarios

/// gRPC streams and WebSocket sessions, observed at exact virtual instants in small runs.
@Suite struct ProtocolFlowTests {
    let ms: Int64 = 1_000_000

    static let catalog = GRPCMethodPath("/shop.Catalog/Get")!
    static let listing = GRPCMethodPath("/shop.Catalog/List")!
    static let retired = GRPCMethodPath("/shop.Catalog/Old")!

    func grpcScenario(_ method: GRPCMethodPath) -> Scenario {
        let methods = [MockGRPCMethod(path: Self.catalog, reply: .described(.object([JSONMember("1", .string("x"))]))),
                       MockGRPCMethod(path: Self.listing, messageCount: 5, streamInterval: 20 * ms),
                       MockGRPCMethod(path: Self.retired, status: GRPCStatus(.unimplemented, "gone"))]
        let cluster = ClusterSpec(name: "rpc", backends: 1, concurrency: 4, latency: .constant(.milliseconds(10)), mock: .grpc(methods))
        let template = RequestTemplate(method: "POST", path: method.description, kind: .grpc(GRPCCall(method: method)))
        return Scenario(name: "grpc", duration: .seconds(1), clusters: [cluster],
                        routes: [RouteSpec(name: "r", pathPattern: "/shop.Catalog/*", clusters: ["rpc"])],
                        traffic: [TrafficSpec(name: "t", rate: 10, arrival: .constant, mix: [template])])
    }

    @Test func test_streamingCallHoldsItsBackendForTheWholeStream() throws {
        let unary = try Fixtures.run(grpcScenario(Self.catalog))
        #expect(unary.events(.attemptAnswered).map(\.value).allSatisfy { $0 == 10 * ms })
        let streamed = try Fixtures.run(grpcScenario(Self.listing))
        #expect(!streamed.events(.attemptAnswered).isEmpty)
        #expect(streamed.events(.attemptAnswered).allSatisfy { $0.value == 90 * ms && $0.status == 200 })
        let retired = try Fixtures.run(grpcScenario(Self.retired))
        #expect(retired.events(.attemptAnswered).allSatisfy { $0.status == 501 })
        #expect(GRPCResponder.code(for: MockVerdict(status: 501, outcome: .internalError)) == .unimplemented)
        #expect(GRPCResponder.code(for: MockVerdict(status: 504, outcome: .timeout)) == .deadlineExceeded)
        #expect(GRPCResponder.code(for: MockVerdict(status: 503, outcome: .circuitBreaker)) == .unavailable)
    }

    func webSocketScenario(_ behaviour: MockWebSocketBehaviour, chaos: [ChaosSpec] = []) -> Scenario {
        let cluster = ClusterSpec(name: "ws", backends: 1, concurrency: 8, latency: .constant(.milliseconds(5)), mock: .websocket(behaviour))
        let script = WebSocketScript(messages: ["subscribe news", "hello"], every: .seconds(1))
        let template = RequestTemplate(method: "GET", path: "/ws", kind: .websocket(script))
        // One arrival, at 4 s; the handshake takes 5 ms, so the session opens at 4.005 s. The timeout
        // (never reached) is what validation asks of a route whose cluster a hang may strike.
        return Scenario(name: "ws", duration: .seconds(8), clusters: [cluster],
                        routes: [RouteSpec(name: "r", pathPattern: "/ws", clusters: ["ws"], timeout: .seconds(1))],
                        traffic: [TrafficSpec(name: "t", rate: 0.25, arrival: .constant, mix: [template])], chaos: chaos)
    }

    func messages(_ result: RunResult) -> [(at: Int64, kind: SessionMessageKind)] {
        result.events(.sessionMessage).map { ($0.time, SessionMessageKind(rawValue: $0.detail)!) }
    }

    @Test func test_sessionFollowsTheClientScriptAndClosesNormally() throws {
        let behaviour = MockWebSocketBehaviour(onConnect: ["hi"], replies: [.init(match: "subscribe {topic}", send: ["ok {topic}", "more"])])
        let result = try Fixtures.run(webSocketScenario(behaviour))
        #expect(result.events(.requestCompleted).map(\.status) == [101])
        let opened = 4_005 * ms
        let seen = messages(result)
        #expect(seen.map(\.at) == [opened, opened + 1000 * ms, opened + 1005 * ms, opened + 1005 * ms, opened + 2000 * ms, opened + 2005 * ms])
        #expect(seen.map(\.kind) == [.serverOnConnect, .clientDelivered, .serverReply, .serverReply, .clientDelivered, .serverReply])
        let closed = result.events(.sessionClosed)
        #expect(closed.map(\.time) == [opened + 3000 * ms])
        #expect(closed.map { UInt16(bitPattern: $0.status) } == [1000] && closed.first?.detail == SessionInitiator.client.rawValue)
        #expect(closed.first?.value == 3000 * ms)
    }

    @Test func test_serverClosesAfterItsMessagesAndPushesInVirtualTime() throws {
        let behaviour = MockWebSocketBehaviour(push: .init(every: 400 * ms, text: "tick"),
                                               close: .init(afterMessages: 2, code: WebSocketCloseCode(4001), reason: "enough"))
        let result = try Fixtures.run(webSocketScenario(behaviour))
        let opened = 4_005 * ms
        let pushes = messages(result).filter { $0.kind == .serverPush }.map(\.at)
        // The push due at 2000 ms comes after the second message (its timer was set later), by
        // which time the server has decided to close: it is not sent.
        #expect(pushes == [400, 800, 1200, 1600].map { opened + $0 * ms })
        let closed = try #require(result.events(.sessionClosed).first)
        #expect(closed.time == opened + 2005 * ms && UInt16(bitPattern: closed.status) == 4001)
        #expect(closed.detail == SessionInitiator.server.rawValue)
    }

    @Test func test_chaosDropsMessagesOrCutsTheConnection() throws {
        let echo = MockWebSocketBehaviour()
        let hang = ChaosSpec(name: "drop", at: .milliseconds(5_000), duration: .milliseconds(100), target: "ws", fault: .hang(rate: 1))
        let dropped = try Fixtures.run(webSocketScenario(echo, chaos: [hang]))
        #expect(messages(dropped).map(\.kind) == [.clientDropped, .clientDelivered, .serverReply])
        #expect(dropped.events(.sessionClosed).map { UInt16(bitPattern: $0.status) } == [1000])

        let cut = ChaosSpec(name: "cut", at: .milliseconds(5_000), duration: .milliseconds(100), target: "ws", fault: .error(status: 503, rate: 1))
        let abnormal = try Fixtures.run(webSocketScenario(echo, chaos: [cut]))
        #expect(messages(abnormal).isEmpty)
        let closed = try #require(abnormal.events(.sessionClosed).first)
        #expect(UInt16(bitPattern: closed.status) == 1006 && closed.detail == SessionInitiator.abnormal.rawValue)
        #expect(closed.time == 5_005 * ms)

        let slow = ChaosSpec(name: "slow", at: .milliseconds(5_000), duration: .milliseconds(100), target: "ws", fault: .latency(delay: .milliseconds(250), rate: 1))
        let delayed = try Fixtures.run(webSocketScenario(echo, chaos: [slow]))
        #expect(messages(delayed).filter { $0.kind == .serverReply }.map(\.at) == [5_260 * ms, 6_010 * ms])
    }
}
