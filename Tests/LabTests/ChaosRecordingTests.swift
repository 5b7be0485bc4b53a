import Foundation
import Testing
import Actors
import Recorder
import Scenarios

/// What chaos and modes leave in the recording (schema 4): each window's scope, every mode switch
/// with the entry and preset behind it, and the answers as a client saw them — a `limit_data` cut
/// body, a gRPC fault's status and message, a GraphQL fault's failed field.
@Suite struct ChaosRecordingTests {
    func record(_ text: String) throws -> (SQLiteDatabase, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-chaos-\(getpid())-\(UUID().uuidString).sqlite").path
        let result = try Laboratory(scenario: try ScenarioLoader.decode(text)).run(RunOptions(recordingPath: path))
        #expect(result.recording?.error == nil)
        return (try SQLiteDatabase(path: path, readOnly: true), path)
    }

    @Test func test_windowsScopesAndModeSwitchesAreRecorded() throws {
        let (db, path) = try record("""
            { name: "m", duration: "4s",
              clusters: [ { name: "a", backends: 2, latency: { dist: "constant", value: "5ms" }, response: { body: "0123456789abcdef" } },
                          { name: "b", latency: { dist: "constant", value: "5ms" } } ],
              routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a"], timeout: "1s" },
                        { name: "other", match: { path: "/b/*" }, clusters: ["b"], timeout: "1s" } ],
              traffic: [ { rate: 20, arrival: "constant", mix: [ { http: { path: "/api/{id}" } }, { http: { path: "/b/{id}" } } ] } ],
              chaos: [ { name: "cut", target: "a", fault: { kind: "limit_data", bytes: 4 } },
                       { name: "slow", route: "other", at: "1s", for: "1s", fault: { kind: "latency", delay: "1ms" } },
                       { name: "one", target: "a", backend: 1, fault: { kind: "down" } } ],
              modes: [ { at: "1s", preset: "staging" }, { at: "2s", mode: "error", errorRate: 0.5, cluster: "b" }, { at: "3s", mode: "healthy" } ] }
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try db.rows("SELECT schema_version FROM lab_recording") == [[String(RecordingSchema.version)]])
        #expect(RecordingSchema.version == 5)
        #expect(try db.rows("SELECT name, target_id, kind, scope, route_id, backend FROM chaos_windows ORDER BY id") == [
            ["cut", "0", "limit_data", "cluster", nil, nil],
            ["slow", nil, "latency", "route", "1", nil],
            ["one", "0", "down", "backend", nil, "1"],
        ])
        #expect(try db.rows("SELECT at_ns, cluster_id, mode, entry, preset FROM mode_switches ORDER BY id") == [
            ["1000000000", nil, "degraded", "0", "staging"],
            ["2000000000", "1", "error", "1", nil],
            ["3000000000", nil, "healthy", "2", nil],
        ])
        // The healthy 16-byte body, cut after 4 bytes; the status stays 200.
        let cut = try db.rows("SELECT DISTINCT status, wire_status, length(response_body), response_body FROM exchange_view WHERE outcome = 'truncated'")
        #expect(cut == [["200", "200", "4", "0123"]])
    }

    @Test func test_aBackendsCutIsRecordedThoughItsRowsNameNoWindow() throws {
        let (db, path) = try record("""
            { name: "b", duration: "1s",
              clusters: [ { name: "a", backends: 2, latency: { dist: "constant", value: "5ms" }, response: { body: "0123456789abcdef" } } ],
              routes: [ { name: "api", match: { path: "/api/*" }, clusters: ["a"] } ],
              traffic: [ { rate: 10, arrival: "constant", mix: [ { http: { path: "/api/{id}" } } ] } ],
              chaos: [ { name: "slow", target: "a", fault: { kind: "latency", delay: "1ms" } },
                       { name: "cut", target: "a", backend: 0, fault: { kind: "limit_data", bytes: 6 } } ] }
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try db.rows("SELECT DISTINCT chaos_window, outcome, status, response_body FROM exchange_view") == [["slow", "truncated", "200", "012345"]])
    }

    @Test func test_grpcAndGraphQLFaultsShapeTheRecordedAnswers() throws {
        let (grpc, grpcPath) = try record("""
            { name: "g", duration: "1s",
              clusters: [ { name: "rpc", protocol: "grpc", latency: { dist: "constant", value: "5ms" }, grpc: { methods: [ { method: "/s.S/M" } ] } } ],
              routes: [ { name: "r", match: { path: "/s.S/*" }, clusters: ["rpc"] } ],
              traffic: [ { rate: 10, arrival: "constant", mix: [ { grpc: { method: "/s.S/M" } } ] } ],
              chaos: [ { name: "gone", target: "rpc", fault: { kind: "grpc", grpc: { code: "NOT_FOUND", message: "no such item" } } } ] }
            """)
        defer { try? FileManager.default.removeItem(atPath: grpcPath) }
        #expect(try grpc.rows("SELECT DISTINCT status, wire_status, protocol_status, outcome FROM exchange_view") == [["404", "200", "5", "chaos"]])
        let body = try #require(try grpc.rows("SELECT hex(response_body) FROM exchange_view LIMIT 1").first?.first ?? nil)
        #expect(body.contains(Array("no%20such%20item".utf8).map { String(format: "%02X", $0) }.joined())
                || body.contains(Array("no such item".utf8).map { String(format: "%02X", $0) }.joined()))

        let (graphql, graphqlPath) = try record("""
            { name: "q", duration: "1s",
              clusters: [ { name: "api", protocol: "graphql", latency: { dist: "constant", value: "5ms" },
                            graphql: { schema: { Query: { user: { type: "User", args: { id: "ID!" } } },
                                                 User: { id: "ID!", name: "String", friends: { type: "[User!]", size: 2 } } } } } ],
              routes: [ { name: "r", match: { path: "/graphql" }, clusters: ["api"] } ],
              traffic: [ { rate: 10, arrival: "constant", mix: [ { graphql: { query: "{ user(id: 1) { name friends { name } } }" } } ] } ],
              chaos: [ { name: "partial", target: "api", fault: { kind: "graphql", graphql: { fields: ["User.friends"], message: "friends are away" } } } ] }
            """)
        defer { try? FileManager.default.removeItem(atPath: graphqlPath) }
        let rows = try graphql.rows("SELECT DISTINCT status, wire_status, protocol_status, outcome, response_body FROM exchange_view")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(Array(row.prefix(4)) == ["200", "200", "1", "chaos"])
        let text = try #require(row[4])
        #expect(text.contains("friends are away") && text.contains("\"friends\":null") && text.contains("\"name\":"))
    }
}
