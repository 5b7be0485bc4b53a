import Actors
import Foundation
import Scenarios

/// `lab run FILE`: runs a scenario headless and prints its summary (or JSON); a failed run leaves a
/// reproduction bundle that `lab replay` runs again.
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
        /// Where a failed run's reproduction bundle goes: nil the default, `.some(nil)` nowhere.
        var bundle: String?? = nil
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
        let input: ScenarioInput.Read
        do {
            input = try ScenarioInput.read(settings.file)
        } catch {
            return FailureReport.invalidScenario(error, file: settings.file).emit(json: settings.json)
        }
        let run: ScenarioRun
        do {
            run = try ScenarioRun.perform(input.scenario, file: settings.file, settings: settings)
        } catch {
            return error.emit(json: settings.json)
        }

        var report = run.reportObject
        var bundled: String?
        var bundleError: BundleWriteError?
        if run.failed, let path = bundlePath(settings, run: run) {
            // The bundle's report.json is the object printed, which says where the bundle is.
            report["bundle"] = path
            do {
                try ReproductionBundle.write(to: path, manifest: manifest(settings, run: run), scenarioBytes: input.bytes,
                                             report: ScenarioRun.line(report), recordingPath: run.result.recording?.path)
                bundled = path
            } catch {
                bundleError = error
            }
        }
        report["bundle"] = bundled ?? NSNull()
        if let bundleError { report["bundle_error"] = bundleError.description }
        if settings.json {
            print(ScenarioRun.line(report))
        } else {
            print(run.reportText, terminator: "")
        }
        if let error = run.result.recording?.error { Terminal.error("recording failed: \(error)") }
        if let bundled { Terminal.write(toStandardError: "reproduction bundle: \(bundled) (`lab replay \(bundled)` runs it again)\n") }
        if let bundleError { Terminal.error(bundleError.description) }
        return run.status
    }

    /// Where a failed run's bundle goes: `--bundle DIR`, the default, or nowhere with `--no-bundle`.
    static func bundlePath(_ settings: Settings, run: ScenarioRun) -> String? {
        switch settings.bundle {
        case .none: ReproductionBundle.defaultPath(scenario: run.scenario.name, seed: run.result.seed)
        case .some(.none): nil
        case .some(.some(let path)): path
        }
    }

    /// `bundle.json` for a failed run made with `settings`.
    static func manifest(_ settings: Settings, run: ScenarioRun) -> BundleManifest {
        let recorded = run.result.recording.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
        return BundleManifest(labVersion: LabVersion.current, scenarioName: run.scenario.name, scenarioFile: settings.file,
                              seed: run.result.seed, duration: settings.duration, traceHash: run.result.traceHash,
                              passed: run.result.passed, failedExpectations: run.failedExpectations, failures: run.failures,
                              writtenAt: ISO8601DateFormatter().string(from: Date()), recorded: recorded,
                              inFlightLimit: settings.inFlightLimit, checkDeterminism: settings.checkDeterminism,
                              interval: settings.interval)
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
        if let text = options.value("--max-in-flight") {
            guard let limit = Int(text), limit > 0 else {
                throw UsageError("--max-in-flight: expected a whole number above 0, found \"\(text)\"", syntax: syntax)
            }
            settings.inFlightLimit = InFlightLimit(requests: limit)
        }
        if options.flag("--no-bundle") && options.value("--bundle") != nil {
            throw UsageError("--bundle and --no-bundle contradict each other", syntax: syntax)
        }
        if options.flag("--no-bundle") { settings.bundle = .some(nil) }
        if let path = options.value("--bundle") {
            guard !path.isEmpty else { throw UsageError("--bundle: expected a directory, found \"\"", syntax: syntax) }
            settings.bundle = .some(path)
        }
        try readShared(options, into: &settings, syntax: syntax)
        return settings
    }

    /// The options `run` and `replay` share, which shape the report and the recording but not the
    /// trace: `--interval`, `--record`/`--no-record`, `--progress`/`--no-progress`.
    static func readShared(_ options: OptionReader, into settings: inout Settings, syntax: CommandSyntax) throws(UsageError) {
        if let text = options.value("--interval") {
            guard let span = TimeSpan(parsing: text), span > .zero else {
                throw UsageError("--interval: expected a duration above 0s like \"30s\" or \"1m\" (units h, m, s, ms, us, ns), found \"\(text)\"",
                                 syntax: syntax)
            }
            settings.interval = span
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
