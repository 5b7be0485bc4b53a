/// A behaviour the lab (or one cluster) is switched to, after seed 001's `ScenarioMode` (its
/// section 4.1): `healthy`; `degraded { latencyMultiplier }`; `error { errorRate, statusCodes }`;
/// `chaos { errorRate, timeoutRate, latency: { min, max, spikeProbability } }`.
///
/// What each does to an attempt sent while it is in force, drawn from the stream `mode:CLUSTER`
/// (so adding a mode never shifts a chaos window's or a cluster's draws):
/// - `latencyMultiplier` stretches every service time the cluster draws (seed 001 sleeps
///   50 ms × the multiplier; the lab stretches the cluster's own distribution instead).
/// - with `errorRate`, a share of attempts is answered at once with one of `statusCodes`, drawn
///   uniformly (outcome `chaos`), as seed 001's middleware returns before the handler runs.
/// - with `timeoutRate` (chaos), a share of the rest is never answered: the route's timeout ends it.
/// - with `latency` (chaos), every other attempt waits before it reaches its backend: with
///   `spikeProbability` a spike drawn uniformly from `[min, max)`, otherwise a base delay drawn
///   from `[0, 50ms)` (seed 001's `generate_chaos_latency`).
public struct ModeSpec: Sendable, Equatable {
    public var kind: ModeKind
    public var latencyMultiplier: Double
    public var errorRate: Double
    public var statusCodes: [Int]
    public var timeoutRate: Double
    public var latency: LatencyChaos?

    /// Seed 001's chaos engine's error statuses (`generate_error_response`).
    public static let chaosStatusCodes = [500, 502, 503, 504, 429]

    public init(kind: ModeKind, latencyMultiplier: Double = 1, errorRate: Double = 0, statusCodes: [Int] = ModeSpec.chaosStatusCodes,
                timeoutRate: Double = 0, latency: LatencyChaos? = nil) {
        self.kind = kind
        self.latencyMultiplier = latencyMultiplier
        self.errorRate = errorRate
        self.statusCodes = statusCodes
        self.timeoutRate = timeoutRate
        self.latency = latency
    }

    public static let healthy = ModeSpec(kind: .healthy)

    public static func degraded(latencyMultiplier: Double, errorRate: Double = 0, statusCodes: [Int] = chaosStatusCodes) -> ModeSpec {
        ModeSpec(kind: .degraded, latencyMultiplier: latencyMultiplier, errorRate: errorRate, statusCodes: statusCodes)
    }

    public static func error(errorRate: Double, statusCodes: [Int] = chaosStatusCodes) -> ModeSpec {
        ModeSpec(kind: .error, errorRate: errorRate, statusCodes: statusCodes)
    }

    public static func chaos(errorRate: Double, timeoutRate: Double = 0, latency: LatencyChaos? = nil,
                             statusCodes: [Int] = chaosStatusCodes) -> ModeSpec {
        ModeSpec(kind: .chaos, errorRate: errorRate, statusCodes: statusCodes, timeoutRate: timeoutRate, latency: latency)
    }

    /// Whether the mode changes nothing: the lab's fast path.
    public var isInert: Bool { latencyMultiplier == 1 && errorRate == 0 && timeoutRate == 0 && latency == nil }
}

/// Seed 001's `LatencyChaos`: `min_ms`, `max_ms`, `spike_probability`.
public struct LatencyChaos: Sendable, Equatable {
    public var min: TimeSpan
    public var max: TimeSpan
    public var spikeProbability: Double

    /// The end of the base delay's range when no spike is drawn (seed 001's `gen_range(0..50)` ms).
    public static let baseMaximum = TimeSpan.milliseconds(50)

    public init(min: TimeSpan, max: TimeSpan, spikeProbability: Double) {
        self.min = min
        self.max = max
        self.spikeProbability = spikeProbability
    }
}

/// One entry of a scenario's `modes` timeline: at `at`, the lab (`cluster` nil) or one cluster
/// switches to `mode`; `preset` names the preset it came from, if any. A switch of the whole lab
/// sets every cluster's mode; a later switch of one cluster changes that cluster alone.
public struct ModeSwitch: Sendable, Equatable {
    public var at: TimeSpan
    public var cluster: String?
    public var mode: ModeSpec
    public var preset: String?

    public init(at: TimeSpan, cluster: String? = nil, mode: ModeSpec, preset: String? = nil) {
        self.at = at
        self.cluster = cluster
        self.mode = mode
        self.preset = preset
    }
}
