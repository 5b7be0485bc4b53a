import Foundation

/// One exchange between the router and a cluster (an attempt), or a request refused before any
/// attempt (`cluster` nil).
public struct ExchangeRecord: Sendable {
    public var requestID: Int64
    public var attempt: Int
    public var route: Int
    public var template: Int
    /// The id that filled the template's placeholders.
    public var parameter: Int64
    public var arrivedAt: Int64
    public var sentAt: Int64?
    public var answeredAt: Int64
    public var cluster: Int?
    public var status: Int
    public var outcome: Int
    public var chaosWindow: Int?
    /// Whether this answer became the client's answer.
    public var final: Bool
    /// The status on the wire: gRPC answers 200 with the outcome in its trailers, GraphQL 200 with errors inside.
    public var wireStatus: Int
    /// The gRPC status code; the number of errors in a GraphQL answer; nil otherwise.
    public var protocolStatus: Int?
    /// The row of `bodies` holding the response body, if it has one.
    public var bodyID: Int64?

    /// Inlinable: the recorder builds one per exchange from another module, and a call per row buys nothing.
    @inlinable
    public init(requestID: Int64, attempt: Int, route: Int, template: Int, parameter: Int64, arrivedAt: Int64, sentAt: Int64?,
                answeredAt: Int64, cluster: Int?, status: Int, outcome: Int, chaosWindow: Int?, final: Bool,
                wireStatus: Int? = nil, protocolStatus: Int? = nil, bodyID: Int64? = nil) {
        self.requestID = requestID
        self.attempt = attempt
        self.route = route
        self.template = template
        self.parameter = parameter
        self.arrivedAt = arrivedAt
        self.sentAt = sentAt
        self.answeredAt = answeredAt
        self.cluster = cluster
        self.status = status
        self.outcome = outcome
        self.chaosWindow = chaosWindow
        self.final = final
        self.wireStatus = wireStatus ?? status
        self.protocolStatus = protocolStatus
        self.bodyID = bodyID
    }
}

/// The names a recording refers to by id: what the integer columns mean.
public struct RecordingCatalog: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var clusters: [String]
    public var routes: [(name: String, pattern: String)]
    public var templates: [TemplateEntry]
    public var outcomes: [String]
    /// Each window's name, the cluster it strikes (-1 for a route's window) and its fault's kind.
    public var chaosWindows: [(name: String, target: Int, kind: String)]
    /// Per window, when set: its scope (`cluster`, `route`, `backend`), the route a route's window
    /// strikes, the backend a backend's strikes. Windows beyond the list are `cluster` windows.
    public var chaosScopes: [(scope: String, route: Int?, backend: Int?)] = []

    public init(scenario: String, seed: UInt64, clusters: [String], routes: [(name: String, pattern: String)],
                templates: [TemplateEntry], outcomes: [String],
                chaosWindows: [(name: String, target: Int, kind: String)]) {
        self.scenario = scenario
        self.seed = seed
        self.clusters = clusters
        self.routes = routes
        self.templates = templates
        self.outcomes = outcomes
        self.chaosWindows = chaosWindows
    }
}

/// A response body as the recording stores it.
public enum Body: Sendable, Hashable {
    case text(String)
    case bytes([UInt8])
}

/// A request template as the recording names it.
public struct TemplateEntry: Sendable {
    public var traffic: String
    public var protocolName: String
    public var operation: String
    public var method: String
    public var path: String
    /// The request body with `RecordingSchema.parameterMark` where the parameter goes; nil when there is none.
    public var requestFill: String?

    public init(traffic: String, protocolName: String = "http", operation: String, method: String, path: String, requestFill: String? = nil) {
        self.traffic = traffic
        self.protocolName = protocolName
        self.operation = operation
        self.method = method
        self.path = path
        self.requestFill = requestFill
    }
}

/// Writes a recording: the catalog first, rows in large transactions (WAL), indexes and the
/// run's fingerprint at the end. No indexes:
/// building them costs more than writing the rows (Docs/RECORDING.md shows the ones worth adding). A recording whose `complete` flag is 0 was cut short.
public final class RecordingWriter {
    public let path: String
    private let database: SQLiteDatabase
    private let insertExchange: SQLiteStatement
    private let insertBreaker: SQLiteStatement
    private let insertOperation: SQLiteStatement
    private let insertChaos: SQLiteStatement
    private let insertMode: SQLiteStatement
    private let insertEjection: SQLiteStatement
    private let insertBody: SQLiteStatement
    private let insertMessage: SQLiteStatement
    private let insertSession: SQLiteStatement
    // Counters touched once per row: unchecked, since the writer is used from one thread at a
    // time (its owner's), the dynamic exclusivity checks would only add a runtime call per row.
    @exclusivity(unchecked) private var nextBodyID: Int64 = 1
    @exclusivity(unchecked) private var rowsInTransaction = 0
    @exclusivity(unchecked) public private(set) var rowsWritten = 0
    /// Rows per transaction: large enough that commits cost little, small enough to bound the WAL.
    public static let rowsPerTransaction = 100_000
    /// The connection's settings: a new file in WAL with large pages, no syncs (a recording is
    /// rewritten rather than recovered), this process alone, a 64 MiB page cache.
    /// `.ci/bench-sqlite` runs its C ceiling with exactly these.
    public static let pragmas = "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-65536;"
    /// The statement every exchange row goes through (`.ci/bench-sqlite` uses it too).
    public static let insertExchangeSQL = """
        INSERT INTO exchanges(request_id, attempt, route_id, template_id, parameter, arrived_ns, sent_ns, answered_ns,
                              cluster_id, status, outcome_id, chaos_window_id, final, wire_status, protocol_status, body_id)
        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
        """

    /// Creates the recording at `path`, replacing an earlier lab recording there (never another kind of file).
    public init(path: String, catalog: RecordingCatalog) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        if FileManager.default.fileExists(atPath: path) {
            guard Self.isLabRecording(path) else {
                throw SQLiteError(code: 0, message: "\(path) exists and is not a lab recording that can be opened (another file, or a recording still in use); refusing to overwrite it", sql: nil)
            }
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.removeItem(atPath: path + suffix)
            }
        }
        database = try SQLiteDatabase(path: path)
        try database.execute(Self.pragmas)
        // journal_mode and locking_mode answer with the mode they kept instead of failing.
        try database.require(pragma: "journal_mode", answers: "wal")
        try database.require(pragma: "locking_mode", answers: "exclusive")
        try database.execute(RecordingSchema.tables)
        try database.require(pragma: "page_size", answers: "16384")
        insertExchange = try database.prepare(Self.insertExchangeSQL)
        insertBody = try database.prepare("INSERT INTO bodies(id, content) VALUES (?,?)")
        insertMessage = try database.prepare("INSERT INTO ws_messages(request_id, cluster_id, at_ns, direction, kind, text) VALUES (?,?,?,?,?,?)")
        insertSession = try database.prepare("INSERT INTO ws_sessions(request_id, cluster_id, closed_ns, code, closed_by, length_ns) VALUES (?,?,?,?,?,?)")
        insertBreaker = try database.prepare("INSERT INTO breaker_events(at_ns, cluster_id, from_state, to_state) VALUES (?,?,?,?)")
        insertOperation = try database.prepare("INSERT INTO breaker_operations(at_ns, cluster_id, operation, wait_ns, refused) VALUES (?,?,?,?,?)")
        insertChaos = try database.prepare("INSERT INTO chaos_events(at_ns, window_id, phase) VALUES (?,?,?)")
        insertMode = try database.prepare("INSERT INTO mode_switches(at_ns, cluster_id, mode, entry, preset) VALUES (?,?,?,?,?)")
        insertEjection = try database.prepare(
            "INSERT INTO backend_ejections(at_ns, cluster_id, backend, event, reason, ejections, until_ns) VALUES (?,?,?,?,?,?,?)")
        try writeCatalog(catalog)
        try database.execute("BEGIN")
    }

    /// Whether `path` holds a lab recording (it has the `lab_recording` table).
    public static func isLabRecording(_ path: String) -> Bool {
        guard let db = try? SQLiteDatabase(path: path, readOnly: true),
              let rows = try? db.rows("SELECT count(*) FROM sqlite_master WHERE name = 'lab_recording'") else { return false }
        return rows.first?.first == "1"
    }

    private func writeCatalog(_ c: RecordingCatalog) throws {
        try database.transaction {
            let run = try database.prepare("INSERT INTO lab_recording(schema_version, scenario, seed) VALUES (?,?,?)")
            try run.bind(1, Int64(RecordingSchema.version)); try run.bind(2, c.scenario); try run.bind(3, Int64(bitPattern: c.seed))
            try run.run()
            let cluster = try database.prepare("INSERT INTO clusters(id, name) VALUES (?,?)")
            for (i, name) in c.clusters.enumerated() { try cluster.bind(1, Int64(i)); try cluster.bind(2, name); try cluster.run() }
            let route = try database.prepare("INSERT INTO routes(id, name, pattern) VALUES (?,?,?)")
            for (i, r) in c.routes.enumerated() { try route.bind(1, Int64(i)); try route.bind(2, r.name); try route.bind(3, r.pattern); try route.run() }
            let template = try database.prepare("INSERT INTO templates(id, traffic, protocol, operation, method, path, fill, request_fill) VALUES (?,?,?,?,?,?,?,?)")
            for (i, t) in c.templates.enumerated() {
                try template.bind(1, Int64(i)); try template.bind(2, t.traffic); try template.bind(3, t.protocolName); try template.bind(4, t.operation)
                try template.bind(5, t.method); try template.bind(6, t.path); try template.bind(7, Self.fillPattern(t.path))
                if let fill = t.requestFill { try template.bind(8, fill) } else { try template.bindNull(8) }
                try template.run()
            }
            let outcome = try database.prepare("INSERT INTO outcomes(id, name) VALUES (?,?)")
            for (i, name) in c.outcomes.enumerated() { try outcome.bind(1, Int64(i)); try outcome.bind(2, name); try outcome.run() }
            let window = try database.prepare("INSERT INTO chaos_windows(id, name, target_id, kind, scope, route_id, backend) VALUES (?,?,?,?,?,?,?)")
            for (i, w) in c.chaosWindows.enumerated() {
                try window.bind(1, Int64(i)); try window.bind(2, w.name); try window.bind(4, w.kind)
                if w.target >= 0 { try window.bind(3, Int64(w.target)) } else { try window.bindNull(3) }
                let scope = i < c.chaosScopes.count ? c.chaosScopes[i] : (scope: "cluster", route: nil, backend: nil)
                try window.bind(5, scope.scope)
                if let route = scope.route { try window.bind(6, Int64(route)) } else { try window.bindNull(6) }
                if let backend = scope.backend { try window.bind(7, Int64(backend)) } else { try window.bindNull(7) }
                try window.run()
            }
        }
    }

    /// The template with every `{name}` written `{}`, which the view replaces with the parameter.
    static func fillPattern(_ template: String) -> String {
        var out = ""
        var inside = false
        for ch in template {
            if ch == "{" { inside = true; out += "{}" } else if ch == "}" && inside { inside = false } else if !inside { out.append(ch) }
        }
        return out
    }

    @inline(__always)
    public func write(_ e: ExchangeRecord) throws(SQLiteError) {
        let s = insertExchange
        try s.bind(1, e.requestID)
        try s.bind(2, Int64(e.attempt))
        try s.bind(3, Int64(e.route))
        try s.bind(4, Int64(e.template))
        try s.bind(5, e.parameter)
        try s.bind(6, e.arrivedAt)
        if let sent = e.sentAt { try s.bind(7, sent) } else { try s.bindNull(7) }
        try s.bind(8, e.answeredAt)
        if let cluster = e.cluster { try s.bind(9, Int64(cluster)) } else { try s.bindNull(9) }
        try s.bind(10, Int64(e.status))
        try s.bind(11, Int64(e.outcome))
        if let window = e.chaosWindow { try s.bind(12, Int64(window)) } else { try s.bindNull(12) }
        try s.bind(13, Int64(e.final ? 1 : 0))
        try s.bind(14, Int64(e.wireStatus))
        if let code = e.protocolStatus { try s.bind(15, Int64(code)) } else { try s.bindNull(15) }
        if let body = e.bodyID { try s.bind(16, body) } else { try s.bindNull(16) }
        try s.run()
        try counted()
    }

    /// Stores a response body (text as TEXT, binary gRPC frames as a BLOB) and returns its id
    /// for `ExchangeRecord.bodyID`.
    public func writeBody(_ content: Body) throws(SQLiteError) -> Int64 {
        let id = nextBodyID
        nextBodyID += 1
        try insertBody.bind(1, id)
        switch content {
        case .text(let text): try insertBody.bind(2, text)
        case .bytes(let bytes): try insertBody.bind(2, blob: bytes)
        }
        try insertBody.run()
        try counted()
        return id
    }

    /// One WebSocket message of a session (`direction` "in" from the client, "out" from the server).
    public func writeWebSocketMessage(request: Int64, cluster: Int, at time: Int64, direction: String, kind: String, text: String) throws(SQLiteError) {
        let s = insertMessage
        try s.bind(1, request); try s.bind(2, Int64(cluster)); try s.bind(3, time); try s.bind(4, direction); try s.bind(5, kind); try s.bind(6, text)
        try s.run()
        try counted()
    }

    /// The end of a WebSocket session.
    public func writeWebSocketSession(request: Int64, cluster: Int, closedAt time: Int64, code: Int, closedBy: String, length: Int64) throws(SQLiteError) {
        let s = insertSession
        try s.bind(1, request); try s.bind(2, Int64(cluster)); try s.bind(3, time); try s.bind(4, Int64(code)); try s.bind(5, closedBy); try s.bind(6, length)
        try s.run()
        try counted()
    }

    public func writeBreakerTransition(at time: Int64, cluster: Int, from: String, to: String) throws(SQLiteError) {
        try insertBreaker.bind(1, time); try insertBreaker.bind(2, Int64(cluster)); try insertBreaker.bind(3, from); try insertBreaker.bind(4, to)
        try insertBreaker.run()
        try counted()
    }

    /// An operation on a breaker (`wait` for transition_to_open_for), and why it was refused, if it was.
    public func writeBreakerOperation(at time: Int64, cluster: Int, operation: String, wait: Int64?, refused: String?) throws(SQLiteError) {
        try insertOperation.bind(1, time); try insertOperation.bind(2, Int64(cluster)); try insertOperation.bind(3, operation)
        if let wait { try insertOperation.bind(4, wait) } else { try insertOperation.bindNull(4) }
        if let refused { try insertOperation.bind(5, refused) } else { try insertOperation.bindNull(5) }
        try insertOperation.run()
        try counted()
    }

    public func writeChaos(at time: Int64, window: Int, phase: String) throws(SQLiteError) {
        try insertChaos.bind(1, time); try insertChaos.bind(2, Int64(window)); try insertChaos.bind(3, phase)
        try insertChaos.run()
        try counted()
    }

    /// A mode switch of the lab (`cluster` nil) or one cluster; `entry` is the scenario's `modes`
    /// entry (nil: an API call), `preset` the preset it named.
    public func writeModeSwitch(at time: Int64, cluster: Int?, mode: String, entry: Int?, preset: String?) throws(SQLiteError) {
        try insertMode.bind(1, time)
        if let cluster { try insertMode.bind(2, Int64(cluster)) } else { try insertMode.bindNull(2) }
        try insertMode.bind(3, mode)
        if let entry { try insertMode.bind(4, Int64(entry)) } else { try insertMode.bindNull(4) }
        if let preset { try insertMode.bind(5, preset) } else { try insertMode.bindNull(5) }
        try insertMode.run()
        try counted()
    }

    /// A backend's ejection by its cluster's outlier detection (`reason`, the `ejections` so far,
    /// ejected `until`), or its return (`event` "returned", the rest nil).
    public func writeBackendEjection(at time: Int64, cluster: Int, backend: Int, event: String, reason: String?,
                                     ejections: Int?, until: Int64?) throws(SQLiteError) {
        try insertEjection.bind(1, time); try insertEjection.bind(2, Int64(cluster)); try insertEjection.bind(3, Int64(backend))
        try insertEjection.bind(4, event)
        if let reason { try insertEjection.bind(5, reason) } else { try insertEjection.bindNull(5) }
        if let ejections { try insertEjection.bind(6, Int64(ejections)) } else { try insertEjection.bindNull(6) }
        if let until { try insertEjection.bind(7, until) } else { try insertEjection.bindNull(7) }
        try insertEjection.run()
        try counted()
    }

    @inline(__always)
    private func counted() throws(SQLiteError) {
        rowsWritten += 1
        rowsInTransaction += 1
        if rowsInTransaction >= Self.rowsPerTransaction {
            try database.execute("COMMIT; BEGIN")
            rowsInTransaction = 0
        }
    }

    /// Commits the rows without the run's fingerprint: the recording stays marked incomplete.
    public func finishIncomplete() throws(SQLiteError) {
        try database.execute("COMMIT")
        try database.checkpoint()
    }

    /// Commits the rows, stamps the run's fingerprint and marks the recording complete.
    public func finish(virtualNanoseconds: Int64, traceHash: String, events: Int) throws(SQLiteError) {
        try database.execute("COMMIT")
        let stamp = try database.prepare("UPDATE lab_recording SET virtual_ns = ?, trace_hash = ?, events = ?, complete = 1")
        try stamp.bind(1, virtualNanoseconds); try stamp.bind(2, traceHash); try stamp.bind(3, Int64(events))
        try stamp.run()
        try database.checkpoint()
    }
}
