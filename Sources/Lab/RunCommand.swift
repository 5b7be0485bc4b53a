import Actors
import Foundation
import Scenarios

/// `lab run FILE`: runs a scenario headless and prints its summary (or JSON).
enum RunCommand {
    struct Settings {
        var file: String
        var seed: UInt64?
        var duration: TimeSpan?
        var record: String??
        var json: Bool
        var checkDeterminism: Bool
        var progress: ProgressDisplay.Choice = .automatic
        var inFlightLimit = InFlightLimit()
        /// The rows of the table over time; nil: about `IntervalTable.automaticRows` rows.
        var interval: TimeSpan?
    }

    /// The longest `--duration`, the same limit scenario files have (about 14 months): sums of
    /// instants stay far from overflow.
    static let longestDuration = TimeSpan(nanoseconds: 10_000 * 3_600_000_000_000)

    static func main(_ arguments: [String]) -> Int32 {
        let settings: Settings
        do {
            settings = try parse(arguments)
        } catch {
            return FailureReport.usage(error).emit(json: wantsJSON(arguments), humanDetail: error.pointer)
        }
        let json = settings.json
        let scenario: Scenario
        do {
            scenario = try ScenarioInput.load(settings.file)
        } catch {
            return FailureReport.invalidScenario(error, file: settings.file).emit(json: json)
        }
        let seed = settings.seed ?? scenario.seed
        let recordingPath: String?
        switch settings.record {
        case .none: recordingPath = "recordings/\(safeFileName(scenario.name))-seed\(seed).sqlite"
        case .some(.none): recordingPath = nil
        case .some(.some(let path)): recordingPath = path
        }
        let end = (settings.duration ?? scenario.duration).nanoseconds
        var options = RunOptions(seed: seed, duration: settings.duration, recordingPath: recordingPath,
                                 keepEvents: settings.checkDeterminism, inFlightLimit: settings.inFlightLimit)
        let laboratory: Laboratory
        do {
            laboratory = try Laboratory(scenario: scenario)
        } catch {
            return FailureReport.invalidScenario(error, file: settings.file).emit(json: json)
        }

        let display = ProgressDisplay(settings.progress, json: json, terminal: Terminal.standardErrorIsTerminal)
        options.progress = display.reporter
        let started = ContinuousClock.now
        let result: RunResult
        do {
            result = try laboratory.run(options)
        } catch {
            display.finish(nil, end: end)
            return FailureReport.run(error).emit(json: json)
        }
        let wall = (ContinuousClock.now - started).seconds
        display.finish(result, end: end)

        var divergence: DeterminismCheck?
        if settings.checkDeterminism {
            options.recordingPath = nil
            let again = ProgressDisplay(settings.progress, json: json, terminal: Terminal.standardErrorIsTerminal)
            options.progress = again.reporter
            do {
                let second = try laboratory.run(options)
                again.finish(second, end: end)
                divergence = DeterminismCheck(first: result, second: second, scenario: scenario)
            } catch {
                again.finish(nil, end: end)
                return FailureReport.run(error, context: "second run for the determinism check").emit(json: json)
            }
        }

        let intervals = result.intervals(width: settings.interval?.nanoseconds)
        if json {
            print(RunReportJSON.render(result, scenario: scenario, intervals: intervals, wallSeconds: wall, determinism: divergence))
        } else {
            print(RunReportText.render(result, scenario: scenario, intervals: intervals, wallSeconds: wall, determinism: divergence),
                  terminator: "")
        }
        if let error = result.recording?.error { Terminal.error("recording failed: \(error)") }
        let deterministic = divergence?.identical ?? true
        return result.passed && deterministic ? 0 : 1
    }

    /// Whether the arguments ask for JSON, read even when they cannot be parsed, so that a usage
    /// error still reaches a program as a JSON object.
    static func wantsJSON(_ arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--json")
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Settings {
        let syntax = Usage.run
        let options = try OptionReader(arguments, syntax: syntax)
        guard options.positional.count == 1 else {
            let found = options.positional.isEmpty ? "none" : options.positional.map { "'\($0)'" }.joined(separator: ", ")
            throw UsageError("run takes one scenario file, found \(found)", syntax: syntax)
        }
        var settings = Settings(file: options.positional[0], seed: nil, duration: nil, record: nil,
                                json: options.flag("--json"), checkDeterminism: options.flag("--check-determinism"))
        if let text = options.value("--seed") {
            guard let seed = UInt64(text) else {
                throw UsageError("--seed: expected a whole number from 0 to \(UInt64.max), found \"\(text)\"", syntax: syntax)
            }
            settings.seed = seed
        }
        if let text = options.value("--duration") { settings.duration = try duration(text) }
        if let text = options.value("--interval") {
            guard let span = TimeSpan(parsing: text), span > .zero else {
                throw UsageError("--interval: expected a duration above 0s like \"30s\" or \"1m\" (units h, m, s, ms, us, ns), found \"\(text)\"",
                                 syntax: syntax)
            }
            settings.interval = span
        }
        if let text = options.value("--max-in-flight") {
            guard let limit = Int(text), limit > 0 else {
                throw UsageError("--max-in-flight: expected a whole number above 0, found \"\(text)\"", syntax: syntax)
            }
            settings.inFlightLimit = InFlightLimit(requests: limit)
        }
        if options.flag("--no-record") && options.value("--record") != nil {
            throw UsageError("--record and --no-record contradict each other", syntax: syntax)
        }
        if options.flag("--no-record") { settings.record = .some(nil) }
        if let path = options.value("--record") { settings.record = .some(path) }
        switch (options.flag("--progress"), options.flag("--no-progress")) {
        case (true, true): throw UsageError("--progress and --no-progress contradict each other", syntax: syntax)
        case (true, false): settings.progress = .always
        case (false, true): settings.progress = .never
        case (false, false): settings.progress = .automatic
        }
        return settings
    }

    /// A `--duration` value, held to what a scenario file's `duration` may be: above zero, at most
    /// `longestDuration`, with the same wording as the file's errors.
    static func duration(_ text: String) throws(UsageError) -> TimeSpan {
        guard let span = TimeSpan(parsing: text) else {
            throw UsageError("--duration: expected a duration like \"90s\" or \"10m\" (units h, m, s, ms, us, ns), found \"\(text)\"",
                             syntax: Usage.run)
        }
        guard span <= longestDuration else {
            throw UsageError("--duration: expected a duration up to \(longestDuration), found \"\(text)\"", syntax: Usage.run)
        }
        guard span > .zero else {
            throw UsageError("--duration: expected a duration above 0s, found \"\(text)\"", syntax: Usage.run)
        }
        return span
    }

    static func safeFileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
