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
/// - `state S at T` when T lies past the run's end.
/// - `opens` and `transitions` over a run shorter than the story, when the count is below `min` or
///   a `max` is given and not yet passed: the rest of the story could add more. A count above
///   `max` fails it however long the run.
/// - `successRatio`, `p50` … `p999` and `attemptsPerRequest` when nothing they count happened (no
///   request of the run or route completed, no attempt at the cluster concluded): there is no
///   figure. Over a shorter run they are judged on what happened, and the observation says the
///   run was shorter than the story.
struct ExpectationCheck {
    /// What a judgement found: the status, and what was seen (why it failed or was not evaluated).
    typealias Verdict = (status: ExpectationStatus, observed: String)

    let result: RunResult
    let summary: RunSummary
    /// The run's end and the story's (the scenario's duration), in nanoseconds.
    let end: Int64
    let story: Int64
    /// Whether the run stopped before the story's end.
    let shortened: Bool
    let runEnded: String
    /// What a figure's observation adds over a shortened run.
    let over: String

    init(_ result: RunResult) {
        self.result = result
        summary = result.summary
        end = result.virtualNanoseconds
        story = summary.scenarioNanoseconds
        shortened = story > 0 && end < story
        runEnded = "the run ended at \(TimeSpan(nanoseconds: end))"
        over = shortened ? " over the run's \(TimeSpan(nanoseconds: end)) of the story's \(TimeSpan(nanoseconds: story))" : ""
    }

    static func seconds(_ nanoseconds: Int64) -> String { "\(Double(nanoseconds / 1_000_000) / 1000)s" }

    static func evaluate(_ expectations: [Expectation], in result: RunResult) -> [ExpectationResult] {
        let check = ExpectationCheck(result)
        return expectations.map { expectation in
            let verdict = check.judge(expectation)
            return ExpectationResult(expectation: expectation, status: verdict.status, observed: verdict.observed)
        }
    }

    func judge(_ expectation: Expectation) -> Verdict {
        switch expectation {
        case .breakerReaches(let cluster, let state, let within): return reaches(cluster, BreakerState(state), within)
        case .breakerNever(let cluster, let state): return never(cluster, BreakerState(state))
        case .breakerState(let cluster, let state, let at): return self.state(of: cluster, BreakerState(state), at)
        case .breakerOpens(let cluster, let range):
            let opens = summary.transitions.filter { $0.cluster == cluster && $0.to == .open }.count
            return count(opens, range, "opened \(opens) time\(opens == 1 ? "" : "s")")
        case .breakerTransitions(let cluster, let range):
            let changes = summary.transitions.filter { $0.cluster == cluster }.count
            return count(changes, range, "\(changes) transition\(changes == 1 ? "" : "s")")
        case .minimumSuccessRatio(let minimum): return successRatio(minimum, of: .run)
        case .maximumP99(let maximum): return latency(.p99, maximum, of: .run)
        case .successRatio(let minimum, let scope): return successRatio(minimum, of: scope)
        case .latency(let quantile, let maximum, let scope): return latency(quantile, maximum, of: scope)
        case .attemptsPerRequest(let range, let route): return attemptsPerRequest(range, route: route)
        }
    }

    // MARK: Breakers

    private func reaches(_ cluster: String, _ target: BreakerState, _ within: TimeSpan) -> Verdict {
        let first = summary.transitions.first { $0.cluster == cluster && $0.to == target }
        if let first, first.at <= within.nanoseconds { return (.met, "first \(target) at \(Self.seconds(first.at))") }
        if let first { return (.failed, "first \(target) at \(Self.seconds(first.at)), after the window") }
        if within.nanoseconds > end {
            return (.notEvaluated(reason: "\(runEnded), before the window's end at \(within)"), "not \(target) by \(TimeSpan(nanoseconds: end))")
        }
        return (.failed, "never \(target)")
    }

    private func never(_ cluster: String, _ target: BreakerState) -> Verdict {
        if let first = summary.transitions.first(where: { $0.cluster == cluster && $0.to == target }) {
            return (.failed, "\(target) at \(Self.seconds(first.at))")
        }
        if shortened {
            return (.notEvaluated(reason: "\(runEnded), before the story's end at \(TimeSpan(nanoseconds: story))"),
                    "not \(target) by \(TimeSpan(nanoseconds: end))")
        }
        return (.met, "never \(target)")
    }

    /// The state after every transition at or before `at`; closed before the first.
    private func state(of cluster: String, _ target: BreakerState, _ at: TimeSpan) -> Verdict {
        func seen(at instant: Int64) -> (state: BreakerState, since: String) {
            guard let last = summary.transitions.last(where: { $0.cluster == cluster && $0.at <= instant }) else {
                return (.closed, "no transition by then")
            }
            return (last.to, "since \(Self.seconds(last.at))")
        }
        if at.nanoseconds > end {
            let final = seen(at: end)
            return (.notEvaluated(reason: "\(runEnded), before the instant \(at)"),
                    "\(final.state) at the run's end (\(final.since))")
        }
        let found = seen(at: at.nanoseconds)
        return (found.state == target ? .met : .failed, "\(found.state) at \(at) (\(found.since))")
    }

    /// A count of the run against its bounds: above `max` fails at once; below `min`, or within
    /// a `max`, waits for the story's end.
    private func count(_ n: Int, _ range: ExpectedRange<Int>, _ seen: String) -> Verdict {
        if let maximum = range.max, n > maximum { return (.failed, "\(seen), more than \(maximum)") }
        let unfinished = Verdict(.notEvaluated(reason: "\(runEnded), before the story's end at \(TimeSpan(nanoseconds: story)); the rest could change the count"),
                                 "\(seen) by \(TimeSpan(nanoseconds: end))")
        if let minimum = range.min, n < minimum { return shortened ? unfinished : (.failed, "\(seen), fewer than \(minimum)") }
        return shortened && range.max != nil ? unfinished : (.met, seen)
    }
}
