import Scenarios

/// Judges a scenario's expectations against a finished run.
///
/// An expectation the run could not judge is neither met nor failed but not evaluated, with the
/// reason, and does not fail the run:
/// - `reaches … within W` when the breaker had not reached the state by the run's end and W lies
///   past it (a `--duration` shorter than the window): it might still have reached it in time.
/// - `never S` when the breaker never entered S but the run was shorter than the scenario's
///   duration: "never" speaks of the whole story, and the rest of it did not run. Entering S at
///   any moment of the run (however long) fails it.
/// - `successRatio` and `p99` when no request completed: there is no ratio and no p99. Over a
///   shorter run they are judged on what completed (a ratio and a quantile of the requests the run
///   had), and the observation says the run was shorter than the story.
enum ExpectationCheck {
    static func seconds(_ nanoseconds: Int64) -> String { "\(Double(nanoseconds / 1_000_000) / 1000)s" }

    static func evaluate(_ expectations: [Expectation], in result: RunResult) -> [ExpectationResult] {
        let summary = result.summary
        let end = result.virtualNanoseconds
        let story = summary.scenarioNanoseconds
        let shortened = story > 0 && end < story
        let runEnded = "the run ended at \(TimeSpan(nanoseconds: end))"
        let over = shortened ? " over the run's \(TimeSpan(nanoseconds: end)) of the story's \(TimeSpan(nanoseconds: story))" : ""
        return expectations.map { expectation in
            switch expectation {
            case .breakerReaches(let cluster, let state, let within):
                let target = BreakerState(state)
                let first = summary.transitions.first { $0.cluster == cluster && $0.to == target }
                if let first, first.at <= within.nanoseconds {
                    return ExpectationResult(expectation: expectation, status: .met, observed: "first \(target) at \(seconds(first.at))")
                }
                if let first {
                    return ExpectationResult(expectation: expectation, status: .failed,
                                             observed: "first \(target) at \(seconds(first.at)), after the window")
                }
                if within.nanoseconds > end {
                    return ExpectationResult(expectation: expectation,
                                             status: .notEvaluated(reason: "\(runEnded), before the window's end at \(within)"),
                                             observed: "not \(target) by \(TimeSpan(nanoseconds: end))")
                }
                return ExpectationResult(expectation: expectation, status: .failed, observed: "never \(target)")
            case .breakerNever(let cluster, let state):
                let target = BreakerState(state)
                if let first = summary.transitions.first(where: { $0.cluster == cluster && $0.to == target }) {
                    return ExpectationResult(expectation: expectation, status: .failed, observed: "\(target) at \(seconds(first.at))")
                }
                if shortened {
                    return ExpectationResult(expectation: expectation,
                                             status: .notEvaluated(reason: "\(runEnded), before the story's end at \(TimeSpan(nanoseconds: story))"),
                                             observed: "not \(target) by \(TimeSpan(nanoseconds: end))")
                }
                return ExpectationResult(expectation: expectation, status: .met, observed: "never \(target)")
            case .minimumSuccessRatio(let minimum):
                guard summary.completed > 0 else {
                    return ExpectationResult(expectation: expectation, status: .notEvaluated(reason: "no request completed"),
                                             observed: "no success ratio")
                }
                let ratio = result.successRatio
                return ExpectationResult(expectation: expectation, status: ratio >= minimum ? .met : .failed,
                                         observed: "success ratio \(ratio)\(over)")
            case .maximumP99(let maximum):
                guard summary.completed > 0 else {
                    return ExpectationResult(expectation: expectation, status: .notEvaluated(reason: "no request completed"),
                                             observed: "no p99")
                }
                let p99 = summary.latency.quantile(0.99)
                return ExpectationResult(expectation: expectation, status: p99 <= maximum.nanoseconds ? .met : .failed,
                                         observed: "p99 \(Double(p99 / 1000) / 1000) ms\(over)")
            }
        }
    }
}
