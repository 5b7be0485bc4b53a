import Actors
import Protocols
import Scenarios

/// The human summary of a run: totals, attempts per request, latency per route and cluster, the
/// protocols' outcomes, the run over time, breakers and their transitions, chaos windows,
/// expectations, recording and trace hash.
enum RunReportText {
    static func render(_ r: RunResult, scenario: Scenario, intervals: IntervalTable, wallSeconds: Double,
                       determinism: DeterminismCheck?) -> String {
        let s = r.summary
        var out = "scenario \(r.scenario) · seed \(r.seed) · \(TimeSpan(nanoseconds: r.virtualNanoseconds)) virtual in \(fixed(wallSeconds, 2)) s wall"
        out += " (\(Int(Double(s.requests) / max(wallSeconds, 1e-9))) simulated requests/s)\n\n"
        out += "requests   \(s.requests) arrived, \(s.completed) completed, \(s.ok) ok, \(s.failed) failed"
        out += " · success \(fixed(100 * r.successRatio, 3))% · retries \(s.retries) · refused by every breaker \(s.refusedByEveryBreaker)\n"
        out += "attempts   \(attempts(s))\n"
        if !s.routing.isEmpty { out += "routing    \(routing(s.routing))\n" }
        out += "latency    p50 \(ms(s.latency.quantile(0.5))) · p90 \(ms(s.latency.quantile(0.9))) · p99 \(ms(s.latency.quantile(0.99))) · max \(ms(s.latency.maximum))\n\n"

        out += "routes\n"
        for (i, name) in r.routeNames.enumerated() {
            let f = s.routes[i]
            let success = f.completed == 0 ? 0 : 100 * Double(f.ok) / Double(f.completed)
            out += "  \(pad(name, 16)) \(pad(String(f.completed), 9)) completed  \(fixed(success, 3))% ok  p50 \(ms(f.latency.quantile(0.5)))  p99 \(ms(f.latency.quantile(0.99)))\n"
        }
        out += "clusters   attempts concluded (answers in time, timeouts as 504); late answers and breaker refusals apart\n"
        for (i, name) in r.clusterNames.enumerated() {
            let f = s.clusters[i]
            // A gRPC cluster's answers read as the codes its clients saw (200 OK, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED).
            let grpc = scenario.clusters.indices.contains(i) && scenario.clusters[i].protocolKind == .grpc
            let statuses = f.statuses.map { (grpc ? GRPCStatusCode(gatewayStatus: $0.status).name : String($0.status)) + "×\($0.count)" }
                .joined(separator: " ")
            var line = "  \(pad(name, 16)) \(pad(String(f.answered), 9)) answered   p50 \(ms(f.latency.quantile(0.5)))  p99 \(ms(f.latency.quantile(0.99)))  \(statuses)"
            line += " · late \(f.late)"
            if f.hasBreaker { line += " · refused \(f.refused.map(String.init) ?? "not counted")" }
            out += line + "\n"
        }
        out += protocolOutcomes(r, scenario: scenario)
        out += errorsByClass(r)

        out += "\n" + RunReportOverTime.table(intervals)
        out += "\n" + RunReportOverTime.breakers(r)
        out += "chaos windows\n"
        for w in s.chaosWindows {
            let end = w.ended.map(at) ?? "end of run"
            out += "  \(pad(w.window, 16)) on \(pad(w.target, 12)) \(at(w.began)) – \(end)\n"
        }
        if s.chaosWindows.isEmpty { out += "  none\n" }

        if !r.expectations.isEmpty {
            out += "expectations\n"
            for e in r.expectations {
                switch e.status {
                case .met: out += "  PASS  \(describe(e.expectation)) — \(e.observed)\n"
                case .failed: out += "  FAIL  \(describe(e.expectation)) — \(e.observed)\n"
                case .notEvaluated(let reason):
                    out += "  NOT EVALUATED  \(describe(e.expectation)) — \(reason) (\(e.observed)); neither met nor failed\n"
                }
            }
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

    /// Retry amplification: attempts per completed request, mean and distribution.
    /// `hedges 120 (81 cancelled) · cache 900 hits, 100 misses · rate limited 12 · pool overflows 3 · ejections 2, returns 1`:
    /// only the parts that counted.
    static func routing(_ c: RoutingCounts) -> String {
        var parts: [String] = []
        if c.hedges > 0 || c.cancelled > 0 { parts.append("hedges \(c.hedges) (\(c.cancelled) cancelled)") }
        if c.cacheHits > 0 || c.cacheMisses > 0 { parts.append("cache \(c.cacheHits) hits, \(c.cacheMisses) misses") }
        if c.rateLimited > 0 { parts.append("rate limited \(c.rateLimited)") }
        if c.overflowed > 0 { parts.append("pool overflows \(c.overflowed)") }
        if c.ejections > 0 || c.returns > 0 { parts.append("ejections \(c.ejections), returns \(c.returns)") }
        return parts.joined(separator: " · ")
    }

    static func attempts(_ s: RunSummary) -> String {
        guard s.completed > 0 else { return "none completed" }
        func share(_ n: Int) -> String { "\(n) (\(fixed(100 * Double(n) / Double(s.completed), 2))%)" }
        var text = "\(fixed(s.meanAttempts, 3)) per completed request · 1: \(share(s.attempts[1])) · 2: \(share(s.attempts[2]))"
        text += " · 3+: \(share(s.requests(sendingAtLeast: 3)))"
        if s.attempts[0] > 0 { text += " · none (answered before any attempt): \(share(s.attempts[0]))" }
        return text
    }

    /// How requests ended in their protocols, for routes and clusters that do not speak plain
    /// HTTP: gRPC codes, WebSocket upgrades, closes and messages, GraphQL error answers by cause.
    static func protocolOutcomes(_ r: RunResult, scenario: Scenario) -> String {
        var lines = ""
        for (i, name) in r.routeNames.enumerated() where i < scenario.routes.count {
            let kind = protocolKind(ofRoute: i, in: scenario)
            let outcomes = r.summary.routes[i].outcomes
            switch kind {
            case .http: continue
            case .grpc:
                lines += "  route \(pad(name, 16)) gRPC codes \(counts(outcomes))\n"
            case .websocket:
                lines += "  route \(pad(name, 16)) upgrades \(counts(outcomes)) (101 opened a session)\n"
            case .graphql:
                let errors = outcomes.filter { $0.label != Outcome.ok.label }
                let total = errors.reduce(0) { $0 + $1.count }
                let ok = outcomes.first { $0.label == Outcome.ok.label }?.count ?? 0
                lines += "  route \(pad(name, 16)) GraphQL ok \(ok) · error answers for failures \(total)"
                lines += errors.isEmpty ? "\n" : ": \(counts(errors))\n"
            }
        }
        for (i, name) in r.clusterNames.enumerated() where i < scenario.clusters.count && scenario.clusters[i].protocolKind == .websocket {
            let f = r.summary.clusters[i]
            let closes = f.sessionsClosed.map { "\($0.code)×\($0.count)" }.joined(separator: " ")
            lines += "  cluster \(pad(name, 14)) sessions closed \(closes.isEmpty ? "none" : closes) (1006: dropped)"
            lines += " · messages received \(f.messages.received), dropped \(f.messages.dropped), sent \(f.messages.sent)\n"
        }
        return lines.isEmpty ? "" : "protocol outcomes\n" + lines
    }

    /// Failed requests by error class, with each class's severity and share, the largest first;
    /// with more than one route, each route's classes. Nothing when no request failed.
    static func errorsByClass(_ r: RunResult) -> String {
        let s = r.summary
        let total = s.errors.total
        guard total > 0 else { return "" }
        func percent(_ n: Int, of whole: Int) -> String { fixed(100 * Double(n) / Double(whole), 3) + "%" }
        func ordered(_ errors: ErrorCounts) -> [ErrorClass] {
            ErrorClass.allCases.filter { errors.count($0) > 0 }
                .sorted { errors.count($0) != errors.count($1) ? errors.count($0) > errors.count($1) : $0.rawValue < $1.rawValue }
        }
        var out = "errors by class   \(total) of \(s.completed) completed requests failed (\(percent(total, of: s.completed)))"
        out += ": status 400 or above, or an outcome that names a failure\n"
        out += "  \(pad("class", 20)) \(pad("severity", 9)) \(pad("count", 10)) \(pad("of requests", 12)) of errors\n"
        for c in ordered(s.errors) {
            let n = s.errors.count(c)
            out += "  \(pad(c.name, 20)) \(pad(c.severity.name, 9)) \(pad(String(n), 10)) \(pad(percent(n, of: s.completed), 12)) \(percent(n, of: total))\n"
        }
        let bySeverity = Severity.allCases.map { "\($0.name) \(s.errors.count($0))" }.joined(separator: " · ")
        out += "  by severity: \(bySeverity)\n"
        if r.routeNames.count > 1 {
            for (i, name) in r.routeNames.enumerated() where i < s.routes.count && s.routes[i].errors.total > 0 {
                let errors = s.routes[i].errors
                out += "  route \(pad(name, 16)) \(ordered(errors).map { "\($0.name)×\(errors.count($0))" }.joined(separator: " "))\n"
            }
        }
        return out
    }

    /// The protocol a route's clusters speak (the first of them), as the metrics count it.
    static func protocolKind(ofRoute index: Int, in scenario: Scenario) -> ClusterProtocol {
        let route = scenario.routes[index]
        return scenario.clusters.first { route.clusters.contains($0.name) }?.protocolKind ?? .http
    }

    /// Labelled counts, the largest first.
    static func counts(_ entries: [(label: String, count: Int)]) -> String {
        let ordered = entries.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
        return ordered.isEmpty ? "none" : ordered.map { "\($0.label)×\($0.count)" }.joined(separator: " ")
    }

    /// An expectation in words, as the text and JSON reports name it ("route checkout p99 at most 200ms").
    static func describe(_ e: Expectation) -> String {
        switch e {
        case .breakerReaches(let c, let state, let within): return "breaker \(c) reaches \(state.rawValue) within \(within)"
        case .breakerNever(let c, let state): return "breaker \(c) never \(state.rawValue)"
        case .breakerState(let c, let state, let at): return "breaker \(c) \(state.rawValue) at \(at)"
        case .breakerOpens(let c, let range): return "breaker \(c) opens \(times(range))"
        case .breakerTransitions(let c, let range): return "breaker \(c) transitions \(times(range))"
        case .minimumSuccessRatio(let min): return "success ratio at least \(min)"
        case .maximumP99(let max): return "p99 at most \(max)"
        case .successRatio(let min, let scope): return "\(prefix(scope))success ratio at least \(min)"
        case .latency(let quantile, let max, let scope): return "\(prefix(scope))\(quantile.rawValue) at most \(max)"
        case .attemptsPerRequest(let range, let route):
            return "\(route.map { "route \($0) " } ?? "")attempts per request \(bounds(range.min, range.max))"
        }
    }

    /// "route checkout ", "cluster us-east ", or nothing for the whole run.
    private static func prefix(_ scope: ExpectationScope) -> String {
        switch scope {
        case .run: return ""
        case .route(let name): return "route \(name) "
        case .cluster(let name): return "cluster \(name) "
        }
    }

    /// "from 1 to 3 times", "at least 1 time", "at most 3 times".
    private static func times(_ range: ExpectedRange<Int>) -> String {
        let single = (range.min == nil) != (range.max == nil) && (range.min ?? range.max) == 1
        return "\(bounds(range.min, range.max)) time\(single ? "" : "s")"
    }

    /// "from 1 to 3", "at least 1", "at most 3".
    private static func bounds<Bound>(_ min: Bound?, _ max: Bound?) -> String {
        switch (min, max) {
        case let (min?, max?): return "from \(min) to \(max)"
        case let (min?, nil): return "at least \(min)"
        case let (nil, max?): return "at most \(max)"
        case (nil, nil): return "any number of"
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
