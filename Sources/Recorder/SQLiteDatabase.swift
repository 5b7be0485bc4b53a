import CSQLite

/// A thin owner of one sqlite3 connection: open, execute, prepare, transactions as closures.
public final class SQLiteDatabase {
    let handle: OpaquePointer

    /// Configured once per process, before SQLite first initialises (a lazy global is run once,
    /// thread-safely): memory statistics off, since they serialise every allocation on a global
    /// mutex. If SQLite was initialised already, its defaults stay.
    private static let configured: Void = { _ = lab_sqlite3_disable_memstatus() }()

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, readOnly: Bool = false) throws(SQLiteError) {
        Self.configured
        var db: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            // The open failed: closing the half-made handle frees it, and its result says nothing more.
            if let db { _ = sqlite3_close(db) }
            throw SQLiteError(code: rc, message: "\(message): \(path)", sql: nil)
        }
        handle = db
    }

    // close_v2 returns SQLITE_OK even while statements are alive (it closes after the last one is
    // finalized); the writer's data is made durable by `checkpoint()` before this, where errors are thrown.
    deinit { _ = sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(error)
            throw SQLiteError(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(database: self, sql: sql)
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            // The body's error is the one to report: SQLite may have rolled back already (after a
            // full disk, say), and then ROLLBACK fails with "no transaction is active".
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Every row of a query, each as its column texts (NULL as nil), for small queries and tests.
    public func rows(_ sql: String) throws(SQLiteError) -> [[String?]] {
        let statement = try prepare(sql)
        var rows: [[String?]] = []
        while try statement.step() {
            var row: [String?] = []
            for column in 0..<statement.columnCount { row.append(try statement.text(column)) }
            rows.append(row)
        }
        return rows
    }

    /// The first column of the first row as bytes (for BLOBs such as gRPC bodies); empty when no row.
    public func blob(_ sql: String) throws(SQLiteError) -> [UInt8] {
        let statement = try prepare(sql)
        return try statement.step() ? statement.bytes(0) : []
    }

    /// Sets a pragma that answers with its new value (`journal_mode`, `locking_mode`) and throws
    /// unless it answers `expected`: SQLite does not fail such a pragma, it keeps the old value and says so.
    public func require(pragma: String, answers expected: String) throws(SQLiteError) {
        let sql = "PRAGMA \(pragma)"
        let answer = try rows(sql).first?.first ?? nil
        guard answer?.lowercased() == expected.lowercased() else {
            throw SQLiteError(code: SQLITE_ERROR, message: "expected the pragma to answer \(expected), it answered \(answer ?? "nothing")", sql: sql)
        }
    }

    /// Copies the write-ahead log into the database file and truncates it. Throws when a reader
    /// blocked the checkpoint: the pragma succeeds then, answering busy = 1, with rows left in the log.
    public func checkpoint() throws(SQLiteError) {
        let sql = "PRAGMA wal_checkpoint(TRUNCATE)"
        let answer = try rows(sql).first ?? []
        guard answer.first == "0" else {
            throw SQLiteError(code: SQLITE_BUSY, message: "the checkpoint was blocked (busy \(answer.first.map { $0 ?? "NULL" } ?? "absent"), log pages \(answer.dropFirst().first.map { $0 ?? "NULL" } ?? "absent")); the rows are still in the -wal file", sql: sql)
        }
    }

    /// The error SQLite recorded for the call that returned `code`. The connection's message
    /// belongs to its last failed call; when that is not the one that returned `code`, the
    /// generic text of `code` is used instead of a stale message.
    func lastError(_ code: Int32, sql: String?) -> SQLiteError {
        let recorded = sqlite3_errcode(handle)
        let message = recorded & 0xFF == code & 0xFF ? String(cString: sqlite3_errmsg(handle)) : String(cString: sqlite3_errstr(code))
        return SQLiteError(code: code, message: message, sql: sql)
    }
}
