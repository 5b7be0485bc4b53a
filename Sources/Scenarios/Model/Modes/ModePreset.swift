/// A named mode a scenario's `modes` timeline (or the daemon) can switch to by name.
///
/// The built-in presets are seed 001's (its section 4.6, "Configuration Presets"; its later
/// configuration example agrees on `chaos`'s error rate and latency range) and five of the lab's
/// own; a scenario's `presets` section defines more (and may not reuse a built-in name).
public struct ModePreset: Sendable, Equatable {
    public var name: String
    public var mode: ModeSpec

    public init(name: String, mode: ModeSpec) {
        self.name = name
        self.mode = mode
    }

    /// Every built-in preset, in the order Docs/SCENARIOS.md lists them.
    public static let builtIn: [ModePreset] = [
        // Seed 001, section 4.6.
        ModePreset(name: "production", mode: .healthy),
        ModePreset(name: "staging", mode: .degraded(latencyMultiplier: 1.5)),
        ModePreset(name: "high-load", mode: .degraded(latencyMultiplier: 3.0, errorRate: 0.05)),
        ModePreset(name: "network-issues", mode: .error(errorRate: 0.15, statusCodes: [502, 503, 504])),
        ModePreset(name: "chaos", mode: .chaos(errorRate: 0.1, timeoutRate: 0.05,
                                               latency: LatencyChaos(min: .zero, max: .milliseconds(5000), spikeProbability: 0.2))),
        // The lab's own.
        // A slow, lossy network: a third of the attempts wait 200 ms–1 s, 2% fail as gateways do.
        ModePreset(name: "network_degradation", mode: .chaos(errorRate: 0.02, latency: LatencyChaos(min: .milliseconds(200), max: .milliseconds(1000), spikeProbability: 0.3),
                                                             statusCodes: [502, 503, 504])),
        // A service that fails a quarter of its calls with server errors.
        ModePreset(name: "service_instability", mode: .error(errorRate: 0.25, statusCodes: [500, 502, 503])),
        // Everything at once: service times ×3, 30% errors, 10% never answered, half the rest spike 0.5–5 s.
        ModePreset(name: "cascading_failure", mode: ModeSpec(kind: .chaos, latencyMultiplier: 3, errorRate: 0.3, timeoutRate: 0.1,
                                                             latency: LatencyChaos(min: .milliseconds(500), max: .milliseconds(5000), spikeProbability: 0.5))),
        // Saturation: service times ×2.5 and 2% shed with 503 or 429.
        ModePreset(name: "peak_traffic", mode: .degraded(latencyMultiplier: 2.5, errorRate: 0.02, statusCodes: [503, 429])),
        // A backend five times slower, and nothing else.
        ModePreset(name: "slow_backend", mode: .degraded(latencyMultiplier: 5)),
    ]

    /// The built-in preset with this name.
    public static func builtIn(named name: String) -> ModePreset? { builtIn.first { $0.name == name } }
}

extension Scenario {
    /// The preset of that name: the scenario's own, else a built-in one.
    public func preset(named name: String) -> ModePreset? {
        presets.first { $0.name == name } ?? ModePreset.builtIn(named: name)
    }

    /// Adds a switch to the preset `name` at `at` (the whole lab, or `cluster`) to the timeline, as
    /// a `modes` entry `{ at, preset, cluster }` would; returns false when no preset has that name.
    @discardableResult
    public mutating func apply(preset name: String, at: TimeSpan = .zero, cluster: String? = nil) -> Bool {
        guard let preset = preset(named: name) else { return false }
        modes.append(ModeSwitch(at: at, cluster: cluster, mode: preset.mode, preset: name))
        return true
    }

    /// Adds a switch to `mode` at `at` (the whole lab, or `cluster`) to the timeline.
    public mutating func switchMode(to mode: ModeSpec, at: TimeSpan = .zero, cluster: String? = nil) {
        modes.append(ModeSwitch(at: at, cluster: cluster, mode: mode))
    }
}
