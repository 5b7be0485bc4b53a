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
}
