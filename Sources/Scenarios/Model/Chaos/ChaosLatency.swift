/// The delay a latency fault adds: fixed (Toxiproxy `latency`, with `jitter` drawn uniformly in
/// ±jitter as Toxiproxy does), ramped linearly across the window, or drawn from a distribution
/// (uniform, normal, lognormal — WireMock's random delays,
/// https://wiremock.org/docs/simulating-faults/); with `spike`, a share of the delays are spikes
/// drawn uniformly from `[spike.min, spike.max)` instead, as seed 001's `LatencyChaos`
/// (`min_ms`, `max_ms`, `spike_probability`) draws them. Delays below zero count as zero.
public struct ChaosLatency: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        case fixed(TimeSpan)
        /// `from` at the window's start, `to` at its end, linearly between.
        case ramp(from: TimeSpan, to: TimeSpan)
        case distribution(LatencySpec)
    }

    public var shape: Shape
    /// Toxiproxy's `jitter`: a uniform draw in `[-jitter, +jitter)` added to each delay.
    public var jitter: TimeSpan
    public var spike: LatencySpike?

    public init(_ shape: Shape, jitter: TimeSpan = .zero, spike: LatencySpike? = nil) {
        self.shape = shape
        self.jitter = jitter
        self.spike = spike
    }
}

/// Seed 001's latency spikes: with `probability`, a delay drawn uniformly from `[min, max)`.
public struct LatencySpike: Sendable, Equatable {
    public var probability: Double
    public var min: TimeSpan
    public var max: TimeSpan

    public init(probability: Double, min: TimeSpan, max: TimeSpan) {
        self.probability = probability
        self.min = min
        self.max = max
    }
}
