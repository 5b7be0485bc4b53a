import Foundation
import Testing
import Actors
import Recorder
import Scenarios

/// The SQLite flight recording: complete, consistent with the run, and readable by the sqlite3 CLI.
@Suite struct RecordingTests {
    static let sqlite3 = LabBinary.which("sqlite3")

    func record(_ name: String, seed: UInt64 = 3) throws -> (RunResult, String) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-\(name)-\(getpid())-\(UUID().uuidString).sqlite").path
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name).json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: seed, recordingPath: path))
        return (result, path)
    }

    @Test func test_recordingHoldsEveryExchangeAndTransition() throws {
        let (result, path) = try record("quickstart")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(result.recording?.error == nil)
        let db = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try db.rows("SELECT count(*) FROM exchanges WHERE final = 1") == [[String(result.summary.completed)]])
        #expect(try db.rows("SELECT count(*) FROM breaker_events") == [[String(result.summary.transitions.count)]])
        #expect(try db.rows("SELECT complete, trace_hash FROM lab_recording") == [["1", result.traceHash]])
        for (i, name) in result.clusterNames.enumerated() {
            let answered = result.summary.clusters[i].statuses.reduce(0) { $0 + $1.count }
            let rows = try db.rows("SELECT count(*) FROM exchanges WHERE cluster_id = \(i)")
            #expect(rows == [[String(answered)]], "cluster \(name)")
        }
        let ok = try db.rows("SELECT count(*) FROM exchanges WHERE final = 1 AND status < 500")
        #expect(ok == [[String(result.summary.ok)]])
        // Bodies are us-east's template filled from each request's path (eu-west has none); errors carry the error body.
        let bodies = try db.rows("""
            SELECT sum(response_body = '{"order": "' || substr(path, 13) || '", "region": "' || cluster || '"}'), count(*)
            FROM exchange_view WHERE status = 200 AND path LIKE '/api/orders/%' AND cluster = 'us-east'
            """)
        #expect(bodies.first?.first == bodies.first?.last && bodies.first?.last != "0")
        #expect(try db.rows("SELECT DISTINCT response_body FROM exchange_view WHERE status = 503 AND cluster IS NOT NULL")
            == [["{\"error\":{\"code\":\"503\",\"message\":\"Service Unavailable\"}}"]])
    }

    @Test func test_shortRunsAreRecordedWholeEveryTime() throws {
        // A recorder that finishes before the run's fingerprint is known must still commit, and
        // the fingerprint must be known before its stream ends (a race caught by CI once).
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/quickstart.json5")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-short-\(getpid()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for seed in 1...10 as ClosedRange<UInt64> {
            let result = try Laboratory(scenario: scenario).run(RunOptions(seed: seed, duration: .milliseconds(200), recordingPath: path))
            let db = try SQLiteDatabase(path: path, readOnly: true)
            #expect(try db.rows("SELECT complete, trace_hash FROM lab_recording") == [["1", result.traceHash]])
            #expect(try db.rows("SELECT count(*) FROM exchanges WHERE final = 1") == [[String(result.summary.completed)]])
        }
    }

    @Test func test_sameSeedGivesTheSameRows() throws {
        let (_, first) = try record("timeouts-and-hangs")
        let firstRows = try SQLiteDatabase(path: first, readOnly: true).rows("SELECT * FROM exchanges ORDER BY id")
        try FileManager.default.removeItem(atPath: first)
        let (_, second) = try record("timeouts-and-hangs")
        defer { try? FileManager.default.removeItem(atPath: second) }
        #expect(try SQLiteDatabase(path: second, readOnly: true).rows("SELECT * FROM exchanges ORDER BY id") == firstRows)
    }

    @Test(.enabled(if: sqlite3 != nil, "needs the sqlite3 CLI (Debian package sqlite3); .ci/run installs it"))
    func test_sqlite3CommandLineReadsTheRecording() throws {
        let (result, path) = try record("quickstart")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try LabBinary.execute(Self.sqlite3!, [path, "PRAGMA integrity_check; SELECT count(*) FROM exchange_view WHERE final = 1; SELECT path FROM exchange_view WHERE route = 'orders' LIMIT 1;"])
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "ok")
        #expect(lines.dropFirst().first == String(result.summary.completed))
        #expect(lines.last?.hasPrefix("/api/orders/") == true)
    }

    @Test func test_refusesToOverwriteAFileThatIsNotARecording() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-notes-\(getpid()).txt").path
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/quickstart.json5")
        #expect(throws: LabError.self) { try Laboratory(scenario: scenario).run(RunOptions(recordingPath: path)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }
}
