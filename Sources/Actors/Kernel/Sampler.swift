import Foundation
import Scenarios

/// Draws service times from a scenario's latency distribution, in nanoseconds, never negative.
public struct Sampler: Sendable {
    private enum Shape: Sendable {
        case constant(Double)
        case uniform(Double, Double)
        case exponential(Double)
        case normal(Double, Double)
        case lognormal(Double, Double)
    }

    private let shape: Shape
    private var spareNormal: Double?

    public init(_ spec: LatencySpec) {
        switch spec {
        case .constant(let value): shape = .constant(Double(value.nanoseconds))
        case .uniform(let low, let high): shape = .uniform(Double(low.nanoseconds), Double(high.nanoseconds))
        case .exponential(let mean): shape = .exponential(Double(mean.nanoseconds))
        case .normal(let mean, let sd): shape = .normal(Double(mean.nanoseconds), Double(sd.nanoseconds))
        case .lognormal(let median, let sigma): shape = .lognormal(Double(median.nanoseconds), sigma)
        }
    }

    /// One draw, in whole nanoseconds.
    @inline(__always)
    public mutating func draw(_ rng: inout SeededGenerator) -> Int64 {
        let value: Double
        switch shape {
        case .constant(let v): value = v
        case .uniform(let low, let high): value = low + (high - low) * rng.nextUnit()
        case .exponential(let mean): value = -mean * log(1 - rng.nextUnit())
        case .normal(let mean, let sd): value = mean + sd * standardNormal(&rng)
        case .lognormal(let median, let sigma): value = median * exp(sigma * standardNormal(&rng))
        }
        return value > 0 ? value.roundedNonNegative : 0
    }

    /// Marsaglia's polar method; the second value of each pair is kept for the next call.
    @inline(__always)
    mutating func standardNormal(_ rng: inout SeededGenerator) -> Double {
        if let spare = spareNormal { spareNormal = nil; return spare }
        while true {
            let u = 2 * rng.nextUnit() - 1
            let v = 2 * rng.nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }
}

extension Double {
    /// The nearest whole number, halves away from zero — exactly `rounded()` for a non-negative
    /// value, without the libm call `rounded()` makes (truncation is one instruction, and the
    /// remainder `self - whole` is exact).
    @inline(__always)
    var roundedNonNegative: Int64 {
        let whole = rounded(.towardZero)
        return Int64(self - whole >= 0.5 ? whole + 1 : whole)
    }
}
