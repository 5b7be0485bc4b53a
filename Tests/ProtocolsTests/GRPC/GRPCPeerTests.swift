import Testing
@testable import Protocols

/// Our framing, trailers, status codes, timeouts and protobuf payloads as independent peers
/// read them: sonora (gRPC-Web), grpcio's status codes and google.protobuf.
@Suite struct GRPCPeerTests {
    static let available = PythonPeer.has("grpc", "sonora", "google.protobuf")

    @Test(.enabled(if: available, "needs python3 with grpcio, sonora and protobuf (pip install grpcio sonora==0.2.3 protobuf; .ci/run installs them)"))
    func test_peersReadOurFramesAndWeReadTheirs() throws {
        var random = SeededRandom(seed: 21)
        var bodies: [String] = []
        var expected: [([GRPCFrame], GRPCStatus)] = []
        for _ in 0..<40 {
            let (frames, status) = GRPCCodecTests.randomFrames(&random)
            let small = frames.map { frame -> GRPCFrame in
                if case .message(let bytes, let compressed) = frame { return .message(Array(bytes.prefix(500)), compressed: compressed) }
                return frame
            }
            var wire: [UInt8] = []
            for frame in small { frame.append(to: &wire) }
            GRPCFrame.trailers(status.trailers).append(to: &wire)
            bodies.append(wire.hex)
            expected.append((small, status))
        }
        let encode: [[String: Any]] = (0..<20).map { _ in
            ["messages": (0..<random.int(0...3)).map { _ in ["compressed": random.chance(0.3), "hex": random.bytes(random.int(0...200)).hex] as [String: Any] },
             "trailers": [["grpc-status", String(random.int(0...16))], ["grpc-message", GRPCPercentEncoding.encode("peer é %")]]]
        }
        let payload = JSONValue.object([JSONMember("1", .string("alice")), JSONMember("2", .int(-7)), JSONMember("3", .object([JSONMember("1", .bool(true))])),
                                        JSONMember("4", .array([.int(1), .int(300)])), JSONMember("5", .double(2.5))])
        let protobuf = try ProtobufWire.encode(payload)
        let seconds = [1, 60, 3600, 0.25, 0.000_5, 7200, 1.5]
        let output = try #require(try PythonPeer.run("grpc_peer.py", cases: ["bodies": bodies, "encode": encode, "protobuf": [protobuf.hex], "timeouts": seconds]) as? [String: Any])

        let codes = try #require(output["codes"] as? [[Any]])
        #expect(codes.map { $0[0] as? Int } == GRPCStatusCode.allCases.map(\.rawValue))
        #expect(codes.map { $0[1] as? String } == GRPCStatusCode.allCases.map(\.name))

        let decodedBodies = try #require(output["bodies"] as? [[[String: Any]]])
        for (frames, (sent, status)) in zip(decodedBodies, expected) {
            #expect(frames.count == sent.count + 1)
            for (theirs, ours) in zip(frames, sent) {
                guard case .message(let bytes, let compressed) = ours else { continue }
                #expect(theirs["hex"] as? String == bytes.hex)
                #expect(theirs["compressed"] as? Bool == compressed)
            }
            let trailers = try #require(frames.last?["trailers"] as? [[String]])
            #expect(trailers.first == ["grpc-status", String(status.code.rawValue)])
            #expect((frames.last?["message"] as? String ?? "") == status.message)
        }

        let encoded = try #require(output["encoded"] as? [String])
        for (hex, item) in zip(encoded, encode) {
            var decoder = GRPCFrameDecoder(allowsTrailers: true)
            decoder.append(try #require([UInt8](hex: hex)))
            var frames: [GRPCFrame] = []
            while let frame = try decoder.next() { frames.append(frame) }
            try decoder.finish()
            let messages = try #require(item["messages"] as? [[String: Any]])
            #expect(frames.count == messages.count + 1)
            for (frame, message) in zip(frames, messages) {
                #expect(frame == .message([UInt8](hex: message["hex"] as! String)!, compressed: message["compressed"] as! Bool))
            }
            guard case .trailers(let fields) = frames.last else { Issue.record("no trailers"); continue }
            #expect(GRPCStatus(trailers: fields)?.message == "peer é %")
        }

        let fields = try #require((output["protobuf"] as? [[[Any]]])?.first)
        #expect(fields.count == 6)
        #expect(fields[0][0] as? Int == 1 && fields[0][1] as? Int == 2 && fields[0][2] as? String == Array("alice".utf8).hex)
        #expect(fields[1][2] as? UInt64 == UInt64(bitPattern: -7))
        #expect(fields[2][2] as? String == [0x08, 0x01].hex)
        #expect(fields[4][2] as? Int == 300)
        #expect(fields[5][1] as? Int == 1 && fields[5][2] as? UInt64 == (2.5 as Double).bitPattern)

        let timeouts = try #require(output["timeouts"] as? [[Any]])
        for (pair, second) in zip(timeouts, seconds) {
            let text = try #require(pair[0] as? String)
            #expect(GRPCTimeout.parse(text) == Int64((second * 1e9).rounded()), "\(text)")
        }
    }
}
