import Foundation
import Testing
import Actors
import Protocols
import Recorder
import Scenarios

/// The scenario of each protocol, end to end: the same trace across processes, metrics in the
/// protocol's own family (checked by promtool), and recordings whose payloads real decoders read.
@Suite struct ProtocolScenarioTests {
    static let protocolScenarios = ["grpc-catalog", "websocket-chat", "graphql-social"]

    func record(_ name: String, seed: UInt64? = nil) throws -> (RunResult, SQLiteDatabase, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(name)-\(getpid())-\(UUID().uuidString).sqlite").path
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name).json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: seed, recordingPath: path))
        #expect(result.recording?.error == nil)
        return (result, try SQLiteDatabase(path: path, readOnly: true), path)
    }

    @Test(arguments: protocolScenarios)
    func test_sameTraceAcrossProcessesAndFromTheSwiftAPI(name: String) throws {
        let args = ["run", "Scenarios/\(name).json5", "--no-record", "--json", "--seed", "4"]
        let first = try LabBinary.run(args)
        let second = try LabBinary.run(args, environment: ["SWIFT_DETERMINISTIC_HASHING": "1"])
        #expect(first.status == 0 || first.status == 1, "\(first.stderr)")
        let a = try #require(first.json), b = try #require(second.json)
        #expect(a["trace_hash"] as? String == b["trace_hash"] as? String)
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name).json5")
        let inProcess = try Laboratory(scenario: scenario).run(RunOptions(seed: 4))
        #expect(inProcess.traceHash == a["trace_hash"] as? String)
        let other = try Laboratory(scenario: scenario).run(RunOptions(seed: 5))
        #expect(other.traceHash != inProcess.traceHash)
    }

    @Test func test_grpcAnswersCarryTrailersAndChaosShowsAsUnavailable() throws {
        let (result, db, path) = try record("grpc-catalog")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(result.metricsText.contains("grpc_requests_total{route=\"catalog\",code=\"UNAVAILABLE\"}"))
        #expect(result.metricsText.contains("grpc_requests_total{route=\"catalog\",code=\"OK\"}"))
        #expect(!result.metricsText.contains("http_requests_total{"))
        // Every gRPC answer is HTTP 200 on the wire; the outcome is in grpc-status.
        #expect(try db.rows("SELECT DISTINCT wire_status FROM exchanges") == [["200"]])
        let chaos = try db.rows("SELECT DISTINCT protocol_status FROM exchange_view WHERE outcome = 'chaos'")
        #expect(chaos == [["14"]])
        let timeouts = try db.rows("SELECT DISTINCT protocol_status FROM exchange_view WHERE outcome = 'timeout'")
        #expect(timeouts.allSatisfy { $0 == ["4"] })
        #expect(try db.rows("SELECT DISTINCT protocol_status FROM exchange_view WHERE operation = '/shop.v1.Catalog/Legacy' AND status = 501") == [["12"]])
        // The streamed listing: five messages and OK trailers, as a gRPC-Web decoder reads them.
        let body = try db.blob("SELECT response_body FROM exchange_view WHERE operation = '/shop.v1.Catalog/ListItems' AND outcome = 'ok' LIMIT 1")
        var decoder = GRPCFrameDecoder(allowsTrailers: true)
        decoder.append(body)
        var frames: [GRPCFrame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        #expect(frames.count == 6)
        guard case .trailers(let trailers) = frames.last else { Issue.record("no trailers"); return }
        #expect(GRPCStatus(trailers: trailers) == .ok)
        // A streamed call holds its backend for the whole stream (4 × 20ms after the first message).
        let fastest = try db.rows("SELECT min(answered_ns - sent_ns) FROM exchange_view WHERE operation = '/shop.v1.Catalog/ListItems' AND outcome = 'ok'")
        #expect(Int64((fastest.first?.first ?? "0") ?? "0")! >= 80_000_000)
    }

    @Test func test_graphqlFailuresArriveInside200Answers() throws {
        let (result, db, path) = try record("graphql-social")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(result.metricsText.contains("graphql_requests_total{route=\"graphql\",outcome=\"ok\"} \(result.summary.ok)"))
        #expect(result.metricsText.contains("cluster_requests_total{cluster=\"replica\",status=\"503\"}"))
        let chaos = try db.rows("SELECT DISTINCT wire_status FROM exchange_view WHERE outcome = 'chaos'")
        #expect(chaos == [["200"]])
        let body = try #require(try db.rows("SELECT response_body FROM exchange_view WHERE outcome = 'chaos' LIMIT 1").first?.first ?? nil)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let errors = try #require(json["errors"] as? [[String: Any]])
        let extensions = errors.first?["extensions"] as? [String: Any]
        #expect(extensions?["code"] as? String == "SERVICE_UNAVAILABLE")
        #expect(errors.first?["path"] as? [String] == ["user"])
        // The same user has the same generated name in every answer of the run.
        let names = try db.rows("""
            SELECT DISTINCT json_extract(response_body, '$.data.user.name') FROM exchange_view
            WHERE outcome = 'ok' AND request_body LIKE '%"id":"17"%'
            """)
        #expect(names.count <= 1)
        // The scripted field error travels with data.
        let trending = try db.rows("SELECT DISTINCT protocol_status, json_extract(response_body, '$.errors[0].message') FROM exchange_view WHERE operation = 'Trending' AND outcome = 'ok'")
        #expect(trending == [["1", "trending is being recomputed"]])
    }

    @Test func test_websocketSessionsAreTranscribedAndClosed() throws {
        let (result, db, path) = try record("websocket-chat")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let opened = try db.rows("SELECT count(*) FROM exchanges WHERE final = 1 AND status = 101").first!.first!!
        #expect(result.metricsText.contains("ws_connections_total{route=\"chat\",status=\"101\"} \(opened)"))
        let closes = try db.rows("SELECT code, closed_by FROM ws_sessions GROUP BY 1, 2 ORDER BY 1")
        #expect(closes.contains(["1000", "client"]))
        #expect(closes.contains(["1001", "server"]))
        #expect(closes.contains(["1006", "abnormal"]))
        // Every subscription is acknowledged with the room the client named.
        let acks = try db.rows("""
            SELECT m.text, r.text FROM ws_messages m JOIN ws_messages r ON r.request_id = m.request_id AND r.id = (
              SELECT min(id) FROM ws_messages WHERE request_id = m.request_id AND id > m.id AND kind = 'reply')
            WHERE m.kind = 'message' AND m.text LIKE 'subscribe %'
            """)
        #expect(!acks.isEmpty)
        for row in acks { #expect(row[1] == "subscribed to " + (row[0] ?? "").dropFirst("subscribe ".count)) }
        #expect(try db.rows("SELECT count(*) FROM ws_messages WHERE kind = 'dropped'").first != ["0"])
        let received = try db.rows("SELECT count(*) FROM ws_messages WHERE direction = 'in' AND kind = 'message'").first!.first!!
        #expect(result.metricsText.contains("ws_messages_total{cluster=\"eu\",direction=\"received\"} \(received)"))
    }

    @Test(.enabled(if: MetricsTextTests.promtool != nil, "needs promtool (Debian package prometheus); .ci/run installs it"),
          arguments: protocolScenarios)
    func test_promtoolAcceptsEachProtocolsMetrics(name: String) throws {
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name).json5")
        let text = try Laboratory(scenario: scenario).run().metricsText
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(name)-\(getpid()).prom")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try LabBinary.execute("/bin/sh", ["-c", "\(MetricsTextTests.promtool!) check metrics < \(file.path)"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
    }
}
