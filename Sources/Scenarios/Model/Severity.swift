/// How urgent a failed request is: the severity levels of the error classification the lab grew
/// from (seed 003, "Severity Levels"), each the class's (`ErrorClass.severity`), so a user reads
/// it off one table and every request of a class counts under one level.
///
/// The seed names each level by the action it asks for; the rule gives a class the level its
/// failures ask for, whatever the run around them:
/// - `low` ("no immediate action required"): `authentication`, `authorization`, `validation`,
///   `not_found` — the request itself was refused; the service works.
/// - `medium` ("monitoring required"): `timeout`, `rate_limit` — the service is slow or shedding
///   load by design; retries and limits are meant to absorb it.
/// - `high` ("investigation needed"): `internal`, `service_unavailable` — a backend failed, broke
///   an answer, or had no room or connection for the request.
/// - `critical` ("immediate action required"): `circuit_breaker` — every cluster's breaker refused
///   the request, so no backend was even tried: the route is out of service until one closes.
public enum Severity: Int, Sendable, CaseIterable {
    case low, medium, high, critical

    /// The seed's name, used as the `severity` label and the reports' key.
    public var name: String {
        switch self {
        case .low: return "low"
        case .medium: return "medium"
        case .high: return "high"
        case .critical: return "critical"
        }
    }
}
