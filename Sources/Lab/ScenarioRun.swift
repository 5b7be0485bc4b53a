import Actors
import Foundation
import Scenarios

/// One run of a scenario as `lab run` and `lab replay` both make it: the run (and, with
/// `--check-determinism`, a second one to compare), progress on stderr, and the reports of it.
struct ScenarioRun {
    var scenario: Scenario
    var result: RunResult
    /// The comparison with a second run, when the settings asked for one.
    var divergence: DeterminismCheck?
    var intervals: IntervalTable
    var wallSeconds: Double

    /// Whether the run failed: an expectation unmet, the recording failed, or the traces diverged.
    var failed: Bool { !result.passed || !(divergence?.identical ?? true) }
    /// The exit status of a run that produced a report: 1 when it failed, else 0.
    var status: Int32 { failed ? 1 : 0 }

    /// Where the settings say to record `scenario`, run with `seed`: the default
    /// `recordings/<scenario>-seed<N>.sqlite`, `--record PATH`, or nowhere with `--no-record`.
    static func recordingPath(_ settings: RunCommand.Settings, scenario: Scenario, seed: UInt64) -> String? {
        switch settings.record {
        case .none: "recordings/\(RunCommand.safeFileName(scenario.name))-seed\(seed).sqlite"
        case .some(.none): nil
        case .some(.some(let path)): path
        }
    }

    /// Runs `scenario` (read from `file`) as `settings` say; a run that cannot report is a `FailureReport`.
    static func perform(_ scenario: Scenario, file: String, settings: RunCommand.Settings) throws(FailureReport) -> ScenarioRun {
        let seed = settings.seed ?? scenario.seed
        let end = (settings.duration ?? scenario.duration).nanoseconds
        var options = RunOptions(seed: seed, duration: settings.duration,
                                 recordingPath: recordingPath(settings, scenario: scenario, seed: seed),
                                 keepEvents: settings.checkDeterminism, inFlightLimit: settings.inFlightLimit)
        let laboratory: Laboratory
        do {
            laboratory = try Laboratory(scenario: scenario)
        } catch {
            throw FailureReport.invalidScenario(error, file: file)
        }

        let display = ProgressDisplay(settings.progress, json: settings.json, terminal: Terminal.standardErrorIsTerminal)
        options.progress = display.reporter
        let started = ContinuousClock.now
        let result: RunResult
        do {
            result = try laboratory.run(options)
        } catch {
            display.finish(nil, end: end)
            throw FailureReport.run(error)
        }
        let wall = (ContinuousClock.now - started).seconds
        display.finish(result, end: end)

        var divergence: DeterminismCheck?
        if settings.checkDeterminism {
            options.recordingPath = nil
            let again = ProgressDisplay(settings.progress, json: settings.json, terminal: Terminal.standardErrorIsTerminal)
            options.progress = again.reporter
            do {
                let second = try laboratory.run(options)
                again.finish(second, end: end)
                divergence = DeterminismCheck(first: result, second: second, scenario: scenario)
            } catch {
                again.finish(nil, end: end)
                throw FailureReport.run(error, context: "second run for the determinism check")
            }
        }
        return ScenarioRun(scenario: scenario, result: result, divergence: divergence,
                           intervals: result.intervals(width: settings.interval?.nanoseconds), wallSeconds: wall)
    }

    /// The `--json` report's object.
    var reportObject: [String: Any] {
        RunReportJSON.object(result, scenario: scenario, intervals: intervals, wallSeconds: wallSeconds, determinism: divergence)
    }

    /// The human summary.
    var reportText: String {
        RunReportText.render(result, scenario: scenario, intervals: intervals, wallSeconds: wallSeconds, determinism: divergence)
    }

    /// The descriptions of the expectations that failed, in the scenario's order.
    var failedExpectations: [String] {
        result.expectations.filter { $0.status == .failed }.map { RunReportText.describe($0.expectation) }
    }

    /// What failed, one line each: the expectations unmet, a recording that failed, traces that diverged.
    var failures: [String] {
        var lines = failedExpectations.map { "expectation failed: \($0)" }
        if let error = result.recording?.error { lines.append("recording failed: \(error)") }
        if let divergence, !divergence.identical { lines.append("determinism check: \(divergence.description)") }
        return lines
    }

    /// `object` as one line of JSON, keys sorted, as every `--json` object is written.
    static func line(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
