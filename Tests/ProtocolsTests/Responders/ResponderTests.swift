import Foundation
import Testing
@testable import Protocols

/// The responders: for many seeded verdicts, what each protocol puts on the wire agrees with the
/// lab's books, reads back with the protocol's own decoders, and depends on the request only
/// where the responder says it does (what the recorder's cache of bodies relies on).
@Suite struct ResponderTests {
    /// A verdict the lab can reach: gateway answers carry their fixed statuses, a backend's own
    /// error is a 5xx, chaos replaces the status with any.
    static func verdict(_ random: inout SeededRandom, healthy: Int) -> MockVerdict {
        let statuses = [200, 201, 204, 302, 400, 401, 403, 404, 409, 429, 499, 500, 501, 502, 503, 504]
        switch random.pick(MockVerdict.Reason.allCases) {
        case .ok: return random.chance(0.6) ? .ok(healthy) : MockVerdict(status: random.pick(statuses.filter { $0 < 500 }), reason: .ok)
        case .internalError: return MockVerdict(status: random.pick(statuses.filter { $0 >= 500 }), reason: .internalError)
        case .chaos: return MockVerdict(status: random.pick(statuses), reason: .chaos)
        case .serviceUnavailable: return MockVerdict(status: 503, reason: .serviceUnavailable)
        case .timeout: return MockVerdict(status: 504, reason: .timeout)
        case .circuitBreaker: return MockVerdict(status: 503, reason: .circuitBreaker)
        case .overflow: return MockVerdict(status: 503, reason: .overflow)
        case .rateLimit: return MockVerdict(status: 429, reason: .rateLimit)
        case .reset: return MockVerdict(status: 503, reason: .reset)
        case .refused: return MockVerdict(status: 503, reason: .refused)
        case .protocolError: return MockVerdict(status: 502, reason: .protocolError)
        case .truncated: return MockVerdict(status: random.chance(0.6) ? healthy : random.pick(statuses), reason: .truncated)
        case .cancelled: return MockVerdict(status: 499, reason: .cancelled)
        }
    }

    static func frames(_ answer: MockAnswer) throws -> [GRPCFrame] {
        var decoder = GRPCFrameDecoder(allowsTrailers: true)
        decoder.append(answer.bodyBytes)
        var frames: [GRPCFrame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        return frames
    }

    static func json(_ answer: MockAnswer) throws -> [String: Any] {
        guard case .text(let text) = answer.body else { throw ResponderTestError.noText }
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    // MARK: HTTP

    @Test func test_httpAnswersCarryTheBooksStatusAndTheBodyOnlyAHealthyBackendFills() throws {
        let backend = MockHTTPBackend(cluster: "eu", body: "{\"order\": \"{id}\", \"at\": \"{cluster}\"}", routePattern: PathPattern("/orders/{id}"))
        let responder = HTTPResponder(backend: backend)
        let gateway = HTTPResponder(backend: nil)
        var random = SeededRandom(seed: 41)
        for _ in 0..<2_000 {
            let verdict = Self.verdict(&random, healthy: 200)
            let id = random.int(1...999)
            let request = HTTPRequest(method: "GET", path: "/orders/\(id)")
            let answer = responder.answer(to: request, verdict: verdict)
            #expect(answer.wireStatus == verdict.status && answer.protocolStatus == nil, "\(verdict)")
            let body = try Self.json(answer)
            if verdict.status >= 400 || verdict.byGateway {
                let error = body["error"] as? [String: Any]
                #expect(error?["code"] as? String == String(verdict.status), "\(verdict)")
            } else {
                #expect(body["order"] as? String == String(id) && body["at"] as? String == "eu", "\(verdict)")
            }
            #expect(gateway.answer(to: request, verdict: verdict).body == .text(MockAnswer.errorBody(status: verdict.status)))
            if !responder.readsRequest(for: verdict) {
                let other = HTTPRequest(method: "GET", path: "/orders/\(id + 1)")
                #expect(responder.answer(to: other, verdict: verdict) == answer, "\(verdict) reads the request")
            }
        }
        let fixed = HTTPResponder(backend: MockHTTPBackend(cluster: "eu", body: "{\"status\": {status}}"))
        #expect(!fixed.readsRequest(for: .ok(200)) && responder.readsRequest(for: .ok(200)))
    }

    // MARK: gRPC

    static let listing = MockGRPCMethod(path: GRPCMethodPath("/shop.Catalog/List")!,
                                        reply: .described(.object([JSONMember("1", .string("item-{index}@{cluster}"))])),
                                        messageCount: 3, streamInterval: 20_000_000)
    static let retired = MockGRPCMethod(path: GRPCMethodPath("/shop.Catalog/Old")!, status: GRPCStatus(.unimplemented, "gone"))

    @Test func test_grpcAnswersAre200WithTrailersThatAgreeWithTheBooks() throws {
        var random = SeededRandom(seed: 42)
        let responders = [GRPCResponder(method: Self.listing, cluster: "eu"), GRPCResponder(method: Self.retired, cluster: "eu"),
                          GRPCResponder(method: nil, cluster: "eu"), GRPCResponder(method: nil, cluster: nil)]
        for _ in 0..<2_000 {
            let responder = random.pick(responders)
            let verdict = Self.verdict(&random, healthy: responder.bookedStatus(healthy: 200))
            let answer = responder.answer(verdict: verdict)
            #expect(answer.wireStatus == 200)
            let frames = try Self.frames(answer)
            guard case .trailers(let trailers)? = frames.last else { Issue.record("no trailers for \(verdict)"); continue }
            let status = try #require(GRPCStatus(trailers: trailers))
            #expect(status == answer.grpcStatus && answer.protocolStatus == status.code.rawValue)
            // OK exactly when the books say a healthy 200, and then with every message of the method.
            #expect((status.code == .ok) == (verdict.status == 200 && !verdict.byGateway), "\(verdict)")
            let messages = frames.count - 1
            #expect(messages == (status.code == .ok ? responder.method?.messageCount ?? 0 : 0), "\(verdict)")
            // A failure names the status the books hold: the code a gateway maps back to it.
            let configured = responder.method?.status
            if let configured, configured.code != .ok, configured.code.httpStatus == verdict.status,
               verdict.reason == .ok || verdict.reason == .internalError {
                #expect(status == configured)
            } else if GRPCStatusCode.allCases.contains(where: { $0.httpStatus == verdict.status }) {
                #expect(status.code.httpStatus == verdict.status, "\(verdict) answered \(status.code)")
            }
            if verdict.reason == .timeout { #expect(status == GRPCStatus(.deadlineExceeded, "deadline exceeded")) }
        }
    }

    @Test func test_grpcBooksAConfiguredFailureAtItsHTTPStatusAndHoldsAStreamsBackend() {
        #expect(GRPCResponder(method: Self.retired, cluster: "eu").bookedStatus(healthy: 200) == 501)
        #expect(GRPCResponder(method: Self.retired, cluster: "eu").hold == 0)
        #expect(GRPCResponder(method: Self.listing, cluster: "eu").bookedStatus(healthy: 200) == 200)
        #expect(GRPCResponder(method: Self.listing, cluster: "eu").hold == 40_000_000)
        #expect(GRPCResponder.code(for: MockVerdict(status: 501, reason: .internalError)) == .unimplemented)
        #expect(GRPCResponder.code(for: MockVerdict(status: 504, reason: .timeout)) == .deadlineExceeded)
        #expect(GRPCResponder.code(for: MockVerdict(status: 503, reason: .circuitBreaker)) == .unavailable)
    }

    // MARK: GraphQL

    static let schema = GraphQLMockSchema(types: [
        ("Query", .object([
            .init(name: "user", type: .named("User"), arguments: [.init(name: "id", type: .nonNull(.named("ID")))]),
            .init(name: "trending", type: .named("String"), failure: "being recomputed"),
        ])),
        ("User", .object([.init(name: "id", type: .nonNull(.named("ID"))), .init(name: "name", type: .named("String"))])),
    ])

    @Test func test_graphqlAnswersAreSpecShapedJSONWithFailuresInside200() throws {
        let document = try GraphQLParser.parse("query User($id: ID!) { user(id: $id) { id name } }")
        let trending = try GraphQLParser.parse("{ trending user(id: 1) { name } }")
        let responder = GraphQLResponder(schema: Self.schema)
        var random = SeededRandom(seed: 43)
        for _ in 0..<1_000 {
            let verdict = Self.verdict(&random, healthy: 200)
            let scripted = random.chance(0.3)
            let id = random.int(1...99)
            let variables = [JSONMember("id", .string(String(id)))]
            let answer = responder.answer(document: scripted ? trending : document, operationName: nil, variables: variables,
                                          seed: 7, verdict: verdict)
            let body = try Self.json(answer)
            #expect(Set(body.keys).isSubset(of: ["data", "errors"]) && !body.isEmpty, "\(verdict)")
            let errors = body["errors"] as? [[String: Any]] ?? []
            #expect(body["errors"] == nil || !errors.isEmpty, "errors, when present, is a non-empty list")
            #expect(errors.allSatisfy { $0["message"] is String })
            #expect(answer.graphQLErrors == errors.count && answer.protocolStatus == errors.count)
            if verdict.byGateway {
                #expect(answer.wireStatus == verdict.status && body["data"] == nil && errors.count == 1, "\(verdict)")
            } else {
                // Execution began: data is present (null or an object), and a backend's 5xx shows as errors.
                #expect(answer.wireStatus == 200 && body.keys.contains("data"), "\(verdict)")
                #expect((verdict.status >= 500 || scripted) == !errors.isEmpty, "\(verdict)")
            }
            if !responder.readsRequest(for: verdict) {
                let other = responder.answer(document: scripted ? trending : document, operationName: nil,
                                             variables: [JSONMember("id", .string(String(id + 1)))], seed: 7, verdict: verdict)
                #expect(other == answer, "\(verdict) reads the request")
            }
        }
        #expect(GraphQLResponder(schema: nil).answer(document: document, operationName: nil, variables: [], seed: 7, verdict: .ok(200))
                == MockAnswer(wireStatus: 200))
    }

    // MARK: WebSocket

    @Test func test_websocketHandshakeOpensASessionOrAnswersTheError() throws {
        let responder = WebSocketResponder(behaviour: MockWebSocketBehaviour(onConnect: ["hi {cluster}"]), cluster: "eu")
        let opened = responder.answer(verdict: .ok(101))
        #expect(opened.wireStatus == 101 && opened.body == .none && opened.headers["upgrade"] == "websocket")
        var session = try #require(responder.session())
        #expect(session.connected() == [.send("hi eu")])
        var random = SeededRandom(seed: 44)
        for _ in 0..<500 {
            let verdict = Self.verdict(&random, healthy: 101)
            guard verdict.status != 101 else { continue }
            let answer = responder.answer(verdict: verdict)
            #expect(answer.wireStatus == verdict.status)
            #expect((try Self.json(answer)["error"] as? [String: Any])?["code"] as? String == String(verdict.status))
        }
        #expect(WebSocketResponder(behaviour: nil, cluster: "eu").session() == nil)
    }
}

enum ResponderTestError: Error { case noText }
