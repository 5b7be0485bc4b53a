/// The four behaviours a lab (or one cluster) can be switched between, after the scenario
/// manager the lab grew from: `healthy` adds nothing, `degraded` stretches service times,
/// `error` turns a share of answers into errors, `chaos` adds errors, timeouts and latency spikes.
public enum ModeKind: Int32, Sendable, CaseIterable {
    case healthy = 0, degraded = 1, error = 2, chaos = 3

    /// The scenario format's name.
    public var name: String {
        switch self {
        case .healthy: return "healthy"
        case .degraded: return "degraded"
        case .error: return "error"
        case .chaos: return "chaos"
        }
    }
}
