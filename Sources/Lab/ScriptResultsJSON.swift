import Actors
import Foundation

/// `script_results` in `lab run --json`: one object per step of every script (scripts in file
/// order, steps in order), with only the keys that apply to the step and the breaker's type.
enum ScriptResultsJSON {
    /// With more than one script, each object also names its script (`script`).
    static func array(_ scripts: [ScriptResults]) -> [[String: Any]] {
        scripts.flatMap { script in
            script.steps.map { result in
                var object = step(result)
                if scripts.count > 1 { object["script"] = script.name }
                return object
            }
        }
    }

    static func step(_ r: ScriptStepResult) -> [String: Any] {
        var object: [String: Any] = [
            "at_ms": milliseconds(r.at),
            "state": r.state.description,
            "transitions": r.transitions.map(\.description),
        ]
        if let admitted = r.admitted { object["admitted"] = admitted }
        if let refusal = r.rejectedWith { object["rejected_with"] = refusal.description }
        if let error = r.error { object["error"] = error.description }
        if let c = r.counts {
            object["counts"] = ["requests": c.requests, "totalSuccesses": c.totalSuccesses, "totalFailures": c.totalFailures,
                                "totalExclusions": c.totalExclusions, "consecutiveSuccesses": c.consecutiveSuccesses,
                                "consecutiveFailures": c.consecutiveFailures]
        }
        if let m = r.metrics {
            object["metrics"] = ["failure_rate": javaFloat(m.failureRate), "slow_call_rate": javaFloat(m.slowCallRate),
                                 "buffered": m.buffered, "successful": m.successful, "failed": m.failed, "slow": m.slow,
                                 "not_permitted": m.notPermitted] as [String: Any]
        }
        return object
    }

    /// Whole milliseconds as an integer, anything finer as a decimal (exact: from the nanoseconds' digits).
    static func milliseconds(_ nanoseconds: Int64) -> Any {
        if nanoseconds % 1_000_000 == 0 { return nanoseconds / 1_000_000 }
        return NSDecimalNumber(decimal: Decimal(nanoseconds) / Decimal(1_000_000))
    }

    /// A Float rate as its shortest text (33.333332, -1.0 → -1), which is what Java's Float.toString prints.
    static func javaFloat(_ value: Float) -> Any {
        if value == value.rounded(), abs(value) < 1e9 { return Int(value) }
        return NSDecimalNumber(string: value.description)
    }
}
