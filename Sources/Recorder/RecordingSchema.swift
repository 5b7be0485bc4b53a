/// The flight recorder's tables. Names are interned into small tables and referenced by
/// integer id, which keeps rows narrow and inserts fast; the `exchange_view` view joins them back.
/// Documented in Docs/RECORDING.md; bump `version` when the schema changes.
public enum RecordingSchema {
    /// Stands for the request's parameter in `templates.request_fill` (U+E000, a private-use
    /// character no payload uses); the view replaces it with `exchanges.parameter`.
    public static let parameterMark = "\u{E000}"

    public static let version = 5

    public static let tables = """
    CREATE TABLE lab_recording(schema_version INTEGER NOT NULL, scenario TEXT NOT NULL, seed INTEGER NOT NULL,
        virtual_ns INTEGER, trace_hash TEXT, events INTEGER, complete INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE clusters(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE routes(id INTEGER PRIMARY KEY, name TEXT NOT NULL, pattern TEXT NOT NULL);
    CREATE TABLE templates(id INTEGER PRIMARY KEY, traffic TEXT NOT NULL, protocol TEXT NOT NULL, operation TEXT NOT NULL,
        method TEXT NOT NULL, path TEXT NOT NULL, fill TEXT NOT NULL, request_fill TEXT);
    CREATE TABLE outcomes(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE chaos_windows(id INTEGER PRIMARY KEY, name TEXT NOT NULL, target_id INTEGER, kind TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT 'cluster', route_id INTEGER, backend INTEGER);
    CREATE TABLE exchanges(
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        route_id INTEGER NOT NULL,
        template_id INTEGER NOT NULL,
        parameter INTEGER NOT NULL,
        arrived_ns INTEGER NOT NULL,
        sent_ns INTEGER,
        answered_ns INTEGER NOT NULL,
        cluster_id INTEGER,
        status INTEGER NOT NULL,
        outcome_id INTEGER NOT NULL,
        chaos_window_id INTEGER,
        final INTEGER NOT NULL,
        wire_status INTEGER NOT NULL,
        protocol_status INTEGER,
        body_id INTEGER);
    CREATE TABLE bodies(id INTEGER PRIMARY KEY, content BLOB NOT NULL);
    CREATE TABLE ws_messages(id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL, cluster_id INTEGER NOT NULL, at_ns INTEGER NOT NULL,
        direction TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL);
    CREATE TABLE ws_sessions(id INTEGER PRIMARY KEY, request_id INTEGER NOT NULL, cluster_id INTEGER NOT NULL, closed_ns INTEGER NOT NULL,
        code INTEGER NOT NULL, closed_by TEXT NOT NULL, length_ns INTEGER NOT NULL);
    CREATE TABLE breaker_events(id INTEGER PRIMARY KEY, at_ns INTEGER NOT NULL, cluster_id INTEGER NOT NULL,
        from_state TEXT NOT NULL, to_state TEXT NOT NULL);
    CREATE TABLE breaker_operations(id INTEGER PRIMARY KEY, at_ns INTEGER NOT NULL, cluster_id INTEGER NOT NULL,
        operation TEXT NOT NULL, wait_ns INTEGER, refused TEXT);
    CREATE TABLE chaos_events(id INTEGER PRIMARY KEY, at_ns INTEGER NOT NULL, window_id INTEGER NOT NULL, phase TEXT NOT NULL);
    CREATE TABLE mode_switches(id INTEGER PRIMARY KEY, at_ns INTEGER NOT NULL, cluster_id INTEGER, mode TEXT NOT NULL,
        entry INTEGER, preset TEXT);
    CREATE TABLE backend_ejections(id INTEGER PRIMARY KEY, at_ns INTEGER NOT NULL, cluster_id INTEGER NOT NULL,
        backend INTEGER NOT NULL, event TEXT NOT NULL, reason TEXT, ejections INTEGER, until_ns INTEGER);
    CREATE VIEW exchange_view AS
        SELECT e.id, e.request_id, e.attempt, r.name AS route, t.protocol, t.operation, t.method, replace(t.fill, '{}', e.parameter) AS path,
               e.arrived_ns, e.sent_ns, e.answered_ns, c.name AS cluster, e.status, e.wire_status, e.protocol_status,
               o.name AS outcome, w.name AS chaos_window, e.final,
               (e.answered_ns - COALESCE(e.sent_ns, e.arrived_ns)) / 1e6 AS latency_ms,
               replace(t.request_fill, char(57344), e.parameter) AS request_body, b.content AS response_body
        FROM exchanges e
        JOIN routes r ON r.id = e.route_id
        JOIN templates t ON t.id = e.template_id
        JOIN outcomes o ON o.id = e.outcome_id
        LEFT JOIN clusters c ON c.id = e.cluster_id
        LEFT JOIN chaos_windows w ON w.id = e.chaos_window_id
        LEFT JOIN bodies b ON b.id = e.body_id;
    """
}
