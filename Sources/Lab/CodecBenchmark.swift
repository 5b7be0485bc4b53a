import Actors
import Foundation
import Protocols

/// Parse throughput of each codec on seeded, realistic inputs: the figures of Docs/PERFORMANCE.md.
/// Wall-clock timing is fine here: this measures the machine, not the simulated world.
struct CodecBenchmark {
    struct Case {
        var codec: String
        var input: String
        var bytes: Int
        var messages: Int
        var run: () -> Int
    }

    struct Figure {
        var codec: String
        var input: String
        var megabytesPerSecond: Double
        var messagesPerSecond: Double
    }

    /// The corpora come from a seeded stream, so they are the same on every machine.
    struct Random {
        var generator = SeededGenerator(seed: 42, stream: "codec-bench")
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { generator.nextIndex(below: n) }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
        mutating func text(_ count: Int) -> String {
            let letters = Array("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789é→")
            return String((0..<count).map { _ in letters[below(letters.count)] })
        }
    }

    static func cases() -> [Case] {
        var random = Random()
        return [httpRequests(&random), httpResponses(&random), grpcFrames(&random), webSocketFrames(&random),
                graphQLDocuments(), graphQLExecution()]
    }

    /// Feeds `stream` in 16 KB pieces, as a socket would.
    static func pieces(_ stream: [UInt8]) -> [ArraySlice<UInt8>] {
        stride(from: 0, to: stream.count, by: 16_384).map { stream[$0..<min($0 + 16_384, stream.count)] }
    }

    static func httpRequests(_ random: inout Random) -> Case {
        var stream: [UInt8] = []
        let count = 2_000
        for index in 0..<count {
            var headers: HTTPHeaders = [("Host", "api.lab.test"), ("User-Agent", "lab-bench/1.0"), ("Accept", "application/json"),
                                        ("Accept-Encoding", "gzip, deflate"), ("Authorization", "Bearer " + random.text(40)),
                                        ("X-Request-Id", String(random.next(), radix: 16)), ("Cookie", "session=" + random.text(30))]
            let body = index % 4 == 0 ? Array(("{\"order\":\"" + random.text(200 + random.below(800)) + "\"}").utf8) : []
            let chunked = index % 16 == 0 && !body.isEmpty
            if !body.isEmpty && !chunked { headers.add("Content-Type", "application/json") }
            let request = HTTPRequest(method: body.isEmpty ? "GET" : "POST", path: "/api/orders/\(random.below(100_000))?expand=items",
                                      headers: headers, body: body)
            stream += HTTPWireWriter.bytes(of: request, chunkSize: chunked ? 256 : nil)
        }
        let chunks = pieces(stream)
        return Case(codec: "HTTP/1.1", input: "requests, 7-9 headers, 1 in 4 with a 0.2-1 KB body (some chunked), pipelined", bytes: stream.count, messages: count) {
            var parser = HTTPRequestParser()
            var parsed = 0
            for chunk in chunks {
                parser.append(chunk)
                while (try? parser.next()).flatMap({ $0 }) != nil { parsed += 1 }
            }
            return parsed
        }
    }

    static func httpResponses(_ random: inout Random) -> Case {
        var stream: [UInt8] = []
        let count = 2_000
        for _ in 0..<count {
            let body = Array(("{\"items\":[\"" + random.text(100 + random.below(1_500)) + "\"]}").utf8)
            let response = HTTPResponse(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                                                               ("Date", "Sun, 22 Nov 2026 12:00:00 GMT"), ("Server", "lab")], body: body)
            stream += HTTPWireWriter.bytes(of: response)
        }
        let chunks = pieces(stream)
        return Case(codec: "HTTP/1.1", input: "responses, 5 headers, 0.1-1.6 KB JSON bodies", bytes: stream.count, messages: count) {
            var parser = HTTPResponseParser()
            var parsed = 0
            for chunk in chunks {
                parser.append(chunk)
                while (try? parser.next()).flatMap({ $0 }) != nil { parsed += 1 }
            }
            return parsed
        }
    }

    static func grpcFrames(_ random: inout Random) -> Case {
        var stream: [UInt8] = []
        let count = 5_000
        for _ in 0..<count { GRPCFrame.message(random.bytes(64 + random.below(2_000))).append(to: &stream) }
        let chunks = pieces(stream)
        return Case(codec: "gRPC framing", input: "length-prefixed messages of 64 B-2 KB", bytes: stream.count, messages: count) {
            var decoder = GRPCFrameDecoder()
            var parsed = 0
            for chunk in chunks {
                decoder.append(chunk)
                while (try? decoder.next()).flatMap({ $0 }) != nil { parsed += 1 }
            }
            return parsed
        }
    }

    static func webSocketFrames(_ random: inout Random) -> Case {
        var stream: [UInt8] = []
        let count = 5_000
        for _ in 0..<count {
            let event = WebSocketEvent.text(random.text(20 + random.below(500)))
            for frame in WebSocketMessageAssembler.frames(for: event, maskingKey: random.bytes(4)) { stream += frame.bytes }
        }
        let chunks = pieces(stream)
        return Case(codec: "WebSocket", input: "masked client text frames of 20-520 chars, unmasked and UTF-8 checked", bytes: stream.count, messages: count) {
            var decoder = WebSocketFrameDecoder(role: .server)
            var assembler = WebSocketMessageAssembler()
            var parsed = 0
            for chunk in chunks {
                decoder.append(chunk)
                while let frame = (try? decoder.next()).flatMap({ $0 }) {
                    if (try? assembler.receive(frame)) != nil { parsed += 1 }
                }
            }
            return parsed
        }
    }

    static let document = """
        query Dashboard($id: ID!, $first: Int = 10, $withPosts: Boolean = true) {
          viewer: user(id: $id) {
            id name role
            friends(first: $first) { id name ...Avatar }
            posts @include(if: $withPosts) { id title likes comments(first: 3) { id body author { ...Avatar } } }
          }
          feed(first: 20, filter: {tags: ["swift", "lab"], after: "2026-01-01"}) { id title ... on Post { likes } }
        }
        fragment Avatar on User { id name avatar(size: 64) { url width height } }
        """

    static func graphQLDocuments() -> Case {
        let bytes = Array(document.utf8)
        return Case(codec: "GraphQL parse", input: "a 0.5 KB dashboard query with variables, fragments, directives", bytes: bytes.count, messages: 1) {
            (try? GraphQLParser.parse(bytes: bytes)) == nil ? 0 : 1
        }
    }

    static func graphQLExecution() -> Case {
        let schema = GraphQLMockSchema(types: [
            ("Query", .object([.init(name: "user", type: .named("User"), arguments: [.init(name: "id", type: .nonNull(.named("ID")))]),
                               .init(name: "feed", type: .list(.named("Post")), arguments: [.init(name: "first", type: .named("Int"))], listSize: 10)])),
            ("User", .object([.init(name: "id", type: .nonNull(.named("ID")), template: "user-{args.id}"), .init(name: "name", type: .named("String")),
                              .init(name: "friends", type: .list(.named("User")), listSize: 5)])),
            ("Post", .object([.init(name: "id", type: .nonNull(.named("ID"))), .init(name: "title", type: .named("String")), .init(name: "likes", type: .named("Int"))])),
        ])
        let query = "query Q($id: ID!) { user(id: $id) { id name friends { id name } } feed(first: 10) { id title likes } }"
        let document = try! GraphQLParser.parse(query)
        let executor = GraphQLExecutor(schema: schema, seed: 42)
        let size = executor.execute(document: document, variables: [JSONMember("id", .string("7"))]).text.utf8.count
        return Case(codec: "GraphQL execute", input: "user with 5 friends and a 10-post feed against a mock schema (bytes: the answer)", bytes: size, messages: 1) {
            executor.execute(document: document, variables: [JSONMember("id", .string("7"))]).errors.isEmpty ? 1 : 0
        }
    }

    /// Runs each case for at least `budget` per round and keeps the median of `rounds` rounds.
    static func measure(_ cases: [Case], rounds: Int, budget: Duration = .milliseconds(300)) -> [Figure] {
        let clock = ContinuousClock()
        return cases.map { item in
            var rates: [(Double, Double)] = []
            for _ in 0..<rounds {
                var repetitions = 0
                var messages = 0
                let start = clock.now
                repeat {
                    messages += item.run()
                    repetitions += 1
                } while clock.now - start < budget
                let seconds = (clock.now - start) / .seconds(1)
                rates.append((Double(item.bytes * repetitions) / seconds / 1_000_000, Double(messages) / seconds))
            }
            let megabytes = rates.map(\.0).sorted()[rates.count / 2]
            let perSecond = rates.map(\.1).sorted()[rates.count / 2]
            return Figure(codec: item.codec, input: item.input, megabytesPerSecond: megabytes, messagesPerSecond: perSecond)
        }
    }
}

private extension Duration {
    static func / (lhs: Duration, rhs: Duration) -> Double {
        let l = lhs.components, r = rhs.components
        return (Double(l.seconds) + Double(l.attoseconds) / 1e18) / (Double(r.seconds) + Double(r.attoseconds) / 1e18)
    }
}
