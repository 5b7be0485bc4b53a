import Scenarios

/// A cluster's mode as a run holds it (seed 001's `ScenarioMode`, see `ModeSpec`): what an
/// attempt sent while it is in force gets, drawn from the cluster's stream `mode:CLUSTER`.
struct ArmedMode {
    let spec: ModeSpec

    /// Applies the mode to an attempt: an error answered at once (`errorRate`), else a hang
    /// (`timeoutRate`), else a delay (`latency`: a spike in `[min, max)` with its probability,
    /// otherwise a base delay in `[0, 50ms)`). Draws only what the mode uses.
    @inline(__always)
    func strike(_ effect: inout ChaosEffect, _ rng: inout SeededGenerator) {
        if spec.errorRate > 0 && rng.nextUnit() < spec.errorRate {
            let codes = spec.statusCodes
            let status = codes.count == 1 ? codes[0] : codes[rng.nextIndex(below: codes.count)]
            effect.end(Int16(status), .chaos, after: 0)
            return
        }
        if spec.timeoutRate > 0 && rng.nextUnit() < spec.timeoutRate {
            effect.hang = true
            return
        }
        if let latency = spec.latency {
            if rng.nextUnit() < latency.spikeProbability {
                effect.extraDelay += ArmedWindow.uniform(latency.min.nanoseconds, latency.max.nanoseconds, &rng)
            } else {
                effect.extraDelay += ArmedWindow.uniform(0, LatencyChaos.baseMaximum.nanoseconds, &rng)
            }
        }
    }

    /// Whether the mode changes what attempts get at send (a stretch alone does not).
    var strikes: Bool { spec.errorRate > 0 || spec.timeoutRate > 0 || spec.latency != nil }
}
