import Scenarios

/// A chaos window as a run holds it: its span in nanoseconds, which templates it sees (decided
/// once per template, so no request pays for a match), how many matching attempts it has seen,
/// and its own seeded stream `chaos:NAME`.
struct ArmedWindow {
    let start: Int64
    /// `end - start`, for ramps.
    let length: Int64
    let rate: ChaosRate
    let sequence: ChaosSequence
    /// Per template: whether the window sees it; empty: every template.
    let templates: [Bool]
    /// The backend it strikes, or -1 (cluster and route windows).
    let backend: Int32
    let kind: ChaosFaultKind
    var seen = 0
    var rng: SeededGenerator
    /// The distribution a latency fault draws from, if it has one.
    var sampler: Sampler?

    init(spec: ChaosSpec, end: Int64, templates: [Bool], backend: Int32, streams: SeededStreams) {
        start = spec.at.nanoseconds
        length = max(1, end - start)
        rate = spec.fault.rate
        sequence = spec.sequence
        self.templates = templates
        self.backend = backend
        kind = spec.fault.kind
        rng = streams.generator("chaos:\(spec.name)")
        if case .latency(let latency) = spec.fault.kind, case .distribution(let distribution) = latency.shape { sampler = Sampler(distribution) }
    }

    /// How far through the window `now` is, from 0 to 1.
    @inline(__always)
    func fraction(_ now: Int64) -> Double { min(1, max(0, Double(now - start) / Double(length))) }

    /// Whether this attempt is struck: the template matches, the sequence admits it, and the draw
    /// (one per candidate, as every window has always drawn) falls under the rate.
    @inline(__always)
    mutating func fires(template: Int32, now: Int64) -> Bool {
        if !templates.isEmpty && !templates[Int(template)] { return false }
        if sequence.isSet {
            seen += 1
            guard sequence.admits(seen) else { return false }
        }
        let threshold = rate.isRamp ? rate.value(at: fraction(now)) : rate.from
        return rng.nextUnit() < threshold
    }

    /// A latency fault's delay: a spike with its probability, else the shape (fixed, ramped or
    /// drawn), plus a uniform jitter in ±jitter; never below zero.
    mutating func delay(_ latency: ChaosLatency, now: Int64) -> Int64 {
        if let spike = latency.spike, rng.nextUnit() < spike.probability {
            return Self.uniform(spike.min.nanoseconds, spike.max.nanoseconds, &rng)
        }
        var delay: Int64
        switch latency.shape {
        case .fixed(let span): delay = span.nanoseconds
        case .ramp(let from, let to):
            delay = from.nanoseconds + Int64((Double(to.nanoseconds - from.nanoseconds) * fraction(now)).rounded())
        case .distribution: delay = sampler!.draw(&rng)
        }
        if latency.jitter > .zero {
            delay += Int64(((2 * rng.nextUnit() - 1) * Double(latency.jitter.nanoseconds)).rounded())
        }
        return max(0, delay)
    }

    /// A uniform draw in `[low, high)` nanoseconds.
    @inline(__always)
    static func uniform(_ low: Int64, _ high: Int64, _ rng: inout SeededGenerator) -> Int64 {
        low + Int64((Double(high - low) * rng.nextUnit()).rounded(.down))
    }

    /// Toxiproxy's slicer splits a body in halves until a piece is within `variation` of the
    /// average size; the lab splits at the middle (the variation's randomness left out) and
    /// counts the pieces, each followed by the slicer's delay.
    static func slices(_ size: Int, average: Int, variation: Int) -> Int {
        if size <= 0 { return 0 }
        if size - average <= variation { return 1 }
        let half = size / 2
        return slices(half, average: average, variation: variation) + slices(size - half, average: average, variation: variation)
    }
}
