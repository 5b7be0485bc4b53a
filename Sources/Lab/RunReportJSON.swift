import Actors
import Foundation
import Scenarios

/// The `--json` report: one object, keys sorted, the same fields for every run.
enum RunReportJSON {
    static func object(_ r: RunResult, scenario: Scenario, intervals: IntervalTable, wallSeconds: Double,
                       determinism: DeterminismCheck?) -> [String: Any] {
        let s = r.summary
        var byCluster: [String: Any] = [:]
        for (i, name) in r.clusterNames.enumerated() {
            let f = s.clusters[i]
            var statuses: [String: Int] = [:]
            for entry in f.statuses { statuses[String(entry.status)] = entry.count }
            var cluster: [String: Any] = ["statuses": statuses, "answered": f.answered, "late": f.late]
            if f.hasBreaker { cluster["refused"] = f.refused ?? NSNull() }
            if i < scenario.clusters.count && scenario.clusters[i].protocolKind == .websocket {
                var closes: [String: Int] = [:]
                for entry in f.sessionsClosed { closes[String(entry.code)] = entry.count }
                cluster["sessions_closed"] = closes
                cluster["messages"] = ["received": f.messages.received, "dropped": f.messages.dropped, "sent": f.messages.sent]
            }
            byCluster[name] = cluster
        }
        var routes: [String: Any] = [:]
        for (i, name) in r.routeNames.enumerated() {
            let f = s.routes[i]
            var outcomes: [String: Int] = [:]
            for entry in f.outcomes { outcomes[entry.label] = entry.count }
            var route: [String: Any] = ["completed": f.completed, "ok": f.ok, "outcomes": outcomes,
                                        "p50_ms": ms(f.latency.quantile(0.5)), "p99_ms": ms(f.latency.quantile(0.99))]
            if i < scenario.routes.count { route["protocol"] = RunReportText.protocolKind(ofRoute: i, in: scenario).rawValue }
            routes[name] = route
        }
        var breakers: [String: Any] = [:]
        for b in r.breakers {
            breakers[b.cluster] = ["opens": b.opens, "open_seconds": Double(b.openNanoseconds) / 1e9, "refused": b.refused ?? NSNull(),
                                   "transitions": b.transitions, "final_state": b.finalState.description] as [String: Any]
        }
        var object: [String: Any] = [
            "scenario": r.scenario,
            "seed": r.seed,
            "virtual_seconds": r.virtualSeconds,
            "requests": s.requests,
            "completed": s.completed,
            "ok": s.ok,
            "failed": s.failed,
            "retries": s.retries,
            "refused_by_every_breaker": s.refusedByEveryBreaker,
            "routing": ["hedges": s.routing.hedges, "cancelled": s.routing.cancelled, "cache_hits": s.routing.cacheHits,
                        "cache_misses": s.routing.cacheMisses, "rate_limited": s.routing.rateLimited,
                        "overflowed": s.routing.overflowed, "ejections": s.routing.ejections, "returns": s.routing.returns],
            "attempts_per_request": attempts(s),
            "success_ratio": r.successRatio,
            "p50_ms": ms(s.latency.quantile(0.5)),
            "p90_ms": ms(s.latency.quantile(0.9)),
            "p99_ms": ms(s.latency.quantile(0.99)),
            "by_cluster": byCluster,
            "by_route": routes,
            "errors": ErrorStatsJSON.object(s, routeNames: r.routeNames),
            "breakers": breakers,
            "breaker_transitions": s.transitions.map {
                ["at": Double($0.at) / 1e9, "breaker": $0.cluster, "from": $0.from.description, "to": $0.to.description] as [String: Any]
            },
            "breaker_opens": Dictionary(uniqueKeysWithValues: r.clusterNames.map { ($0, r.breakerOpens($0)) }),
            "chaos_windows": s.chaosWindows.map { w -> [String: Any] in
                ["window": w.window, "target": w.target, "began": Double(w.began) / 1e9, "ended": w.ended.map { Double($0) / 1e9 } ?? NSNull()]
            },
            "interval_seconds": Double(intervals.width) / 1e9,
            "intervals": intervals.rows.map(row),
            "expectations": r.expectations.map { e -> [String: Any] in
                ["expectation": RunReportText.describe(e.expectation), "status": e.status.name, "met": e.met,
                 "reason": e.status.reason ?? NSNull(), "observed": e.observed]
            },
            "passed": r.passed,
            "trace_hash": r.traceHash,
            "events": r.eventCount,
            "wall_seconds": (wallSeconds * 1000).rounded() / 1000,
            "simulated_requests_per_second": (Double(s.requests) / max(wallSeconds, 1e-9)).rounded(),
            "recording": r.recording.map { ["path": $0.path, "rows": $0.rows, "error": $0.error ?? NSNull()] as [String: Any] } ?? NSNull(),
        ]
        if !r.scriptResults.isEmpty { object["script_results"] = ScriptResultsJSON.array(r.scriptResults) }
        if let requested = intervals.requested { object["interval_requested_seconds"] = Double(requested) / 1e9 }
        if let determinism {
            object["determinism"] = ["identical": determinism.identical, "hashes": [determinism.hashes.0, determinism.hashes.1],
                                     "report": determinism.description] as [String: Any]
        }
        return object
    }

    /// Attempts per completed request: the mean and how many requests sent 0 (refused by every breaker), 1, 2, 3 or more.
    static func attempts(_ s: RunSummary) -> [String: Any] {
        ["mean": (s.meanAttempts * 1000).rounded() / 1000,
         "distribution": ["0": s.attempts[0], "1": s.attempts[1], "2": s.attempts[2], "3+": s.requests(sendingAtLeast: 3)]]
    }

    static func row(_ row: IntervalRow) -> [String: Any] {
        var breakers: [String: Any] = [:]
        for b in row.breakers { breakers[b.name] = ["state": b.state.description, "changes": b.changes] as [String: Any] }
        return ["start_seconds": Double(row.start) / 1e9, "end_seconds": Double(row.end) / 1e9,
                "arrived": row.figures.arrived, "completed": row.figures.completed, "ok": row.figures.ok,
                "success_ratio": row.successRatio ?? NSNull(), "p99_ms": row.p99.map(ms) ?? NSNull(),
                "retries": row.figures.retries, "breakers": breakers, "chaos": row.chaos]
    }

    static func render(_ r: RunResult, scenario: Scenario, intervals: IntervalTable, wallSeconds: Double,
                       determinism: DeterminismCheck?) -> String {
        let object = object(r, scenario: scenario, intervals: intervals, wallSeconds: wallSeconds, determinism: determinism)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func ms(_ nanoseconds: Int64) -> Double { (Double(nanoseconds) / 1e3).rounded() / 1e3 }
}
