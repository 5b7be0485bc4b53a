import Foundation
import Scenarios

/// One open-loop traffic source: when its next request arrives and what that request is.
struct TrafficSource {
    let spec: TrafficSpec
    /// Route index for each mix entry (resolved once per template).
    let routes: [Int32]
    /// Global template index for each mix entry.
    let templates: [Int32]
    private let cumulativeWeights: [Double]
    private let meanGap: Double
    private let end: Int64
    private var rng: SeededGenerator

    init(spec: TrafficSpec, routes: [Int32], templates: [Int32], rng: SeededGenerator, runEnd: Int64) {
        self.spec = spec
        self.routes = routes
        self.templates = templates
        var sum = 0.0
        cumulativeWeights = spec.mix.map { sum += $0.weight; return sum }
        meanGap = 1e9 / spec.rate
        end = min(spec.end?.nanoseconds ?? runEnd, runEnd)
        self.rng = rng
    }

    /// The instant of the arrival after `previous` (or the first, from the source's start), or nil past its end.
    mutating func nextArrival(after previous: Int64?) -> Int64? {
        let base = previous ?? spec.start.nanoseconds
        let gap: Double
        switch spec.arrival {
        case .poisson: gap = -meanGap * log1p(-rng.nextUnit())
        case .constant: gap = meanGap
        }
        let next = base + gap.roundedNonNegative
        return next < end ? next : nil
    }

    /// Draws the mix entry and the id parameter of a new request.
    mutating func drawRequest() -> (entry: Int, parameter: Int64) {
        var entry = 0
        if cumulativeWeights.count > 1 {
            let u = rng.nextUnit() * cumulativeWeights[cumulativeWeights.count - 1]
            while entry < cumulativeWeights.count - 1 && u >= cumulativeWeights[entry] { entry += 1 }
        }
        let parameter = 1 + Int64(rng.nextIndex(below: spec.mix[entry].idRange))
        return (entry, parameter)
    }
}
