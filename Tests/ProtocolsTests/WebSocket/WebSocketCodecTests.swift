import Foundation
import Testing
@testable import Protocols

@Suite struct WebSocketCodecTests {
    static func decodeAll(_ bytes: [UInt8], role: WebSocketFrameDecoder.Role) throws -> [WebSocketFrame] {
        var decoder = WebSocketFrameDecoder(role: role)
        decoder.append(bytes)
        var frames: [WebSocketFrame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        try decoder.finish()
        return frames
    }

    @Test func test_sha1AndBase64MatchTheirStandardVectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(SHA1.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(hex(SHA1.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000))) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy" && Base64.encode(Array("fo".utf8)) == "Zm8=")
        var random = SeededRandom(seed: 31)
        for _ in 0..<2_000 {
            let bytes = random.bytes(random.int(0...70))
            let encoded = Base64.encode(bytes)
            #expect(encoded == Data(bytes).base64EncodedString())
            #expect(Base64.decode(encoded) == bytes)
        }
        for bad in ["Zm9", "Zm9v!mFy", "Zm=v", "Zm9=", "Zh==", " Zm8="] { #expect(Base64.decode(bad) == nil, "\(bad)") }
    }

    @Test func test_rfc6455HandshakeVector() throws {
        #expect(WebSocketHandshake.accept(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        var request = WebSocketHandshake.clientRequest(path: "/chat", host: "server.example.com", keyBytes: Array("the sample nonce".utf8))
        #expect(request.headers["Sec-WebSocket-Key"] == "dGhlIHNhbXBsZSBub25jZQ==")
        let response = try WebSocketHandshake.respond(to: request)
        #expect(response.status == 101 && response.headers["Sec-WebSocket-Accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        try WebSocketHandshake.validate(response: response, key: "dGhlIHNhbXBsZSBub25jZQ==")
        #expect(throws: WebSocketHandshake.Failure.wrongAccept) { try WebSocketHandshake.validate(response: response, key: "AAAAAAAAAAAAAAAAAAAAAA==") }
        request.headers.set("Sec-WebSocket-Version", "8")
        #expect(throws: WebSocketHandshake.Failure.unsupportedVersion("8")) { try WebSocketHandshake.respond(to: request) }
        request.headers.set("Sec-WebSocket-Key", "c2hvcnQ=")
        #expect(throws: WebSocketHandshake.Failure.invalidKey) { try WebSocketHandshake.respond(to: request) }
        request.headers.remove("Connection")
        #expect(throws: WebSocketHandshake.Failure.missingConnectionUpgrade) { try WebSocketHandshake.respond(to: request) }
        #expect(WebSocketHandshake.Failure.unsupportedVersion(nil).status == 426)
    }

    @Test func test_rfc6455ExampleFrames() throws {
        let hello = Array("Hello".utf8)
        #expect(WebSocketFrame(opcode: .text, payload: hello).bytes == [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
        let masked: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(WebSocketFrame(opcode: .text, maskingKey: [0x37, 0xfa, 0x21, 0x3d], payload: hello).bytes == masked)
        #expect(try Self.decodeAll(masked, role: .server).map(\.payload) == [hello])
        var assembler = WebSocketMessageAssembler()
        let fragmented = try Self.decodeAll([0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f], role: .client)
        #expect(try assembler.receive(fragmented[0]) == nil)
        #expect(try assembler.receive(fragmented[1]) == .text("Hello"))
        #expect(try Self.decodeAll([0x89, 0x05] + hello, role: .client) == [WebSocketFrame(opcode: .ping, payload: hello)])
        #expect(try Self.decodeAll([0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58], role: .server).first?.opcode == .pong)
        let binary256 = WebSocketFrame(opcode: .binary, payload: Array(repeating: 7, count: 256)).bytes
        #expect(binary256.prefix(4) == [0x82, 0x7E, 0x01, 0x00] && binary256.count == 260)
        let binary64k = WebSocketFrame(opcode: .binary, payload: Array(repeating: 7, count: 65536)).bytes
        #expect(binary64k.prefix(10) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0] && binary64k.count == 65546)
    }

    @Test func test_framesAndMessagesRoundTripInAnyPieces() throws {
        var random = SeededRandom(seed: 32)
        for _ in 0..<300 {
            let fromClient = random.chance(0.5)
            var events: [WebSocketEvent] = []
            var wire: [UInt8] = []
            for _ in 0..<random.int(1...6) {
                let event: WebSocketEvent
                switch random.int(0...4) {
                case 0: event = .text(random.string(random.int(0...random.pick([10, 200, 70_000])), from: "ab c→é\u{1F600}\n"))
                case 1: event = .binary(random.bytes(random.int(0...random.pick([10, 130, 66_000]))))
                case 2: event = .ping(random.bytes(random.int(0...125)))
                case 3: event = .pong(random.bytes(random.int(0...125)))
                default: event = .close(random.pick([.normalClosure, .goingAway, .internalError, WebSocketCloseCode(4000)]), random.string(random.int(0...20), from: "bye é"))
                }
                events.append(event)
                let key = fromClient ? random.bytes(4) : nil
                var frames = WebSocketMessageAssembler.frames(for: event, fragmentSize: random.chance(0.4) ? random.int(1...500) : nil, maskingKey: key)
                if frames.count > 1, random.chance(0.5) {
                    frames.insert(WebSocketFrame(opcode: .ping, maskingKey: key, payload: [1]), at: 1)
                    events.append(.ping([1]))
                    events.swapAt(events.count - 1, events.count - 2)
                }
                for frame in frames { wire += frame.bytes }
            }
            var decoder = WebSocketFrameDecoder(role: fromClient ? .server : .client)
            var assembler = WebSocketMessageAssembler()
            var received: [WebSocketEvent] = []
            for piece in random.pieces(wire, maxPiece: random.pick([2, 50, 9000])) {
                decoder.append(piece)
                while let frame = try decoder.next() {
                    if let event = try assembler.receive(frame) { received.append(event) }
                }
            }
            try decoder.finish()
            #expect(received == events)
        }
    }

    @Test func test_lengthsUseTheShortestForm() {
        for (count, header) in [(125, 2), (126, 4), (65535, 4), (65536, 10)] {
            #expect(WebSocketFrame(opcode: .binary, payload: Array(repeating: 0, count: count)).bytes.count == count + header)
        }
    }

    @Test func test_protocolViolationsGiveTypedErrorsWithCloseCodes() {
        func error(_ bytes: [UInt8], role: WebSocketFrameDecoder.Role = .client, max: Int = 1 << 20) -> WebSocketError? {
            var decoder = WebSocketFrameDecoder(role: role, maxPayload: max)
            var assembler = WebSocketMessageAssembler(maxMessage: max)
            decoder.append(bytes)
            do {
                while let frame = try decoder.next() { _ = try assembler.receive(frame) }
                try decoder.finish()
                return nil
            } catch { return error }
        }
        #expect(error([0xC1, 0x00]) == .reservedBitsSet)
        #expect(error([0x83, 0x00]) == .unknownOpcode(3))
        #expect(error([0x89, 0x7E, 0x00, 0x7E] + Array(repeating: 0, count: 126)) == .controlFrameTooLong(126))
        #expect(error([0x09, 0x00]) == .fragmentedControlFrame)
        #expect(error([0x81, 0x00], role: .server) == .maskingViolation(expectedMask: true))
        #expect(error([0x81, 0x80, 1, 2, 3, 4], role: .client) == .maskingViolation(expectedMask: false))
        #expect(error([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 0]) == .lengthTooLarge)
        #expect(error([0x82, 0x7E, 0x01, 0x00], max: 100) == .messageTooBig(limit: 100))
        #expect(error([0x02, 0x3C] + Array(repeating: 0, count: 60) + [0x80, 0x3C] + Array(repeating: 0, count: 60), max: 100) == .messageTooBig(limit: 100))
        #expect(error([0x80, 0x00]) == .unexpectedContinuation)
        #expect(error([0x01, 0x01, 0x41, 0x81, 0x00]) == .expectedContinuation)
        #expect(error([0x81, 0x02, 0xC3, 0x28]) == .invalidUTF8)
        #expect(error([0x88, 0x01, 0x03]) == .invalidClosePayload("one-byte payload"))
        #expect(error([0x88, 0x02, 0x03, 0xED]) == .invalidClosePayload("code 1005 may not be sent"))
        #expect(error([0x88, 0x02, 0x03, 0xEE]) == .invalidClosePayload("code 1006 may not be sent"))
        #expect(error([0x81, 0x05, 0x48]) == .truncated)
        #expect(WebSocketError.invalidUTF8.closeCode == .invalidPayloadData && WebSocketError.reservedBitsSet.closeCode == .protocolError)
        #expect(WebSocketError.messageTooBig(limit: 1).closeCode == .messageTooBig)
        #expect(!WebSocketCloseCode.noStatusReceived.canBeSent && !WebSocketCloseCode.abnormalClosure.canBeSent && !WebSocketCloseCode.tlsHandshake.canBeSent)
        #expect((1000...1011).filter { WebSocketCloseCode(UInt16($0)).canBeSent } == [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011])
        #expect(WebSocketFrame.closePayload(code: .normalClosure, reason: String(repeating: "é", count: 100)).count == 124)
    }

    @Test func test_mockSessionEchoesRepliesPushesAndCloses() {
        let behaviour = MockWebSocketBehaviour(echo: true, onConnect: ["welcome to {cluster}"],
                                               replies: [.init(match: "subscribe {topic}", send: ["subscribed to {topic}", "#{seq}"])],
                                               push: .init(every: 1_000_000_000, text: "tick {seq}"),
                                               close: .init(afterMessages: 3, code: .goingAway, reason: "done"))
        var session = MockWebSocketSession(behaviour: behaviour, cluster: "eu")
        #expect(session.connected() == [.send("welcome to eu"), .schedulePush(after: 1_000_000_000)])
        #expect(session.receive("subscribe prices") == [.send("subscribed to prices"), .send("#3")])
        #expect(session.receive("hello") == [.send("hello")])
        #expect(session.pushDue() == [.send("tick 5"), .schedulePush(after: 1_000_000_000)])
        #expect(session.receive("last") == [.send("last"), .close(.goingAway, "done")])
        #expect(session.pushDue() == [] && session.receive("after close") == [])
    }

    @Test func test_hundredThousandMutatedStreamsGiveOnlyTypedErrors() {
        var random = SeededRandom(seed: 33)
        let corpus: [[UInt8]] = (0..<24).map { _ in
            var wire: [UInt8] = []
            for _ in 0..<random.int(1...3) {
                let event: WebSocketEvent = random.chance(0.5) ? .text(random.string(random.int(0...40), from: "abé→")) : .close(.normalClosure, "x")
                for frame in WebSocketMessageAssembler.frames(for: event, fragmentSize: random.int(1...20), maskingKey: random.bytes(4)) { wire += frame.bytes }
            }
            return wire
        }
        var mutator = ByteMutator(seed: 34, alphabet: [0x00, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x80, 0x81, 0x88, 0x7E, 0x7F, 0xFF, 0xC3, 0xED, 0x03, 0xE8])
        var outcomes = [0, 0]
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(corpus))
            var decoder = WebSocketFrameDecoder(role: .server, maxPayload: 4096)
            var assembler = WebSocketMessageAssembler(maxMessage: 4096)
            do {
                for piece in mutator.random.pieces(input, maxPiece: 32) {
                    decoder.append(piece)
                    while let frame = try decoder.next() { _ = try assembler.receive(frame) }
                }
                try decoder.finish()
                outcomes[0] += 1
            } catch {
                #expect(error.closeCode.rawValue >= 1002)
                outcomes[1] += 1
            }
        }
        #expect(outcomes[0] > 1_000 && outcomes[1] > 1_000)
    }
}
