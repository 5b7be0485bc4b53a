import Scenarios

/// Judges a scenario's expectations against a finished run.
enum ExpectationCheck {
    static func seconds(_ nanoseconds: Int64) -> String { "\(Double(nanoseconds / 1_000_000) / 1000)s" }

    static func evaluate(_ expectations: [Expectation], in result: RunResult) -> [ExpectationResult] {
        let summary = result.summary
        let p99 = summary.latency.quantile(0.99)
        let successRatio = result.successRatio
        return expectations.map { expectation in
            switch expectation {
            case .breakerReaches(let cluster, let state, let within):
                let target = BreakerState(state)
                let first = summary.transitions.first { $0.cluster == cluster && $0.to == target }
                let met = first.map { $0.at <= within.nanoseconds } ?? false
                let observed = first.map { "first \(target) at \(seconds($0.at))" } ?? "never \(target)"
                return ExpectationResult(expectation: expectation, met: met, observed: observed)
            case .breakerNever(let cluster, let state):
                let target = BreakerState(state)
                let first = summary.transitions.first { $0.cluster == cluster && $0.to == target }
                return ExpectationResult(expectation: expectation, met: first == nil,
                                         observed: first.map { "\(target) at \(seconds($0.at))" } ?? "never \(target)")
            case .minimumSuccessRatio(let minimum):
                return ExpectationResult(expectation: expectation, met: successRatio >= minimum,
                                         observed: "success ratio \(successRatio)")
            case .maximumP99(let maximum):
                return ExpectationResult(expectation: expectation, met: p99 <= maximum.nanoseconds,
                                         observed: "p99 \(Double(p99 / 1000) / 1000) ms")
            }
        }
    }
}
