import Actors
import Scenarios

/// `errors` in `lab run --json`, the body the daemon's `GET /errors/stats` serves: failed requests
/// by error class and by severity (`ErrorClass`, `Severity`; the seed 003 names), for the run and
/// per route. Every class and every severity is present, zero or not, so the shape never changes.
/// `error_rate` is the seed's: failed requests over completed ones (0 when none completed).
enum ErrorStatsJSON {
    static func object(_ summary: RunSummary, routeNames: [String]) -> [String: Any] {
        var object = figures(summary.errors, completed: summary.completed)
        var routes: [String: Any] = [:]
        for (i, name) in routeNames.enumerated() where i < summary.routes.count {
            routes[name] = figures(summary.routes[i].errors, completed: summary.routes[i].completed)
        }
        object["routes"] = routes
        return object
    }

    /// `total`, `completed`, `error_rate`, `by_class` (each class's `count`, `severity`,
    /// `error_rate`) and `by_severity` (counts).
    static func figures(_ errors: ErrorCounts, completed: Int) -> [String: Any] {
        func rate(_ n: Int) -> Double { completed == 0 ? 0 : Double(n) / Double(completed) }
        var byClass: [String: Any] = [:]
        for errorClass in ErrorClass.allCases {
            let n = errors.count(errorClass)
            byClass[errorClass.name] = ["count": n, "severity": errorClass.severity.name, "error_rate": rate(n)] as [String: Any]
        }
        var bySeverity: [String: Int] = [:]
        for severity in Severity.allCases { bySeverity[severity.name] = errors.count(severity) }
        return ["total": errors.total, "completed": completed, "error_rate": rate(errors.total),
                "by_class": byClass, "by_severity": bySeverity]
    }
}
