import CSQLite

/// A prepared statement with typed, 1-based bindings; reused across rows on the hot path.
///
/// Every bind is checked: a bind SQLite refuses (an index out of range, a statement still
/// running, a value too big) throws at once, naming the parameter, SQLite's code and message, and
/// the statement. Checking costs one predictable compare per bind (the error is built out of
/// line), the same as recording the first failure and throwing at `run()`, and it reports the
/// failure where it happened instead of one call later.
public final class SQLiteStatement {
    private let database: SQLiteDatabase
    private let statement: OpaquePointer
    public let sql: String
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        var rest = ""
        let rc = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(database.handle, text, -1, &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw database.lastError(rc, sql: sql) }
        guard let statement else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "no statement to prepare (the SQL is empty or only comments)", sql: sql)
        }
        guard Self.isBlank(rest) else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: SQLITE_MISUSE, message: "more than one statement: a prepared statement runs only the first, and would drop \"\(rest.prefix(60))\"", sql: sql)
        }
        self.database = database
        self.statement = statement
        self.sql = sql
    }

    /// SQL that is only whitespace, `-- comments` and semicolons, which SQLite prepares as nothing.
    private static func isBlank(_ text: String) -> Bool {
        var remaining = Substring(text)
        while let first = remaining.first {
            if first.isWhitespace || first == ";" {
                remaining.removeFirst()
            } else if remaining.hasPrefix("--") {
                remaining = remaining.drop { $0 != "\n" }
            } else {
                return false
            }
        }
        return true
    }

    // Finalizing repeats the code of the last failed step, which `run()`/`step()` already threw;
    // a statement is always finalized, so there is nothing left to report here.
    deinit { _ = sqlite3_finalize(statement) }

    /// How many `?` parameters the statement has.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(statement) }

    @inline(__always)
    public func bind(_ index: Int32, _ value: Int64) throws(SQLiteError) {
        let rc = sqlite3_bind_int64(statement, index, value)
        if rc != SQLITE_OK { throw bindFailure(rc, index) }
    }

    @inline(__always)
    public func bind(_ index: Int32, _ value: Double) throws(SQLiteError) {
        let rc = sqlite3_bind_double(statement, index, value)
        if rc != SQLITE_OK { throw bindFailure(rc, index) }
    }

    @inline(__always)
    public func bind(_ index: Int32, _ value: String) throws(SQLiteError) {
        let rc = sqlite3_bind_text(statement, index, value, -1, Self.transient)
        if rc != SQLITE_OK { throw bindFailure(rc, index) }
    }

    @inline(__always)
    public func bindNull(_ index: Int32) throws(SQLiteError) {
        let rc = sqlite3_bind_null(statement, index)
        if rc != SQLITE_OK { throw bindFailure(rc, index) }
    }

    /// Binds bytes as a BLOB (copied by SQLite).
    public func bind(_ index: Int32, blob: [UInt8]) throws(SQLiteError) {
        let rc = blob.withUnsafeBytes { raw in
            // An empty array has no base address, which SQLite would bind as NULL: empty bytes are still a BLOB.
            guard let base = raw.baseAddress else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return sqlite3_bind_blob64(statement, index, base, sqlite3_uint64(raw.count), Self.transient)
        }
        if rc != SQLITE_OK { throw bindFailure(rc, index) }
    }

    /// Built out of line so the checked binds stay small on the hot path.
    @inline(never)
    private func bindFailure(_ code: Int32, _ index: Int32) -> SQLiteError {
        let failure = database.lastError(code, sql: sql)
        return SQLiteError(code: code, message: "\(failure.message) (binding parameter \(index) of \(parameterCount))", sql: sql)
    }

    /// Executes a statement that returns no rows, then resets it for the next use.
    @inline(__always)
    public func run() throws(SQLiteError) {
        let rc = sqlite3_step(statement)
        if rc != SQLITE_DONE { throw stepFailure(rc) }
        // After SQLITE_DONE a reset has nothing to report unless SQLite itself misbehaves.
        let reset = sqlite3_reset(statement)
        if reset != SQLITE_OK { throw database.lastError(reset, sql: sql) }
    }

    /// Reads the failure before resetting the statement (the reset repeats it), so the statement
    /// is ready for the next row even after a failed one.
    @inline(never)
    private func stepFailure(_ code: Int32) -> SQLiteError {
        let failure = code == SQLITE_ROW
            ? SQLiteError(code: code, message: "the statement returned a row; run() is for statements without rows (use step())", sql: sql)
            : database.lastError(code, sql: sql)
        _ = sqlite3_reset(statement)
        return failure
    }

    /// Advances to the next row; false when there are no more.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.lastError(rc, sql: sql)
    }

    public var columnCount: Int32 { sqlite3_column_count(statement) }

    /// A column as text; nil for NULL. Throws when SQLite cannot produce the text (out of memory).
    public func text(_ column: Int32) throws(SQLiteError) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return nil }
        guard let text = sqlite3_column_text(statement, column) else { throw database.lastError(SQLITE_NOMEM, sql: sql) }
        return String(cString: text)
    }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// A column's bytes (a BLOB, or text as UTF-8); empty for NULL and for an empty value.
    /// Throws when SQLite cannot produce them (out of memory).
    public func bytes(_ column: Int32) throws(SQLiteError) -> [UInt8] {
        let pointer = sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0 else { return [] }
        guard let pointer else { throw database.lastError(SQLITE_NOMEM, sql: sql) }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
