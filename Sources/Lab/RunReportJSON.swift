import Actors
import Foundation
import Scenarios

/// The `--json` report: one object, keys sorted, the same fields for every run.
enum RunReportJSON {
    static func object(_ r: RunResult, wallSeconds: Double, determinism: DeterminismCheck?) -> [String: Any] {
        let s = r.summary
        var byCluster: [String: Any] = [:]
        for (i, name) in r.clusterNames.enumerated() {
            var statuses: [String: Int] = [:]
            for entry in s.clusters[i].statuses { statuses[String(entry.status)] = entry.count }
            byCluster[name] = statuses
        }
        var routes: [String: Any] = [:]
        for (i, name) in r.routeNames.enumerated() {
            let f = s.routes[i]
            routes[name] = ["completed": f.completed, "ok": f.ok,
                            "p50_ms": ms(f.latency.quantile(0.5)), "p99_ms": ms(f.latency.quantile(0.99))]
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
            "rejected_by_breakers": s.rejectedByBreakers,
            "success_ratio": r.successRatio,
            "p50_ms": ms(s.latency.quantile(0.5)),
            "p90_ms": ms(s.latency.quantile(0.9)),
            "p99_ms": ms(s.latency.quantile(0.99)),
            "by_cluster": byCluster,
            "by_route": routes,
            "breaker_transitions": s.transitions.map {
                ["at": Double($0.at) / 1e9, "breaker": $0.cluster, "from": $0.from.description, "to": $0.to.description] as [String: Any]
            },
            "breaker_opens": Dictionary(uniqueKeysWithValues: r.clusterNames.map { ($0, r.breakerOpens($0)) }),
            "chaos_windows": s.chaosWindows.map { w -> [String: Any] in
                ["window": w.window, "target": w.target, "began": Double(w.began) / 1e9, "ended": w.ended.map { Double($0) / 1e9 } ?? NSNull()]
            },
            "expectations": r.expectations.map { ["expectation": RunReportText.describe($0.expectation), "met": $0.met, "observed": $0.observed] as [String: Any] },
            "passed": r.passed,
            "trace_hash": r.traceHash,
            "events": r.eventCount,
            "wall_seconds": (wallSeconds * 1000).rounded() / 1000,
            "simulated_requests_per_second": (Double(s.requests) / max(wallSeconds, 1e-9)).rounded(),
            "recording": r.recording.map { ["path": $0.path, "rows": $0.rows, "error": $0.error ?? NSNull()] as [String: Any] } ?? NSNull(),
        ]
        if let determinism {
            object["determinism"] = ["identical": determinism.identical, "hashes": [determinism.hashes.0, determinism.hashes.1],
                                     "report": determinism.description] as [String: Any]
        }
        return object
    }

    static func render(_ r: RunResult, wallSeconds: Double, determinism: DeterminismCheck?) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object(r, wallSeconds: wallSeconds, determinism: determinism),
                                                options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func ms(_ nanoseconds: Int64) -> Double { (Double(nanoseconds) / 1e3).rounded() / 1e3 }
}
