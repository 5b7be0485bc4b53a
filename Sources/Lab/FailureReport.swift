import Actors
import Foundation
import Scenarios

/// Why a command ended without a report of its run: what the user reads on stderr, and with
/// `--json` the one object stdout then holds, `{"error": {"code": ..., "message": ..., "issues"?: [...]}}`.
struct FailureReport: Error {
    /// A stable word for programs: `usage`, `invalid_scenario`, `recording_unavailable`, ...
    var code: String
    /// The human message, as printed on stderr after `lab: `.
    var message: String
    /// The scenario's problems, for `invalid_scenario`.
    var issues: [ScenarioIssue]? = nil
    /// 1 for a failed run, 2 for bad input.
    var status: Int32

    static func usage(_ error: UsageError) -> FailureReport {
        FailureReport(code: "usage", message: error.message, status: 2)
    }

    static func invalidScenario(_ error: ScenarioLoadError, file: String) -> FailureReport {
        FailureReport(code: "invalid_scenario", message: "\(error.issues.count) problem(s) in \(file)", issues: error.issues, status: 2)
    }

    /// A reproduction bundle `lab replay` cannot use: a file missing or unreadable, bad JSON, a key
    /// missing or of the wrong kind, a format it does not know.
    static func invalidBundle(_ problem: InvalidBundle) -> FailureReport {
        FailureReport(code: "invalid_bundle", message: problem.description, status: 2)
    }

    /// A run `Laboratory.run` refused or abandoned; `context` says which run, as "second run for the determinism check".
    static func run(_ error: LabError, context: String? = nil) -> FailureReport {
        FailureReport(code: code(of: error), message: context.map { "\($0) failed: \(error.description)" } ?? error.description, status: 1)
    }

    static func code(of error: LabError) -> String {
        switch error {
        case .foreignJobs: "foreign_jobs"
        case .loopDidNotFinish: "loop_did_not_finish"
        case .recordingUnavailable: "recording_unavailable"
        case .overloaded: "overloaded"
        }
    }

    /// Writes the failure to stderr (each issue on its own line first) and, with `json`, its object to stdout.
    /// `humanDetail` is what follows the message on stderr only, such as where to find the syntax.
    func emit(json: Bool, humanDetail: String? = nil) -> Int32 {
        for issue in issues ?? [] { Terminal.write(toStandardError: "\(issue)\n") }
        Terminal.error(humanDetail.map { "\(message)\n\($0)" } ?? message)
        if json { print(rendered) }
        return status
    }

    var object: [String: Any] {
        var error: [String: Any] = ["code": code, "message": message]
        if let issues {
            error["issues"] = issues.map { issue -> [String: Any] in
                ["file": issue.file, "line": issue.location.map { $0.line as Any } ?? NSNull(),
                 "column": issue.location.map { $0.column as Any } ?? NSNull(), "path": issue.path, "message": issue.message]
            }
        }
        return ["error": error]
    }

    /// The object as one line of JSON, keys sorted.
    var rendered: String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"error":{"code":"internal","message":"the failure could not be rendered"}}"#.utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
