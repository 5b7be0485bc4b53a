import CSQLite

/// A prepared statement with typed, 1-based bindings; reused across rows on the hot path.
public final class SQLiteStatement {
    private let database: SQLiteDatabase
    private let statement: OpaquePointer
    public let sql: String
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(database: SQLiteDatabase, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw database.lastError(rc, sql: sql) }
        self.database = database
        self.statement = statement
        self.sql = sql
    }

    deinit { sqlite3_finalize(statement) }

    @inline(__always)
    public func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(statement, index, value) }

    @inline(__always)
    public func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(statement, index, value) }

    @inline(__always)
    public func bind(_ index: Int32, _ value: String) { sqlite3_bind_text(statement, index, value, -1, Self.transient) }

    @inline(__always)
    public func bindNull(_ index: Int32) { sqlite3_bind_null(statement, index) }

    /// Binds bytes as a BLOB (copied by SQLite).
    public func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), Self.transient)
        }
    }

    /// Executes a statement that returns no rows, then resets it for the next use.
    @inline(__always)
    public func run() throws(SQLiteError) {
        let rc = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard rc == SQLITE_DONE else { throw database.lastError(rc, sql: sql) }
    }

    /// Advances to the next row; false when there are no more.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.lastError(rc, sql: sql)
    }

    public var columnCount: Int32 { sqlite3_column_count(statement) }

    public func text(_ column: Int32) -> String? {
        guard sqlite3_column_type(statement, column) != SQLITE_NULL, let text = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: text)
    }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// A column's bytes (a BLOB, or text as UTF-8); empty for NULL.
    public func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
