import Actors
import Scenarios

/// The outcome of running a scenario twice with the same seed.
struct DeterminismCheck {
    var identical: Bool
    var hashes: (String, String)
    var description: String

    init(first: RunResult, second: RunResult, scenario: Scenario) {
        hashes = (first.traceHash, second.traceHash)
        let divergence = TraceDivergence.first(first.events ?? [], second.events ?? [])
        identical = divergence == nil && first.traceHash == second.traceHash
        if identical {
            description = "identical: both runs gave trace hash \(first.traceHash) over \(first.eventCount) events"
        } else if let d = divergence {
            description = "DIVERGED at event #\(d.index):\n    run 1: \(d.first?.describe(in: scenario) ?? "(no event)")\n    run 2: \(d.second?.describe(in: scenario) ?? "(no event)")"
        } else {
            description = "DIVERGED: trace hashes \(first.traceHash) and \(second.traceHash) differ"
        }
    }
}
