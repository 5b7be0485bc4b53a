import Foundation
import Testing
@testable import Protocols

/// Our frames and handshake as Python's `websockets` reads them, and theirs as we read them.
@Suite struct WebSocketPeerTests {
    static let available = PythonPeer.has("websockets")

    static func randomEvent(_ random: inout SeededRandom) -> WebSocketEvent {
        switch random.int(0...4) {
        case 0: return .text(random.string(random.int(0...random.pick([20, 300, 70_000])), from: "ab c→é\u{1F600}"))
        case 1: return .binary(random.bytes(random.int(0...random.pick([20, 300, 70_000]))))
        case 2: return .ping(random.bytes(random.int(0...125)))
        case 3: return .pong(random.bytes(random.int(0...125)))
        default: return .close(random.pick([.normalClosure, .policyViolation, .internalError, WebSocketCloseCode(4321)]), random.string(random.int(0...30), from: "bye é"))
        }
    }

    @Test(.enabled(if: available, "needs python3 with websockets (pip install websockets==17.4; .ci/run installs it)"))
    func test_websocketsReadsOurFramesAndHandshakeAndWeReadTheirs() throws {
        var random = SeededRandom(seed: 41)
        var clientStreams: [(String, [WebSocketFrame])] = []
        var serverStreams: [(String, [WebSocketFrame])] = []
        for index in 0..<60 {
            let fromClient = index % 2 == 0
            let frames = WebSocketMessageAssembler.frames(for: Self.randomEvent(&random), fragmentSize: random.chance(0.3) ? random.int(1...400) : nil,
                                                          maskingKey: fromClient ? random.bytes(4) : nil)
            let wire = frames.flatMap(\.bytes).hex
            if fromClient { clientStreams.append((wire, frames)) } else { serverStreams.append((wire, frames)) }
        }
        let make: [[String: Any]] = (0..<40).map { index in
            let event = Self.randomEvent(&random)
            let frame = WebSocketMessageAssembler.frames(for: event)[0]
            return ["opcode": Int(frame.opcode.rawValue), "payload": frame.payload.hex, "fin": true, "mask": index % 2 == 0]
        }
        let keyBytes = random.bytes(16)
        let request = HTTPWireWriter.bytes(of: WebSocketHandshake.clientRequest(path: "/chat", host: "lab.test", keyBytes: keyBytes))
        let first = try #require(try PythonPeer.run("websocket_peer.py", cases: [
            "client_frames": clientStreams.map(\.0), "server_frames": serverStreams.map(\.0), "make": make, "client_request": request.hex,
        ] as [String: Any]) as? [String: Any])

        for (key, streams) in [("client_frames", clientStreams), ("server_frames", serverStreams)] {
            let parsed = try #require(first[key] as? [[String: Any]])
            #expect(parsed.count == streams.count)
            for (theirs, (_, ours)) in zip(parsed, streams) {
                #expect(theirs["error"] is NSNull, "\(theirs["error"] ?? "")")
                let frames = try #require(theirs["frames"] as? [[String: Any]])
                #expect(frames.count == ours.count)
                for (frame, our) in zip(frames, ours) {
                    #expect(frame["opcode"] as? Int == Int(our.opcode.rawValue))
                    #expect(frame["fin"] as? Bool == our.fin)
                    #expect(frame["payload"] as? String == our.payload.hex)
                    if our.opcode == .close, case .close(let code, let reason)? = try? WebSocketMessageAssembler.close(our.payload) {
                        let close = try #require(frame["close"] as? [Any])
                        #expect(close[0] as? Int == Int(code?.rawValue ?? 0) && close[1] as? String == reason)
                    }
                }
            }
        }

        let made = try #require(first["made"] as? [String])
        for (hex, item) in zip(made, make) {
            let bytes = try #require([UInt8](hex: hex))
            let frames = try WebSocketCodecTests.decodeAll(bytes, role: item["mask"] as! Bool ? .server : .client)
            #expect(frames.count == 1)
            #expect(frames.first?.payload.hex == item["payload"] as? String)
            #expect(frames.first.map { Int($0.opcode.rawValue) } == item["opcode"] as? Int)
        }

        #expect(first["server_accepted"] as? Bool == true)
        var responses = HTTPResponseParser()
        let serverResponse = try #require(first["server_response"] as? String)
        responses.append(try #require([UInt8](hex: serverResponse)))
        let theirResponse = try #require(try responses.next())
        try WebSocketHandshake.validate(response: theirResponse, key: Base64.encode(keyBytes))

        var requests = HTTPRequestParser()
        let clientRequest = try #require(first["client_request"] as? String)
        requests.append(try #require([UInt8](hex: clientRequest)))
        let theirRequest = try #require(try requests.next())
        let ourResponse = try WebSocketHandshake.respond(to: theirRequest)
        let second = try #require(try PythonPeer.run("websocket_peer.py", cases: [
            "client_frames": [], "server_frames": [], "make": [], "client_request": request.hex,
            "our_response": ["key": theirRequest.headers["Sec-WebSocket-Key"]!, "response": HTTPWireWriter.bytes(of: ourResponse).hex],
        ] as [String: Any]) as? [String: Any])
        #expect(second["our_response_accepted"] as? Bool == true, "\(second["our_response_error"] ?? "")")
    }

    /// Upgrade requests, malformed by one RFC 6455 §4.2.1/§11.3 rule each, with whether a server must accept them.
    /// Left out on purpose, where the two differ by design: a missing Host (websockets leaves Host to its HTTP
    /// stack; §4.2.1 (2) and RFC 9112 §3.2 have us refuse it), `Upgrade: h2c, websocket` (websockets wants
    /// websocket alone; §4.2.1 (3) asks only that Upgrade contain it), and malformed subprotocol or extension
    /// offers (websockets reads them only when configured to negotiate some; §4.2.1 and §9.1 have us refuse them).
    static let requestCases: [(String, Bool, @Sendable (inout HTTPRequest) -> Void)] = [
        ("as sent", true, { _ in }),
        ("Upgrade: WebSocket", true, { $0.headers.set("Upgrade", "WebSocket") }),
        ("Connection: keep-alive, Upgrade", true, { $0.headers.set("Connection", "keep-alive, Upgrade") }),
        ("two subprotocol fields", true, { $0.headers.add("Sec-WebSocket-Protocol", "chat"); $0.headers.add("Sec-WebSocket-Protocol", "superchat") }),
        ("two extension fields", true, { $0.headers.add("Sec-WebSocket-Extensions", "x-a"); $0.headers.add("Sec-WebSocket-Extensions", "x-b; p=1") }),
        ("POST", false, { $0.method = "POST" }),
        ("HTTP/1.0", false, { $0.version = .http1_0 }),
        ("no Upgrade", false, { $0.headers.remove("Upgrade") }),
        ("Upgrade: websocket2", false, { $0.headers.set("Upgrade", "websocket2") }),
        ("no Connection", false, { $0.headers.remove("Connection") }),
        ("Connection: keep-alive", false, { $0.headers.set("Connection", "keep-alive") }),
        ("no key", false, { $0.headers.remove("Sec-WebSocket-Key") }),
        ("15-byte key", false, { $0.headers.set("Sec-WebSocket-Key", Base64.encode([UInt8](repeating: 1, count: 15))) }),
        ("key not base64", false, { $0.headers.set("Sec-WebSocket-Key", "not a key at all!") }),
        ("two keys", false, { $0.headers.add("Sec-WebSocket-Key", $0.headers["Sec-WebSocket-Key"]!) }),
        ("no version", false, { $0.headers.remove("Sec-WebSocket-Version") }),
        ("version 8", false, { $0.headers.set("Sec-WebSocket-Version", "8") }),
        ("two versions", false, { $0.headers.add("Sec-WebSocket-Version", "13") }),
    ]

    /// Answers to an upgrade that offered `subprotocols`, each breaking (or not) one step of the §4.1 validation.
    static let responseCases: [(String, [String], Bool, @Sendable (inout HTTPResponse) -> Void)] = [
        ("as answered", [], true, { _ in }),
        ("Upgrade: WebSocket", [], true, { $0.headers.set("Upgrade", "WebSocket") }),
        ("offered subprotocol", ["chat", "superchat"], true, { $0.headers.add("Sec-WebSocket-Protocol", "superchat") }),
        ("200", [], false, { $0.status = 200 }),
        ("no Upgrade", [], false, { $0.headers.remove("Upgrade") }),
        ("Upgrade: websocket, h2c", [], false, { $0.headers.set("Upgrade", "websocket, h2c") }),
        ("Connection: keep-alive", [], false, { $0.headers.set("Connection", "keep-alive") }),
        ("wrong accept", [], false, { $0.headers.set("Sec-WebSocket-Accept", WebSocketHandshake.accept(forKey: "AAAAAAAAAAAAAAAAAAAAAA==")) }),
        ("two accepts", [], false, { $0.headers.add("Sec-WebSocket-Accept", $0.headers["Sec-WebSocket-Accept"]!) }),
        ("unoffered extension", [], false, { $0.headers.add("Sec-WebSocket-Extensions", "permessage-deflate") }),
        ("subprotocol with none offered", [], false, { $0.headers.add("Sec-WebSocket-Protocol", "chat") }),
        ("unoffered subprotocol", ["chat"], false, { $0.headers.add("Sec-WebSocket-Protocol", "superchat") }),
        ("two subprotocols in one field", ["chat", "superchat"], false, { $0.headers.add("Sec-WebSocket-Protocol", "chat, superchat") }),
        ("two subprotocol fields", ["chat"], false, { $0.headers.add("Sec-WebSocket-Protocol", "chat"); $0.headers.add("Sec-WebSocket-Protocol", "chat") }),
    ]

    @Test(.enabled(if: available, "needs python3 with websockets (pip install websockets==17.4; .ci/run installs it)"))
    func test_weRefuseTheMalformedHandshakesWebsocketsRefusesAndAcceptTheRest() throws {
        var random = SeededRandom(seed: 43)
        let keyBytes = random.bytes(16)
        let base = WebSocketHandshake.clientRequest(path: "/chat", host: "lab.test", keyBytes: keyBytes)
        let key = Base64.encode(keyBytes)
        let requests = Self.requestCases.map { _, _, edit in
            var request = base
            edit(&request)
            return HTTPWireWriter.bytes(of: request)
        }
        let responses = Self.responseCases.map { _, subprotocols, _, edit in
            var response = try! WebSocketHandshake.respond(to: base)
            edit(&response)
            return ["key": key, "subprotocols": subprotocols, "response": HTTPWireWriter.bytes(of: response).hex] as [String: Any]
        }
        let out = try #require(try PythonPeer.run("websocket_peer.py", cases: [
            "client_frames": [], "server_frames": [], "make": [], "client_request": HTTPWireWriter.bytes(of: base).hex,
            "server_checks": requests.map(\.hex), "client_checks": responses,
        ] as [String: Any]) as? [String: Any])

        let theirServer = try #require(out["server_checks"] as? [[String: Any]])
        #expect(theirServer.count == Self.requestCases.count)
        for ((name, acceptable, _), (bytes, theirs)) in zip(Self.requestCases, zip(requests, theirServer)) {
            var parser = HTTPRequestParser()
            parser.append(bytes)
            let request = try #require(try parser.next(), "\(name)")
            let ours: Int
            do { ours = try WebSocketHandshake.respond(to: request).status } catch { ours = error.status ?? 0 }
            let theirStatus = theirs["status"] as? Int
            #expect((ours == 101) == acceptable, "\(name): we answered \(ours)")
            #expect((theirStatus == 101) == acceptable, "\(name): websockets answered \(theirStatus.map(String.init) ?? "nothing"), \(theirs["error"] ?? "")")
        }

        let theirClient = try #require(out["client_checks"] as? [[String: Any]])
        #expect(theirClient.count == Self.responseCases.count)
        for ((name, subprotocols, acceptable, _), (item, theirs)) in zip(Self.responseCases, zip(responses, theirClient)) {
            var parser = HTTPResponseParser()
            parser.append(try #require([UInt8](hex: item["response"] as! String)))
            let response = try #require(try parser.next(), "\(name)")
            var failure: WebSocketHandshake.Failure?
            do { try WebSocketHandshake.validate(response: response, key: key, subprotocols: subprotocols) } catch { failure = error }
            #expect((failure == nil) == acceptable, "\(name): \(failure.map(String.init(describing:)) ?? "accepted")")
            #expect(theirs["accepted"] as? Bool == acceptable, "\(name): websockets said \(theirs["error"] ?? "")")
        }
    }
}
