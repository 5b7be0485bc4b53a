import Foundation
import Testing
@testable import Recorder

@Suite struct SQLiteTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lab-sqlite-\(UUID().uuidString).sqlite").path
    }

    @Test func test_errorsCarryTheCodeMessageAndStatement() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        do {
            try db.execute("SELECT * FROM missing_table")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == 1)
            #expect(error.message.contains("no such table"))
            #expect(error.sql == "SELECT * FROM missing_table")
        }
    }

    @Test func test_transactionRollsBackWhenItsBodyThrows() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t(x INTEGER)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Abort()
            }
        }
        #expect(try db.rows("SELECT count(*) FROM t") == [["0"]])
        try db.transaction { try db.execute("INSERT INTO t VALUES (2)") }
        #expect(try db.rows("SELECT x FROM t") == [["2"]])
    }

    @Test func test_preparedStatementBindsEveryType() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t(i INTEGER, d REAL, s TEXT, n INTEGER)")
        let insert = try db.prepare("INSERT INTO t VALUES (?,?,?,?)")
        try insert.bind(1, Int64.max); try insert.bind(2, 0.5); try insert.bind(3, "é ' \" ;"); try insert.bindNull(4)
        try insert.run()
        #expect(try db.rows("SELECT i, d, s, n FROM t") == [[String(Int64.max), "0.5", "é ' \" ;", nil]])
    }

    @Test func test_fillPatternMarksEveryPlaceholder() {
        #expect(RecordingWriter.fillPattern("/users/{user}/orders/{id}") == "/users/{}/orders/{}")
        #expect(RecordingWriter.fillPattern("/plain") == "/plain")
    }

    @Test func test_writerRecordsAndMarksCompletion() throws {
        let path = temporaryPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let catalog = RecordingCatalog(scenario: "s", seed: 9, clusters: ["a"], routes: [("r", "/*")],
                                       templates: [TemplateEntry(traffic: "t", operation: "GET /x/{id}", method: "GET", path: "/x/{id}")], outcomes: ["ok"], chaosWindows: [])
        do {
            let writer = try RecordingWriter(path: path, catalog: catalog)
            try writer.write(ExchangeRecord(requestID: 0, attempt: 0, route: 0, template: 0, parameter: 42, arrivedAt: 1, sentAt: 1,
                                            answeredAt: 11, cluster: 0, status: 200, outcome: 0, chaosWindow: nil, final: true))
            try writer.finishIncomplete()
        }
        let db = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try db.rows("SELECT path, cluster, status, latency_ms FROM exchange_view") == [["/x/42", "a", "200", "1.0e-05"]])
        #expect(try db.rows("SELECT complete, seed FROM lab_recording") == [["0", "9"]])
        #expect(RecordingWriter.isLabRecording(path))
        // A second recording replaces the first.
        do {
            let writer = try RecordingWriter(path: path, catalog: catalog)
            try writer.finish(virtualNanoseconds: 5, traceHash: "abc", events: 0)
        }
        let again = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try again.rows("SELECT count(*) FROM exchanges") == [["0"]])
        #expect(try again.rows("SELECT complete, trace_hash FROM lab_recording") == [["1", "abc"]])
    }
}
