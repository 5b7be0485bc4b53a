import Testing
@testable import Protocols

/// The opening handshake against RFC 6455, section by section: what a server must refuse in a
/// client's request (§4.2.1, §4.2.2, §11.3) and what a client must fail in a server's response (§4.1).
@Suite struct WebSocketHandshakeTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    static func request(_ edit: (inout HTTPRequest) -> Void = { _ in }) -> HTTPRequest {
        var request = WebSocketHandshake.clientRequest(path: "/chat", host: "server.example.com", keyBytes: Array("the sample nonce".utf8))
        edit(&request)
        return request
    }

    static func refusal(_ request: HTTPRequest, subprotocols: [String] = []) -> WebSocketHandshake.Failure? {
        do {
            _ = try WebSocketHandshake.respond(to: request, subprotocols: subprotocols)
            return nil
        } catch {
            return error
        }
    }

    static func response(_ edit: (inout HTTPHeaders) -> Void = { _ in }) -> HTTPResponse {
        var headers: HTTPHeaders = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]
        edit(&headers)
        return HTTPResponse(status: 101, headers: headers)
    }

    static func failure(_ response: HTTPResponse, subprotocols: [String] = [], extensions: [String] = []) -> WebSocketHandshake.Failure? {
        do {
            try WebSocketHandshake.validate(response: response, key: key, subprotocols: subprotocols, extensions: extensions)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - The server reading the client's opening handshake

    @Test func test_serverAnswersAMethodOtherThanGetWith405AllowingGet_4_2_1_item1() throws {
        let failure = try #require(Self.refusal(Self.request { $0.method = "POST" }))
        #expect(failure == .notGet && failure.status == 405)
        #expect(failure.rejection?.headers["Allow"] == "GET")
    }

    @Test func test_serverRefusesHTTP10AndAcceptsHTTP11OrHigher_4_2_1_item1() throws {
        #expect(Self.refusal(Self.request { $0.version = .http1_0 }) == .notHTTP11)
        #expect(WebSocketHandshake.Failure.notHTTP11.status == 400)
        #expect(Self.refusal(Self.request { $0.version = HTTPVersion(major: 1, minor: 2) }) == nil)
        #expect(Self.refusal(Self.request { $0.version = HTTPVersion(major: 2, minor: 0) }) == nil)
    }

    @Test func test_serverRefusesARequestWithoutOneHost_4_2_1_item2() {
        #expect(Self.refusal(Self.request { $0.headers.remove("Host") }) == .missingHost)
        #expect(Self.refusal(Self.request { $0.headers.set("Host", "") }) == .missingHost)
        // RFC 9112 §3.2: more than one Host field is a 400 as well.
        #expect(Self.refusal(Self.request { $0.headers.add("Host", "other.example.com") }) == .repeatedField("Host"))
        #expect(WebSocketHandshake.Failure.missingHost.status == 400)
    }

    @Test func test_serverFindsWebsocketInUpgradeCaseInsensitively_4_2_1_item3() throws {
        #expect(Self.refusal(Self.request { $0.headers.set("Upgrade", "WebSocket") }) == nil)
        #expect(Self.refusal(Self.request { $0.headers.set("Upgrade", "h2c, websocket") }) == nil)
        for bad in ["websocket2", "web socket", "h2c", ""] {
            #expect(Self.refusal(Self.request { $0.headers.set("Upgrade", bad) }) == .missingUpgrade, "\(bad)")
        }
        let failure = try #require(Self.refusal(Self.request { $0.headers.remove("Upgrade") }))
        #expect(failure == .missingUpgrade && failure.status == 426)
        #expect(failure.rejection?.headers["Upgrade"] == "websocket" && failure.rejection?.headers["Connection"] == "Upgrade")
    }

    @Test func test_serverFindsTheUpgradeTokenAmongConnectionTokens_4_2_1_item4() {
        #expect(Self.refusal(Self.request { $0.headers.set("Connection", "keep-alive, upgrade") }) == nil)
        #expect(Self.refusal(Self.request { $0.headers.set("Connection", "keep-alive"); $0.headers.add("Connection", "UPGRADE") }) == nil)
        for bad in ["keep-alive", "Upgraded", "Upgrade-Insecure", "keep-alive upgrade"] {
            #expect(Self.refusal(Self.request { $0.headers.set("Connection", bad) }) == .missingConnectionUpgrade, "\(bad)")
        }
        #expect(Self.refusal(Self.request { $0.headers.remove("Connection") }) == .missingConnectionUpgrade)
        #expect(WebSocketHandshake.Failure.missingConnectionUpgrade.status == 426)
    }

    @Test func test_serverRefusesAKeyThatIsNotSixteenBytesOfBase64_4_2_1_item5() {
        #expect(Self.refusal(Self.request { $0.headers.remove("Sec-WebSocket-Key") }) == .invalidKey)
        for bad in ["", Base64.encode([UInt8](repeating: 7, count: 15)), Base64.encode([UInt8](repeating: 7, count: 17)),
                    "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=!", "dGhlIHNhbX BsZSBub25jZQ=="] {
            #expect(Self.refusal(Self.request { $0.headers.set("Sec-WebSocket-Key", bad) }) == .invalidKey, "\(bad)")
        }
        #expect(WebSocketHandshake.Failure.invalidKey.status == 400)
    }

    @Test func test_serverAnswers400ToARepeatedKeyEvenWhenBothAgree_11_3_1() throws {
        let failure = try #require(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Key", Self.key) }))
        #expect(failure == .repeatedField("Sec-WebSocket-Key") && failure.status == 400)
        #expect(Self.refusal(Self.request { $0.headers.add("sec-websocket-key", "AAAAAAAAAAAAAAAAAAAAAA==") }) == .repeatedField("Sec-WebSocket-Key"))
    }

    @Test func test_serverAnswers400ToARepeatedVersionEvenWhenBothSay13_11_3_5() throws {
        let failure = try #require(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Version", "13") }))
        #expect(failure == .repeatedField("Sec-WebSocket-Version") && failure.status == 400)
        #expect(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Version", "8") }) == .repeatedField("Sec-WebSocket-Version"))
    }

    @Test func test_serverAnswersAnotherVersionWith426NamingVersion13_4_2_2_and_4_4() throws {
        for (value, expected) in [("8", "8"), ("13, 8", "13, 8"), ("14", "14")] as [(String, String?)] {
            let failure = try #require(Self.refusal(Self.request { $0.headers.set("Sec-WebSocket-Version", value) }))
            #expect(failure == .unsupportedVersion(expected))
            let rejection = try #require(failure.rejection)
            #expect(rejection.status == 426 && rejection.headers["Sec-WebSocket-Version"] == "13")
            #expect(rejection.headers["Upgrade"] == "websocket")
        }
        #expect(Self.refusal(Self.request { $0.headers.remove("Sec-WebSocket-Version") }) == .unsupportedVersion(nil))
    }

    @Test func test_serverCombinesRepeatedSubprotocolFieldsAndSelectsTheClientsFirstItSpeaks_11_3_4_and_4_2_2() throws {
        let offered = Self.request {
            $0.headers.add("Sec-WebSocket-Protocol", "chat")
            $0.headers.add("Sec-WebSocket-Protocol", "v2.superchat, graphql-ws")
        }
        #expect(try WebSocketHandshake.respond(to: offered, subprotocols: ["graphql-ws", "v2.superchat"]).headers.values("Sec-WebSocket-Protocol") == ["v2.superchat"])
        #expect(try WebSocketHandshake.respond(to: offered, subprotocols: ["graphql-ws"]).headers.values("Sec-WebSocket-Protocol") == ["graphql-ws"])
        #expect(try WebSocketHandshake.respond(to: offered, subprotocols: ["mqtt"]).headers["Sec-WebSocket-Protocol"] == nil)
        #expect(try WebSocketHandshake.respond(to: offered).headers["Sec-WebSocket-Protocol"] == nil)
    }

    @Test func test_serverRefusesASubprotocolOfferThatIsNotAListOfTokens_4_1_and_4_2_1() {
        for bad in ["", "chat superchat", "chat; v=2", "\"chat\"", "chat, , ch@t"] {
            #expect(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Protocol", bad) }) == .malformedField(name: "Sec-WebSocket-Protocol", value: bad), "\(bad)")
        }
        #expect(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Protocol", "chat, , superchat") }) == nil)
        #expect(WebSocketHandshake.Failure.malformedField(name: "Sec-WebSocket-Protocol", value: "").status == 400)
    }

    @Test func test_serverReadsRepeatedExtensionOffersRefusesMalformedOnesAndAgreesToNone_9_1_and_11_3_2() throws {
        let offered = Self.request {
            $0.headers.add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-webkit-deflate-frame")
            $0.headers.add("Sec-WebSocket-Extensions", "permessage-deflate; server_max_window_bits=\"10\"")
        }
        #expect(try WebSocketHandshake.respond(to: offered).headers["Sec-WebSocket-Extensions"] == nil)
        for bad in ["", "; a", "x;;", "x; =1", "x; a=\"b c\"", "x; a=\"open", "x y", "x; a=b=c"] {
            #expect(Self.refusal(Self.request { $0.headers.add("Sec-WebSocket-Extensions", bad) }) == .malformedField(name: "Sec-WebSocket-Extensions", value: bad), "\(bad)")
        }
    }

    @Test func test_extensionListsReadParametersAndUnquoteTokenValues_9_1() throws {
        let list = try #require(WebSocketExtension.list(["permessage-deflate; client_max_window_bits; server_max_window_bits = \"1\\0\"", " , foo"]))
        #expect(list == [WebSocketExtension(name: "permessage-deflate", parameters: [.init(name: "client_max_window_bits"), .init(name: "server_max_window_bits", value: "10")]),
                         WebSocketExtension(name: "foo")])
        #expect(list[0].description == "permessage-deflate; client_max_window_bits; server_max_window_bits=10")
    }

    // MARK: - The client validating the server's response

    @Test func test_clientAcceptsTheRFCExampleResponse_4_1() throws {
        #expect(try WebSocketHandshake.validate(response: Self.response(), key: Self.key) == WebSocketHandshake.Agreement())
    }

    @Test func test_clientFailsAnythingButA101_4_1_step1() {
        var response = Self.response()
        response.status = 200
        #expect(Self.failure(response) == .notSwitchingProtocols(200))
        #expect(WebSocketHandshake.Failure.notSwitchingProtocols(200).status == nil && WebSocketHandshake.Failure.notSwitchingProtocols(200).rejection == nil)
    }

    @Test func test_clientFailsAnUpgradeThatIsNotExactlyWebsocket_4_1_step2() {
        #expect(Self.failure(Self.response { $0.set("Upgrade", "WebSocket") }) == nil)
        for bad in ["websocket, h2c", "h2c", "websocket2", ""] {
            #expect(Self.failure(Self.response { $0.set("Upgrade", bad) }) == .missingUpgrade, "\(bad)")
        }
        #expect(Self.failure(Self.response { $0.add("Upgrade", "websocket") }) == .missingUpgrade)
        #expect(Self.failure(Self.response { $0.remove("Upgrade") }) == .missingUpgrade)
    }

    @Test func test_clientFailsAConnectionWithoutTheUpgradeToken_4_1_step3() {
        #expect(Self.failure(Self.response { $0.set("Connection", "keep-alive, UPGRADE") }) == nil)
        for bad in ["keep-alive", "Upgraded", ""] {
            #expect(Self.failure(Self.response { $0.set("Connection", bad) }) == .missingConnectionUpgrade, "\(bad)")
        }
        #expect(Self.failure(Self.response { $0.remove("Connection") }) == .missingConnectionUpgrade)
    }

    @Test func test_clientFailsAMissingWrongOrRepeatedAccept_4_1_step4_and_11_3_3() {
        #expect(Self.failure(Self.response { $0.remove("Sec-WebSocket-Accept") }) == .wrongAccept)
        #expect(Self.failure(Self.response { $0.set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo") }) == .wrongAccept)
        #expect(Self.failure(Self.response { $0.set("Sec-WebSocket-Accept", "S3PPLMBITXAQ9KYGZZHZRBK+XOO=") }) == .wrongAccept)
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=") }) == .repeatedField("Sec-WebSocket-Accept"))
    }

    @Test func test_clientFailsAnExtensionItDidNotOffer_4_1_step5() throws {
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Extensions", "permessage-deflate") }) == .unofferedExtension("permessage-deflate"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Extensions", "permessage-deflate, x-mux") }, extensions: ["permessage-deflate"]) == .unofferedExtension("x-mux"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Extensions", "permessage-deflate;") }, extensions: ["permessage-deflate"])
                == .malformedField(name: "Sec-WebSocket-Extensions", value: "permessage-deflate;"))
        // Erratum 3433: the field may repeat in a response; the lists combine.
        let agreed = try WebSocketHandshake.validate(response: Self.response {
            $0.add("Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover")
            $0.add("Sec-WebSocket-Extensions", "x-mux")
        }, key: Self.key, extensions: ["permessage-deflate", "x-mux"])
        #expect(agreed.extensions.map(\.name) == ["permessage-deflate", "x-mux"])
    }

    @Test func test_clientFailsASubprotocolItDidNotOfferOrMoreThanOne_4_1_step6_and_11_3_4() throws {
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Protocol", "chat") }) == .unofferedSubprotocol("chat"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Protocol", "superchat") }, subprotocols: ["chat"]) == .unofferedSubprotocol("superchat"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Protocol", "Chat") }, subprotocols: ["chat"]) == .unofferedSubprotocol("Chat"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Protocol", "chat, superchat") }, subprotocols: ["chat", "superchat"])
                == .malformedField(name: "Sec-WebSocket-Protocol", value: "chat, superchat"))
        #expect(Self.failure(Self.response { $0.add("Sec-WebSocket-Protocol", "chat"); $0.add("Sec-WebSocket-Protocol", "chat") }, subprotocols: ["chat"])
                == .repeatedField("Sec-WebSocket-Protocol"))
        let agreed = try WebSocketHandshake.validate(response: Self.response { $0.add("Sec-WebSocket-Protocol", "superchat") }, key: Self.key, subprotocols: ["chat", "superchat"])
        #expect(agreed.subprotocol == "superchat")
    }

    @Test func test_clientOfferingSubprotocolsAndExtensionsValidatesTheServersAnswerToThatRequest() throws {
        let request = WebSocketHandshake.clientRequest(path: "/chat", host: "lab.test", keyBytes: Array(0..<16), subprotocols: ["chat", "superchat"],
                                                       extensions: [WebSocketExtension(name: "permessage-deflate", parameters: [.init(name: "client_max_window_bits")])])
        #expect(request.headers["Sec-WebSocket-Protocol"] == "chat, superchat")
        #expect(request.headers["Sec-WebSocket-Extensions"] == "permessage-deflate; client_max_window_bits")
        let response = try WebSocketHandshake.respond(to: request, subprotocols: ["superchat"])
        #expect(try WebSocketHandshake.validate(response: response, to: request) == WebSocketHandshake.Agreement(subprotocol: "superchat"))
        var answer = response
        answer.headers.set("Sec-WebSocket-Protocol", "mqtt")
        #expect(throws: WebSocketHandshake.Failure.unofferedSubprotocol("mqtt")) { try WebSocketHandshake.validate(response: answer, to: request) }
        answer.headers.remove("Sec-WebSocket-Protocol")
        answer.headers.add("Sec-WebSocket-Extensions", "permessage-deflate")
        #expect(try WebSocketHandshake.validate(response: answer, to: request).extensions == [WebSocketExtension(name: "permessage-deflate")])
    }
}
