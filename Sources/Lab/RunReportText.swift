import Actors
import Protocols
import Scenarios

/// The human summary of a run: totals, latency per route and cluster, breaker transitions,
/// chaos windows, expectations, recording and trace hash.
enum RunReportText {
    static func render(_ r: RunResult, scenario: Scenario, wallSeconds: Double, determinism: DeterminismCheck?) -> String {
        let s = r.summary
        var out = "scenario \(r.scenario) · seed \(r.seed) · \(TimeSpan(nanoseconds: r.virtualNanoseconds)) virtual in \(fixed(wallSeconds, 2)) s wall"
        out += " (\(Int(Double(s.requests) / max(wallSeconds, 1e-9))) simulated requests/s)\n\n"
        out += "requests   \(s.requests) arrived, \(s.completed) completed, \(s.ok) ok, \(s.failed) failed"
        out += " · success \(fixed(100 * r.successRatio, 3))% · retries \(s.retries) · refused by breakers \(s.rejectedByBreakers)\n"
        out += "latency    p50 \(ms(s.latency.quantile(0.5))) · p90 \(ms(s.latency.quantile(0.9))) · p99 \(ms(s.latency.quantile(0.99))) · max \(ms(s.latency.maximum))\n\n"

        out += "routes\n"
        for (i, name) in r.routeNames.enumerated() {
            let f = s.routes[i]
            let success = f.completed == 0 ? 0 : 100 * Double(f.ok) / Double(f.completed)
            out += "  \(pad(name, 16)) \(pad(String(f.completed), 9)) completed  \(fixed(success, 3))% ok  p50 \(ms(f.latency.quantile(0.5)))  p99 \(ms(f.latency.quantile(0.99)))\n"
        }
        out += "clusters\n"
        for (i, name) in r.clusterNames.enumerated() {
            let f = s.clusters[i]
            // A gRPC cluster's answers read as the codes its clients saw (200 OK, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED).
            let grpc = scenario.clusters.indices.contains(i) && scenario.clusters[i].protocolKind == .grpc
            let statuses = f.statuses.map { (grpc ? GRPCStatusCode(gatewayStatus: $0.status).name : String($0.status)) + "×\($0.count)" }
                .joined(separator: " ")
            out += "  \(pad(name, 16)) \(pad(String(f.answered), 9)) answered   p50 \(ms(f.latency.quantile(0.5)))  p99 \(ms(f.latency.quantile(0.99)))  \(statuses)\n"
        }

        out += "\nbreaker transitions (\(s.transitions.count))\n"
        let shown = 12
        for t in s.transitions.prefix(shown) {
            out += "  \(pad(at(t.at), 12)) \(pad(t.cluster, 12)) \(t.from) → \(t.to)\n"
        }
        if s.transitions.count > shown { out += "  … \(s.transitions.count - shown) more (all in the recording's breaker_events table)\n" }
        if s.transitions.isEmpty { out += "  none\n" }

        out += "chaos windows\n"
        for w in s.chaosWindows {
            let end = w.ended.map(at) ?? "end of run"
            out += "  \(pad(w.window, 16)) on \(pad(w.target, 12)) \(at(w.began)) – \(end)\n"
        }
        if s.chaosWindows.isEmpty { out += "  none\n" }

        if !r.expectations.isEmpty {
            out += "expectations\n"
            for e in r.expectations { out += "  \(e.met ? "PASS" : "FAIL")  \(describe(e.expectation)) — \(e.observed)\n" }
        }
        out += "\n"
        if let rec = r.recording {
            out += rec.error == nil ? "recording  \(rec.path) (\(rec.rows) rows)\n" : "recording  \(rec.path) FAILED: \(rec.error!)\n"
        } else {
            out += "recording  off\n"
        }
        out += "trace hash \(r.traceHash) (\(r.eventCount) events)\n"
        if let determinism { out += "determinism \(determinism.description)\n" }
        return out
    }

    static func describe(_ e: Expectation) -> String {
        switch e {
        case .breakerReaches(let c, let state, let within): return "breaker \(c) reaches \(state.rawValue) within \(within)"
        case .breakerNever(let c, let state): return "breaker \(c) never \(state.rawValue)"
        case .minimumSuccessRatio(let min): return "success ratio at least \(min)"
        case .maximumP99(let max): return "p99 at most \(max)"
        }
    }

    /// A virtual instant as seconds with millisecond precision ("120.135s").
    static func at(_ nanoseconds: Int64) -> String { fixed(Double(nanoseconds) / 1e9, 3) + "s" }

    static func ms(_ nanoseconds: Int64) -> String { fixed(Double(nanoseconds) / 1e6, 2) + " ms" }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        } else if digits > 0 {
            text += "." + String(repeating: "0", count: digits)
        }
        return text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
