import Foundation
import Scenarios

/// `lab replay BUNDLE`: runs a reproduction bundle's scenario again with its seed, duration and
/// options, and says whether the trace hash is the bundle's. Reproducing the failure is the point,
/// so the exit status is 0 when the hash matches whatever the expectations say, 1 when it differs.
enum ReplayCommand {
    static func main(_ arguments: [String]) -> Int32 {
        let json = RunCommand.wantsJSON(arguments)
        let directory: String
        var settings: RunCommand.Settings
        do {
            (directory, settings) = try parse(arguments)
        } catch {
            return FailureReport.usage(error).emit(json: json, humanDetail: error.pointer)
        }
        let manifest: BundleManifest
        let scenarioPath = directory + "/" + ReproductionBundle.scenarioFile
        let scenario: Scenario
        do {
            manifest = try read(directory)
            if let problem = ScenarioInput.problem(at: scenarioPath) {
                throw InvalidBundle(file: scenarioPath, message: "\(problem); expected the scenario the failed run read")
            }
            scenario = try ScenarioInput.load(scenarioPath)
        } catch let problem as InvalidBundle {
            return FailureReport.invalidBundle(problem).emit(json: json)
        } catch let error as ScenarioLoadError {
            return FailureReport.invalidScenario(error, file: scenarioPath).emit(json: json)
        } catch {
            return FailureReport(code: "invalid_bundle", message: "\(directory): \(error)", status: 2).emit(json: json)
        }
        settings.file = scenarioPath
        settings.seed = manifest.seed
        settings.duration = manifest.duration
        settings.inFlightLimit = manifest.inFlightLimit
        settings.checkDeterminism = manifest.checkDeterminism
        if settings.interval == nil { settings.interval = manifest.interval }
        if manifest.labVersion != LabVersion.current {
            Terminal.error("the bundle was written by lab \(manifest.labVersion), this is lab \(LabVersion.current); "
                           + "a change between them can change the trace")
        }

        let run: ScenarioRun
        do {
            run = try ScenarioRun.perform(scenario, file: scenarioPath, settings: settings)
        } catch {
            return error.emit(json: json)
        }
        let now = run.result.traceHash
        let matches = now == manifest.traceHash
        if json {
            var report = run.reportObject
            report["replay"] = ["bundle": directory, "bundle_trace_hash": manifest.traceHash, "trace_hash": now,
                                "matches": matches] as [String: Any]
            print(ScenarioRun.line(report))
        } else {
            print(run.reportText, terminator: "")
            print(matches ? "trace hash \(now) matches the bundle" : "trace hash differs: bundle \(manifest.traceHash), now \(now)")
            switch (run.failed, manifest.passed) {
            case (true, false): print("the run failed, as the bundle's did")
            case (true, true): print("the run failed; the bundle's expectations held")
            case (false, false): print("the run passed; the bundle's failed")
            case (false, true): print("the run passed, as the bundle's expectations did")
            }
        }
        if let error = run.result.recording?.error { Terminal.error("recording failed: \(error)") }
        return matches ? 0 : 1
    }

    /// The bundle's directory and `bundle.json`, checked before anything runs.
    static func read(_ directory: String) throws(InvalidBundle) -> BundleManifest {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw InvalidBundle(file: directory, message: "does not exist; expected a reproduction bundle, the directory a failed `lab run` writes")
        }
        guard isDirectory.boolValue else {
            throw InvalidBundle(file: directory, message: "is not a directory; expected a reproduction bundle, the directory a failed `lab run` writes")
        }
        let path = directory + "/" + ReproductionBundle.manifestFile
        if let problem = ScenarioInput.problem(at: path) {
            throw InvalidBundle(file: path, message: "\(problem); expected the bundle's description, {\"format\": 1, \"seed\": ..., ...}")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InvalidBundle(file: path, message: "cannot be read")
        }
        return try BundleManifest(parsing: data, file: path)
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> (String, RunCommand.Settings) {
        let syntax = Usage.replay
        let options = try OptionReader(arguments, syntax: syntax)
        guard options.positional.count == 1 else {
            let found = options.positional.isEmpty ? "none" : options.positional.map { "'\($0)'" }.joined(separator: ", ")
            throw UsageError("replay takes one bundle directory, found \(found)", syntax: syntax)
        }
        var settings = RunCommand.Settings(file: "", seed: nil, duration: nil, record: nil, json: options.flag("--json"),
                                           checkDeterminism: false)
        try RunCommand.readShared(options, into: &settings, syntax: syntax)
        var directory = options.positional[0]
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        return (directory, settings)
    }
}
