import Testing
@testable import Protocols

@Suite struct HTTPWireCodecTests {
    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]
    static let tokenAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'"
    static let pathAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789/-_.~%?=&"
    static let valueAlphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789,;=/\"()<>@:?{}[]\t"

    static func randomHeaders(_ random: inout SeededRandom, count: Int) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for _ in 0..<count {
            let name = "x-" + random.string(random.int(1...12), from: tokenAlphabet)
            var value = random.string(random.int(0...40), from: valueAlphabet)
            value = String(value.trimmingSpaces())
            headers.add(name, value)
        }
        return headers
    }

    static func randomRequest(_ random: inout SeededRandom) -> (HTTPRequest, chunked: Int?) {
        let body = random.chance(0.5) ? random.bytes(random.int(0...3000)) : []
        var headers = randomHeaders(&random, count: random.int(0...12))
        var chunked: Int?
        var trailers = HTTPHeaders()
        if random.chance(0.4) {
            chunked = random.int(1...700)
            headers.add("Transfer-Encoding", "chunked")
            trailers = randomHeaders(&random, count: random.int(0...3))
        } else {
            headers.add("Content-Length", String(body.count))
        }
        let request = HTTPRequest(method: random.pick(methods), path: "/" + random.string(random.int(0...80), from: pathAlphabet),
                                  version: random.chance(0.9) ? .http1_1 : .http1_0, headers: headers, body: body, trailers: trailers)
        return (request, chunked)
    }

    @Test func test_requestsSurviveTheRoundTripInAnyPieces() throws {
        var random = SeededRandom(seed: 1)
        for _ in 0..<400 {
            let batch = (0..<random.int(1...4)).map { _ in Self.randomRequest(&random) }
            let wire = batch.flatMap { HTTPWireWriter.bytes(of: $0.0, chunkSize: $0.chunked) }
            var parser = HTTPRequestParser()
            var parsed: [HTTPRequest] = []
            for piece in random.pieces(wire, maxPiece: random.int(1...200)) {
                parser.append(piece)
                while let request = try parser.next() { parsed.append(request) }
            }
            try parser.finish()
            #expect(parsed == batch.map(\.0))
        }
    }

    @Test func test_responsesSurviveTheRoundTripInAnyPieces() throws {
        var random = SeededRandom(seed: 2)
        for _ in 0..<400 {
            let status = random.pick([200, 201, 204, 304, 400, 404, 500, 503])
            var headers = Self.randomHeaders(&random, count: random.int(0...8))
            let body = HTTPResponse.forbidsBody(status) ? [] : random.bytes(random.int(0...2000))
            let chunk: Int? = random.chance(0.5) ? random.int(1...300) : nil
            if !HTTPResponse.forbidsBody(status) && chunk == nil { headers.add("Content-Length", String(body.count)) }
            if chunk != nil && !HTTPResponse.forbidsBody(status) { headers.add("Transfer-Encoding", "chunked") }
            let response = HTTPResponse(status: status, headers: headers, body: body)
            var parser = HTTPResponseParser()
            var parsed: HTTPResponse?
            for piece in random.pieces(HTTPWireWriter.bytes(of: response, chunkSize: chunk)) {
                parser.append(piece)
                if let complete = try parser.next() { parsed = complete }
            }
            #expect(parsed == response)
            #expect(try parser.finish() == nil)
        }
    }

    @Test func test_writerAddsContentLengthAndParserReadsKnownWireText() throws {
        let bytes = HTTPWireWriter.bytes(of: HTTPRequest(method: "POST", path: "/api/orders", headers: [("Host", "lab")], body: Array("hi".utf8)))
        #expect(String(decoding: bytes, as: UTF8.self) == "POST /api/orders HTTP/1.1\r\nHost: lab\r\nContent-Length: 2\r\n\r\nhi")
        var parser = HTTPRequestParser()
        parser.append(Array("\r\nGET /a?b=1 HTTP/1.1\nHost:  lab \nAccept:\n\n".utf8))
        let request = try #require(try parser.next())
        #expect(request.path == "/a?b=1" && request.headers["host"] == "lab" && request.headers["accept"] == "")
        #expect(request.keepAlive)
    }

    @Test func test_chunkedBodyWithExtensionsAndTrailers() throws {
        var parser = HTTPResponseParser()
        parser.append(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=x\r\nWiki\r\n5 \r\npedia\r\n0\r\ngrpc-status: 0\r\n\r\n".utf8))
        let response = try #require(try parser.next())
        #expect(response.bodyText == "Wikipedia")
        #expect(response.trailers["grpc-status"] == "0")
    }

    @Test func test_keepAliveFollowsVersionAndConnectionTokens() {
        #expect(HTTPRequest(method: "GET", path: "/", version: .http1_1).keepAlive)
        #expect(!HTTPRequest(method: "GET", path: "/", headers: [("Connection", "Upgrade, close")]).keepAlive)
        #expect(!HTTPRequest(method: "GET", path: "/", version: .http1_0).keepAlive)
        #expect(HTTPRequest(method: "GET", path: "/", version: .http1_0, headers: [("connection", "Keep-Alive")]).keepAlive)
    }

    @Test func test_responseWithoutLengthRunsToClose() throws {
        var parser = HTTPResponseParser()
        parser.append(Array("HTTP/1.0 200 OK\r\n\r\nstreamed until".utf8))
        #expect(try parser.next() == nil)
        parser.append(Array(" the end".utf8))
        #expect(try parser.finish()?.bodyText == "streamed until the end")
        var head = HTTPResponseParser()
        head.append(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".utf8))
        #expect(try head.next(requestMethod: "HEAD")?.body == [])
    }

    @Test func test_upgradeLeavesTheFollowingBytesUnread() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n\u{81}\u{05}".utf8))
        #expect(try parser.next()?.headers["upgrade"] == "websocket")
        #expect(parser.takeRemainingBytes() == Array("\u{81}\u{05}".utf8))
    }

    static func error(of text: String, limits: HTTPParserLimits = .standard) -> HTTPWireError? {
        var parser = HTTPRequestParser(limits: limits)
        parser.append(Array(text.utf8))
        do {
            while try parser.next() != nil {}
            try parser.finish()
            return nil
        } catch {
            return error
        }
    }

    @Test func test_limitsAndMalformedInputGiveTypedErrors() {
        let small = HTTPParserLimits(maxStartLineLength: 32, maxHeaderLineLength: 40, maxHeaderCount: 3,
                                     maxHeaderBytes: 100, maxBodyBytes: 10, maxChunkLineLength: 16)
        #expect(Self.error(of: "GET /" + String(repeating: "a", count: 40), limits: small) == .startLineTooLong(limit: 32))
        #expect(Self.error(of: "GET / HTTP/1.1\r\nx: " + String(repeating: "a", count: 50), limits: small) == .headerLineTooLong(limit: 40))
        #expect(Self.error(of: "GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\n\r\n", limits: small) == .tooManyHeaders(limit: 3))
        let manyBytes = (0..<3).map { "h\($0): " + String(repeating: "v", count: 35) + "\r\n" }.joined()
        #expect(Self.error(of: "GET / HTTP/1.1\r\n" + manyBytes + "\r\n", limits: small) == .headersTooLarge(limit: 100))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: small) == .bodyTooLarge(limit: 10))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n", limits: small) == .bodyTooLarge(limit: 10))
        #expect(Self.error(of: "GET / HTTP/2.0\r\n\r\n") == .unsupportedVersion("HTTP/2.0"))
        #expect(Self.error(of: "GET  / HTTP/1.1\r\n\r\n") == .malformedStartLine("expected METHOD TARGET HTTP/1.1"))
        #expect(Self.error(of: "GET /\u{7F} HTTP/1.1\r\n\r\n") == .malformedStartLine("invalid request target"))
        #expect(Self.error(of: "G(T / HTTP/1.1\r\n\r\n") == .malformedStartLine("invalid method"))
        #expect(Self.error(of: "GET / HTTP/1.1\r\nbad header\r\n\r\n") == .malformedHeader("no colon"))
        #expect(Self.error(of: "GET / HTTP/1.1\r\nName : v\r\n\r\n") == .malformedHeader("invalid field name \"Name \""))
        #expect(Self.error(of: "GET / HTTP/1.1\r\na: 1\r\n folded\r\n\r\n") == .obsoleteLineFolding)
        #expect(Self.error(of: "POST / HTTP/1.1\r\nContent-Length: 5, 6\r\n\r\n") == .invalidContentLength("5, 6"))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") == .invalidContentLength("-1"))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") == .conflictingFraming)
        #expect(Self.error(of: "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") == .unsupportedTransferEncoding("gzip"))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") == .malformedChunk("no chunk size"))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n") == .malformedChunk("data longer than its size"))
        #expect(Self.error(of: "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab") == .truncated)
        #expect(Self.error(of: "GET / HTTP/1.1\r\n\r\n\r\n") == nil)
        #expect(HTTPWireError.headersTooLarge(limit: 1).responseStatus == 431)
        #expect(HTTPWireError.bodyTooLarge(limit: 1).responseStatus == 413)
    }

    @Test func test_hundredThousandMutatedRequestsGiveOnlyTypedErrors() {
        var random = SeededRandom(seed: 3)
        let corpus = (0..<32).map { _ in
            let (request, chunked) = Self.randomRequest(&random)
            var small = request
            small.body = Array(request.body.prefix(64))
            if chunked == nil { small.headers.set("Content-Length", String(small.body.count)) }
            return HTTPWireWriter.bytes(of: small, chunkSize: chunked.map { min($0, 16) })
        }
        var mutator = ByteMutator(seed: 4, alphabet: Array("\r\n :;,0123456789abcdefABCDEF/HTTP.-\t".utf8) + [0, 0x7F, 0x80, 0xFF])
        let limits = HTTPParserLimits(maxStartLineLength: 256, maxHeaderLineLength: 256, maxHeaderCount: 20,
                                      maxHeaderBytes: 2048, maxBodyBytes: 4096, maxChunkLineLength: 32)
        var outcomes = [0, 0]
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(corpus))
            var parser = HTTPRequestParser(limits: limits)
            var parsedBytes = 0
            do {
                for piece in mutator.random.pieces(input, maxPiece: 64) {
                    parser.append(piece)
                    while let request = try parser.next() { parsedBytes += request.body.count }
                }
                try parser.finish()
                outcomes[0] += 1
            } catch {
                outcomes[1] += 1
            }
            #expect(parsedBytes <= input.count)
        }
        #expect(outcomes[0] > 1_000 && outcomes[1] > 1_000)
    }

    @Test func test_hundredThousandMutatedResponsesGiveOnlyTypedErrors() {
        var random = SeededRandom(seed: 5)
        let corpus: [[UInt8]] = (0..<32).map { index in
            var headers = Self.randomHeaders(&random, count: random.int(0...6))
            let body = random.bytes(random.int(0...64))
            let chunk: Int? = index % 3 == 0 ? random.int(1...16) : nil
            if chunk == nil && index % 3 == 1 { headers.add("Content-Length", String(body.count)) }
            return HTTPWireWriter.bytes(of: HTTPResponse(status: random.pick([200, 204, 301, 404, 503]), headers: headers, body: body), chunkSize: chunk)
        }
        var mutator = ByteMutator(seed: 6, alphabet: Array("\r\n :;,0123456789abcdefABCDEF/HTTP.-\t".utf8) + [0, 0x7F, 0x80, 0xFF])
        let limits = HTTPParserLimits(maxStartLineLength: 256, maxHeaderLineLength: 256, maxHeaderCount: 20,
                                      maxHeaderBytes: 2048, maxBodyBytes: 4096, maxChunkLineLength: 32)
        var outcomes = [0, 0]
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(corpus))
            var parser = HTTPResponseParser(limits: limits)
            var bodyBytes = 0
            do {
                for piece in mutator.random.pieces(input, maxPiece: 64) {
                    parser.append(piece)
                    while let response = try parser.next(requestMethod: mutator.random.chance(0.1) ? "HEAD" : "GET") { bodyBytes += response.body.count }
                }
                if let last = try parser.finish() { bodyBytes += last.body.count }
                outcomes[0] += 1
            } catch {
                outcomes[1] += 1
            }
            #expect(bodyBytes <= input.count)
        }
        #expect(outcomes[0] > 1_000 && outcomes[1] > 1_000)
    }
}
