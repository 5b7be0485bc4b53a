import Testing
@testable import Protocols

@Suite struct GRPCCodecTests {
    static func randomFrames(_ random: inout SeededRandom) -> (frames: [GRPCFrame], status: GRPCStatus) {
        let frames = (0..<random.int(0...5)).map { _ in
            GRPCFrame.message(random.bytes(random.int(0...random.pick([10, 300, 70_000]))), compressed: random.chance(0.2))
        }
        let message = random.chance(0.5) ? "" : random.string(random.int(1...30), from: "abc %é→\u{1F600}\n\t:%25xyz")
        return (frames, GRPCStatus(random.pick(GRPCStatusCode.allCases), message))
    }

    @Test func test_framesSurviveTheRoundTripInAnyPieces() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<300 {
            let (frames, status) = Self.randomFrames(&random)
            var wire: [UInt8] = []
            for frame in frames { frame.append(to: &wire) }
            GRPCFrame.trailers(status.trailers).append(to: &wire)
            var decoder = GRPCFrameDecoder(allowsTrailers: true)
            var decoded: [GRPCFrame] = []
            for piece in random.pieces(wire, maxPiece: random.pick([3, 64, 5000])) {
                decoder.append(piece)
                while let frame = try decoder.next() { decoded.append(frame) }
            }
            try decoder.finish()
            #expect(Array(decoded.dropLast()) == frames)
            guard case .trailers(let trailers) = decoded.last else {
                Issue.record("no trailers frame")
                continue
            }
            #expect(GRPCStatus(trailers: trailers) == status)
        }
    }

    @Test func test_knownFrameBytes() {
        #expect(GRPCFrame.message([0x08, 0x96, 0x01]).bytes == [0, 0, 0, 0, 3, 0x08, 0x96, 0x01])
        #expect(GRPCFrame.message([], compressed: true).bytes == [1, 0, 0, 0, 0])
        let trailers = GRPCFrame.trailers(GRPCStatus(.unavailable, "down 100%").trailers).bytes
        #expect(trailers.prefix(5) == [0x80, 0, 0, 0, 44])
        #expect(String(decoding: trailers.dropFirst(5), as: UTF8.self) == "grpc-status: 14\r\ngrpc-message: down 100%25\r\n")
    }

    @Test func test_decoderRejectsWhatTheSpecForbids() {
        func error(_ bytes: [UInt8], trailers: Bool = false, limit: Int = 1 << 20) -> GRPCFrameError? {
            var decoder = GRPCFrameDecoder(maxMessageLength: limit, allowsTrailers: trailers)
            decoder.append(bytes)
            do {
                while try decoder.next() != nil {}
                try decoder.finish()
                return nil
            } catch { return error }
        }
        #expect(error([2, 0, 0, 0, 0]) == .invalidFlags(2))
        #expect(error([0x80, 0, 0, 0, 0]) == .invalidFlags(0x80))
        #expect(error([0x80, 0, 0, 0, 0], trailers: true) == nil)
        #expect(error([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0], trailers: true) == .frameAfterTrailers)
        #expect(error([0, 0, 0x10, 0, 1], limit: 1 << 20) == .messageTooLarge(length: (1 << 20) + 1, limit: 1 << 20))
        #expect(error([0, 0, 0, 0, 4, 1, 2]) == .truncated)
        #expect(error([0x80, 0, 0, 0, 3, 0x20, 0x3A, 0x0A], trailers: true) == .malformedTrailers("obsolete line folding in a header field"))
        #expect(GRPCFrameError.messageTooLarge(length: 2, limit: 1).status == .resourceExhausted)
    }

    @Test func test_statusCodesMapToHTTPBothWays() {
        #expect(GRPCStatusCode.allCases.count == 17)
        #expect(GRPCStatusCode.allCases.map(\.rawValue) == Array(0...16))
        #expect(GRPCStatusCode(name: "deadline_exceeded") == .deadlineExceeded && GRPCStatusCode(name: "14") == .unavailable)
        #expect(GRPCStatusCode(name: "NOPE") == nil)
        let fromHTTP: [Int: GRPCStatusCode] = [400: .internal, 401: .unauthenticated, 403: .permissionDenied, 404: .unimplemented,
                                               429: .unavailable, 502: .unavailable, 503: .unavailable, 504: .unavailable, 418: .unknown]
        for (status, code) in fromHTTP { #expect(GRPCStatusCode(httpStatus: status) == code) }
        #expect(GRPCStatusCode.unavailable.httpStatus == 503 && GRPCStatusCode.deadlineExceeded.httpStatus == 504)
        #expect(GRPCStatusCode.notFound.httpStatus == 404 && GRPCStatusCode.cancelled.httpStatus == 499)
        #expect(GRPCStatus(trailers: [("grpc-status", "99")])?.code == .unknown)
        #expect(GRPCStatus(trailers: [("grpc-status", "x")]) == nil)
    }

    @Test func test_percentEncodingRoundTripsAnyText() {
        var random = SeededRandom(seed: 12)
        #expect(GRPCPercentEncoding.encode("a%b\u{00E9}") == "a%25b%C3%A9")
        #expect(GRPCPercentEncoding.encode(" a b ") == "%20a b%20")
        #expect(GRPCPercentEncoding.decode("50%zz%4") == "50%zz%4")
        for _ in 0..<2_000 {
            let text = random.string(random.int(0...20), from: "aZ09 %~\u{7F}\u{0}é→\u{1F680}\r\n")
            let encoded = GRPCPercentEncoding.encode(text)
            #expect(encoded.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
            #expect(GRPCPercentEncoding.decode(encoded) == text)
        }
    }

    @Test func test_timeoutsParseAndEncodeWithoutShortening() {
        #expect(GRPCTimeout.parse("1S") == 1_000_000_000 && GRPCTimeout.parse("250m") == 250_000_000)
        #expect(GRPCTimeout.parse("99999999H") == Int64.max)
        for bad in ["", "S", "123456789S", "1s", "-1S", "1.5S", " 1S"] { #expect(GRPCTimeout.parse(bad) == nil) }
        var random = SeededRandom(seed: 13)
        for _ in 0..<5_000 {
            let nanos = Int64.random(in: 0...(Int64(1) << random.int(1...62)), using: &random)
            let text = GRPCTimeout.encode(nanoseconds: nanos)
            let back = GRPCTimeout.parse(text)!
            #expect(back >= nanos)
            #expect(text.utf8.count <= 9)
        }
    }

    @Test func test_methodPaths() {
        #expect(GRPCMethodPath("/shop.v1.Catalog/GetItem") == GRPCMethodPath(service: "shop.v1.Catalog", method: "GetItem"))
        for bad in ["shop.Catalog/Get", "/shop.Catalog", "/shop.Catalog/Get/x", "/.a/b", "/a/b.c", "/a b/c", "//c"] {
            #expect(GRPCMethodPath(bad) == nil, "\(bad)")
        }
    }

    @Test func test_protobufDescriptionsEncodeAndDecode() throws {
        let description = JSONValue.object([JSONMember("1", .string("alice")), JSONMember("2", .int(150)), JSONMember("3", .object([JSONMember("1", .bool(true))])),
                                            JSONMember("4", .array([.int(1), .int(-1)])), JSONMember("5", .double(0.5))])
        let bytes = try ProtobufWire.encode(description)
        #expect(bytes.prefix(10) == [0x0A, 5, 97, 108, 105, 99, 101, 0x10, 0x96, 0x01])
        let fields = try #require(ProtobufWire.fields(bytes))
        #expect(fields[2] == .lengthDelimited(number: 3, [0x08, 0x01]))
        #expect(fields[4] == .varint(number: 4, UInt64.max))
        #expect(fields[5] == .fixed64(number: 5, (0.5 as Double).bitPattern))
        #expect(throws: ProtobufWire.EncodingError.invalidFieldNumber("name")) { try ProtobufWire.encode(.object([JSONMember("name", .int(1))])) }
        #expect(throws: ProtobufWire.EncodingError.invalidFieldNumber("19000")) { try ProtobufWire.encode(.object([JSONMember("19000", .int(1))])) }
        #expect(throws: ProtobufWire.EncodingError.unsupportedValue(field: 1)) { try ProtobufWire.encode(.object([JSONMember("1", .null)])) }
    }

    @Test func test_mockMethodStreamsFilledMessagesThenStatus() throws {
        let method = MockGRPCMethod(path: GRPCMethodPath("/shop.Catalog/ListItems")!,
                                    reply: .described(.object([JSONMember("1", .string("item-{index}@{cluster}"))])), messageCount: 3)
        var decoder = GRPCFrameDecoder(allowsTrailers: true)
        decoder.append(method.webResponseBody(cluster: "eu"))
        var frames: [GRPCFrame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        #expect(frames.count == 4)
        #expect(frames[1] == .message([0x0A, 9] + Array("item-1@eu".utf8)))
        #expect(frames[3] == .trailers([("grpc-status", "0")]))
        let failed = method.webResponseBody(cluster: "eu", failure: GRPCStatus(.deadlineExceeded, "deadline"))
        #expect(failed == GRPCFrame.trailers([("grpc-status", "4"), ("grpc-message", "deadline")]).bytes)
    }

    @Test func test_hundredThousandMutatedStreamsGiveOnlyTypedErrors() {
        var random = SeededRandom(seed: 14)
        let corpus: [[UInt8]] = (0..<24).map { _ in
            var wire: [UInt8] = []
            for _ in 0..<random.int(0...3) { GRPCFrame.message(random.bytes(random.int(0...40))).append(to: &wire) }
            GRPCFrame.trailers(GRPCStatus(random.pick(GRPCStatusCode.allCases), "m").trailers).append(to: &wire)
            return wire
        }
        var mutator = ByteMutator(seed: 15, alphabet: [0, 1, 0x80, 0x81, 0xFF, 0x7F, 10, 13, 58, 32, 0x10])
        var outcomes = [0, 0]
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(corpus))
            var decoder = GRPCFrameDecoder(maxMessageLength: 4096, allowsTrailers: true)
            var payloadBytes = 0
            do {
                for piece in mutator.random.pieces(input, maxPiece: 32) {
                    decoder.append(piece)
                    while let frame = try decoder.next() {
                        if case .message(let bytes, _) = frame { payloadBytes += bytes.count }
                    }
                }
                try decoder.finish()
                outcomes[0] += 1
            } catch {
                outcomes[1] += 1
            }
            #expect(payloadBytes <= input.count)
        }
        #expect(outcomes[0] > 1_000 && outcomes[1] > 1_000)
    }

    @Test func test_hundredThousandMutatedSmallInputsNeverCrashTheOtherParsers() throws {
        // grpc-timeout, grpc-message, base64 and protobuf field reading take text and bytes from peers too.
        let payload = try ProtobufWire.encode(.object([JSONMember("1", .string("alice")), JSONMember("2", .int(-3)),
                                                       JSONMember("3", .object([JSONMember("1", .double(2.5))]))]))
        let corpus: [[UInt8]] = [Array("100m".utf8), Array("99999999H".utf8), Array("a%20b%C3%A9%".utf8), Array("Zm9vYmFy".utf8), payload]
        var mutator = ByteMutator(seed: 16, alphabet: Array("0123456789HMSmun%=+/AZaz".utf8) + [0x80, 0xFF, 0x08, 0x12, 0x0A])
        var decodedFields = 0
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(corpus))
            let text = String(decoding: input, as: UTF8.self)
            if let nanos = GRPCTimeout.parse(text) { #expect(nanos >= 0) }
            _ = GRPCPercentEncoding.decode(text)
            if let bytes = Base64.decode(text) { #expect(Base64.encode(bytes) == text) }
            if let fields = ProtobufWire.fields(input) { decodedFields += fields.count }
        }
        #expect(decodedFields > 0)
    }
}
