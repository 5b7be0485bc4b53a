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
    }

    static func main(_ arguments: [String]) -> Int32 {
        let settings: Settings
        do {
            settings = try parse(arguments)
        } catch {
            Terminal.error("\(error.message)\n\n\(Usage.text)")
            return 2
        }
        guard let scenario = ScenarioFile.load(settings.file) else { return 2 }
        let seed = settings.seed ?? scenario.seed
        let recordingPath: String?
        switch settings.record {
        case .none: recordingPath = "recordings/\(safeFileName(scenario.name))-seed\(seed).sqlite"
        case .some(.none): recordingPath = nil
        case .some(.some(let path)): recordingPath = path
        }
        let progress = settings.json || !Terminal.standardErrorIsTerminal ? nil : ProgressLine()
        var options = RunOptions(seed: seed, duration: settings.duration, recordingPath: recordingPath,
                                 keepEvents: settings.checkDeterminism, progress: progress?.reporter)
        let laboratory: Laboratory
        do {
            laboratory = try Laboratory(scenario: scenario)
        } catch {
            Terminal.error(error.description)
            return 2
        }
        let started = ContinuousClock.now
        let result: RunResult
        do {
            result = try laboratory.run(options)
        } catch {
            progress?.clear()
            Terminal.error(error.description)
            return 1
        }
        let wall = (ContinuousClock.now - started).seconds
        progress?.clear()

        var divergence: DeterminismCheck?
        if settings.checkDeterminism {
            options.recordingPath = nil
            do {
                let second = try laboratory.run(options)
                divergence = DeterminismCheck(first: result, second: second, scenario: scenario)
            } catch {
                Terminal.error("second run for the determinism check failed: \(error.description)")
                return 1
            }
        }

        if settings.json {
            print(RunReportJSON.render(result, wallSeconds: wall, determinism: divergence))
        } else {
            print(RunReportText.render(result, scenario: scenario, wallSeconds: wall, determinism: divergence), terminator: "")
        }
        if let error = result.recording?.error { Terminal.error("recording failed: \(error)") }
        let deterministic = divergence?.identical ?? true
        return result.passed && deterministic ? 0 : 1
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> Settings {
        let options = try OptionReader(arguments, valued: ["--seed", "--duration", "--record"],
                                       flags: ["--no-record", "--json", "--check-determinism"])
        guard options.positional.count == 1 else { throw UsageError("run takes one scenario file") }
        var settings = Settings(file: options.positional[0], seed: nil, duration: nil, record: nil,
                                json: options.flag("--json"), checkDeterminism: options.flag("--check-determinism"))
        if let text = options.value("--seed") {
            guard let seed = UInt64(text) else { throw UsageError("--seed expects a non-negative integer, found '\(text)'") }
            settings.seed = seed
        }
        if let text = options.value("--duration") {
            guard let duration = TimeSpan(parsing: text), duration > .zero else {
                throw UsageError("--duration expects a duration like 90s or 10m, found '\(text)'")
            }
            settings.duration = duration
        }
        if options.flag("--no-record") && options.value("--record") != nil {
            throw UsageError("--record and --no-record contradict each other")
        }
        if options.flag("--no-record") { settings.record = .some(nil) }
        if let path = options.value("--record") { settings.record = .some(path) }
        return settings
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
