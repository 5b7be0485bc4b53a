import Foundation
import Testing
@testable import Recorder

/// Every SQLite call whose result can say something went wrong says it: as an `SQLiteError`
/// carrying SQLite's code, its message and the statement.
@Suite struct SQLiteFailureTests {
    static let insert = "INSERT INTO t(x, y) VALUES (?, ?)"

    func table() throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t(x INTEGER NOT NULL, y TEXT)")
        return db
    }

    func expectFailure(code: Int32, saying phrases: [String], sql: String, _ body: () throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("expected SQLite error \(code)", sourceLocation: sourceLocation)
        } catch let error as SQLiteError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            for phrase in phrases { #expect(error.message.contains(phrase), "\(error)", sourceLocation: sourceLocation) }
            #expect(error.sql == sql, sourceLocation: sourceLocation)
            #expect(error.description.contains(sql), sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected an SQLiteError, got \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func test_bindingParameterZeroThrowsWithTheStatement() throws {
        let statement = try table().prepare(Self.insert)
        expectFailure(code: 25, saying: ["column index out of range", "binding parameter 0 of 2"], sql: Self.insert) {
            try statement.bind(0, Int64(1))
        }
    }

    @Test func test_bindingPastTheLastParameterThrowsForEveryType() throws {
        let statement = try table().prepare(Self.insert)
        let binds: [(String, () throws -> Void)] = [
            ("int", { try statement.bind(3, Int64(1)) }),
            ("double", { try statement.bind(3, 0.5) }),
            ("text", { try statement.bind(3, "three") }),
            ("null", { try statement.bindNull(3) }),
            ("blob", { try statement.bind(3, blob: [1, 2]) }),
            ("empty blob", { try statement.bind(3, blob: []) }),
        ]
        for (_, bind) in binds {
            expectFailure(code: 25, saying: ["column index out of range", "binding parameter 3 of 2"], sql: Self.insert, bind)
        }
    }

    @Test func test_bindingAStatementThatIsStillRunningIsMisuse() throws {
        let db = try table()
        try db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        let sql = "SELECT x FROM t WHERE x > ?"
        let query = try db.prepare(sql)
        try query.bind(1, Int64(0))
        #expect(try query.step())
        expectFailure(code: 21, saying: ["binding parameter 1 of 1"], sql: sql) { try query.bind(1, Int64(5)) }
    }

    @Test func test_aFailedRowThrowsItsConstraintAndLeavesTheStatementReady() throws {
        let db = try table()
        let statement = try db.prepare(Self.insert)
        try statement.bindNull(1); try statement.bind(2, "no x")
        expectFailure(code: 19, saying: ["NOT NULL constraint failed: t.x"], sql: Self.insert) { try statement.run() }
        try statement.bind(1, Int64(7)); try statement.bind(2, "x")
        try statement.run()
        #expect(try db.rows("SELECT x, y FROM t") == [["7", "x"]])
    }

    @Test func test_runningAStatementThatReturnsRowsThrowsAndResetsIt() throws {
        let db = try table()
        let sql = "SELECT 1"
        let statement = try db.prepare(sql)
        expectFailure(code: 100, saying: ["returned a row", "use step()"], sql: sql) { try statement.run() }
        // Reset after the failure: running again fails the same way, not as misuse of a busy statement.
        expectFailure(code: 100, saying: ["returned a row"], sql: sql) { try statement.run() }
    }

    @Test func test_preparingNothingThrowsInsteadOfHandingBackNoStatement() throws {
        let db = try table()
        expectFailure(code: 21, saying: ["no statement"], sql: "  -- only a comment") { _ = try db.prepare("  -- only a comment") }
    }

    @Test func test_preparingTwoStatementsThrowsInsteadOfDroppingTheSecond() throws {
        let db = try table()
        let sql = "INSERT INTO t VALUES (1, 'a'); DELETE FROM t"
        expectFailure(code: 21, saying: ["more than one statement", "DELETE FROM t"], sql: sql) { _ = try db.prepare(sql) }
        // A trailing semicolon, blank lines and comments are no second statement.
        let one = try db.prepare("INSERT INTO t VALUES (1, 'a');\n  -- done\n")
        try one.run()
        #expect(try db.rows("SELECT count(*) FROM t") == [["1"]])
    }

    @Test func test_aPragmaThatKeepsItsOldValueThrows() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.require(pragma: "locking_mode=EXCLUSIVE", answers: "exclusive")
        // An in-memory database cannot use a write-ahead log; SQLite answers "memory" rather than failing.
        expectFailure(code: 1, saying: ["expected the pragma to answer wal", "answered memory"], sql: "PRAGMA journal_mode=WAL") {
            try db.require(pragma: "journal_mode=WAL", answers: "wal")
        }
    }

    @Test func test_aCheckpointBlockedByAReaderThrows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-checkpoint-\(UUID().uuidString).sqlite").path
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let writer = try SQLiteDatabase(path: path)
        try writer.require(pragma: "journal_mode=WAL", answers: "wal")
        try writer.execute("CREATE TABLE t(x INTEGER NOT NULL, y TEXT); INSERT INTO t VALUES (1, 'a')")
        try writer.checkpoint()
        do {
            let reader = try SQLiteDatabase(path: path, readOnly: true)
            let read = try reader.prepare("SELECT x FROM t")
            #expect(try read.step())  // a statement between rows holds its read transaction open
            try writer.execute("INSERT INTO t VALUES (2, 'b')")
            expectFailure(code: 5, saying: ["the checkpoint was blocked"], sql: "PRAGMA wal_checkpoint(TRUNCATE)") { try writer.checkpoint() }
        }
        try writer.checkpoint()
        #expect(try writer.rows("SELECT count(*) FROM t") == [["2"]])
    }

    @Test func test_anEmptyBinaryBodyIsStoredAsAnEmptyBlob() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE bodies(id INTEGER PRIMARY KEY, content BLOB NOT NULL)")
        let insert = try db.prepare("INSERT INTO bodies(id, content) VALUES (?,?)")
        try insert.bind(1, Int64(1)); try insert.bind(2, blob: [])
        try insert.run()
        #expect(try db.rows("SELECT typeof(content), length(content) FROM bodies") == [["blob", "0"]])
    }
}
