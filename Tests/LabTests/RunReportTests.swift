import Foundation
import Testing

/// What `lab run` reports beyond the totals, in text and in JSON: expectations not evaluated,
/// late answers per cluster, the run over time, attempts per request, every breaker's last
/// transition, the protocols' outcomes, and failed requests by error class and severity.
@Suite(.serialized) struct RunReportTests {
    /// quickstart's story is 4m; its breaker on us-east must open within 1m10s, eu-west's never.
    @Test func test_expectationsARunTooShortToJudgeAreNotEvaluatedSaidWhyAndDoNotFailTheRun() throws {
        let text = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--duration", "1m"])
        #expect(text.status == 0, "\(text.stdout)")
        #expect(text.stdout.contains("NOT EVALUATED  breaker us-east reaches open within 1m10s — the run ended at 1m, before the window's end at 1m10s"))
        #expect(text.stdout.contains("NOT EVALUATED  breaker eu-west never open — the run ended at 1m, before the story's end at 4m"))
        #expect(text.stdout.contains("PASS  success ratio at least 0.99"))
        let json = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--duration", "1m", "--json"]).json)
        let expectations = try #require(json["expectations"] as? [[String: Any]])
        #expect(expectations.map { $0["status"] as? String } == ["not_evaluated", "not_evaluated", "met"])
        #expect(expectations[0]["reason"] as? String == "the run ended at 1m, before the window's end at 1m10s")
        #expect(expectations[2]["reason"] is NSNull)
        #expect(json["passed"] as? Bool == true)
    }

    @Test func test_lateAnswersAreTheirOwnColumnPerCluster() throws {
        let json = try #require(try LabBinary.run(["run", "Scenarios/timeouts-and-hangs.json5", "--no-record", "--json"]).json)
        let byCluster = try #require(json["by_cluster"] as? [String: [String: Any]])
        let slow = try #require(byCluster["pay-3"])
        let late = try #require(slow["late"] as? Int)
        let statuses = try #require(slow["statuses"] as? [String: Int])
        #expect(late > 0)
        #expect(slow["answered"] as? Int == statuses.values.reduce(0, +))
        let text = try LabBinary.run(["run", "Scenarios/timeouts-and-hangs.json5", "--no-record"]).stdout
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  pay-3 ") })
        #expect(line.contains("504×\(statuses["504"]!) · late \(late)"))
    }

    @Test func test_theReportShowsTheRunOverTimeAtTheIntervalAskedFor() throws {
        let out = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--interval", "30s", "--json"])
        let json = try #require(out.json, "\(out.stderr)")
        #expect(json["interval_seconds"] as? Double == 30)
        let rows = try #require(json["intervals"] as? [[String: Any]])
        #expect(rows.count == 8)
        #expect(rows.map { $0["start_seconds"] as? Double } == stride(from: 0.0, to: 240, by: 30).map { $0 })
        #expect(rows.reduce(0) { $0 + ($1["arrived"] as? Int ?? 0) } == json["requests"] as? Int)
        #expect(rows.reduce(0) { $0 + ($1["completed"] as? Int ?? 0) } == json["completed"] as? Int)
        #expect(rows.reduce(0) { $0 + ($1["retries"] as? Int ?? 0) } == json["retries"] as? Int)
        // The storm on us-east runs from 1m to 2m30s, and its breaker is open then.
        #expect(rows.map { ($0["chaos"] as? [String] ?? []).contains("us-east-storm") } == [false, false, true, true, true, false, false, false])
        let usEast = rows.map { (($0["breakers"] as? [String: Any])?["us-east"] as? [String: Any])?["state"] as? String }
        #expect(usEast[0] == "closed" && usEast[2] == "open" && usEast[7] == "closed")

        let text = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--interval", "30s"]).stdout
        #expect(text.contains("over time (rows of 30s)"))
        #expect(text.contains("\n  1m30s      "))
        #expect(text.contains("us-east-storm, eu-west-slow"))
        // Without --interval, about 20 rows: 15 s for a 4 m run.
        let automatic = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json"]).json)
        #expect(automatic["interval_seconds"] as? Double == 15)
        #expect((automatic["intervals"] as? [Any])?.count == 16)
        #expect(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--interval", "0s"]).status == 2)
    }

    @Test func test_attemptsPerRequestShowHowMuchRetriesAmplifyTheLoad() throws {
        let json = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json"]).json)
        let attempts = try #require(json["attempts_per_request"] as? [String: Any])
        let distribution = try #require(attempts["distribution"] as? [String: Int])
        #expect(distribution.values.reduce(0, +) == json["completed"] as? Int)
        #expect(distribution["2"] == json["retries"] as? Int)  // one retry at most on each route
        let mean = try #require(attempts["mean"] as? Double)
        #expect(mean > 1 && mean < 1.01)
        let text = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record"]).stdout
        let completed = Double(try #require(json["completed"] as? Int))
        func share(_ n: Int) -> String { "\(n) (\(String(format: "%.2f", 100 * Double(n) / completed))%)" }
        #expect(text.contains("attempts   \(String(format: "%.3f", mean)) per completed request · 1: \(share(distribution["1"]!))"
                              + " · 2: \(share(distribution["2"]!)) · 3+: \(share(distribution["3+"]!))"), "\(text)")
    }

    @Test func test_theReportListsEveryTransitionOfEachBreakerWithItsInstant() throws {
        let json = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json"]).json)
        let transitions = try #require(json["breaker_transitions"] as? [[String: Any]])
        #expect(transitions.count > 12)
        let last = try #require(transitions.last)
        let at = try #require(last["at"] as? Double)
        let text = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record"]).stdout
        #expect(text.contains("  us-east (\(transitions.count))\n"))
        #expect(text.contains(String(format: "%.3fs half_open → closed\n", at)))
        for t in transitions {
            #expect(text.contains(String(format: "%.3fs \(t["from"]!) → \(t["to"]!)", t["at"] as? Double ?? -1)))
        }
        #expect(!text.contains("elided") && !text.contains(" more (all in --json"))
        let breaker = try #require((json["breakers"] as? [String: [String: Any]])?["us-east"])
        let opens = try #require(breaker["opens"] as? Int)
        #expect(opens == transitions.filter { $0["breaker"] as? String == "us-east" && $0["to"] as? String == "open" }.count)
        #expect(text.contains("us-east          opened \(opens)× · open \(String(format: "%.3f", breaker["open_seconds"] as? Double ?? -1))s in total"))
    }

    @Test func test_protocolOutcomesShowGRPCCodesWebSocketClosesAndGraphQLErrorAnswers() throws {
        let grpc = try LabBinary.run(["run", "Scenarios/grpc-catalog.json5", "--no-record"]).stdout
        #expect(grpc.contains("protocol outcomes\n  route catalog          gRPC codes OK×"))
        #expect(grpc.contains("UNIMPLEMENTED×"))
        let ws = try LabBinary.run(["run", "Scenarios/websocket-chat.json5", "--no-record"]).stdout
        #expect(ws.contains("sessions closed 1000×"))
        #expect(ws.contains(" · messages received "))
        let graphql = try LabBinary.run(["run", "Scenarios/graphql-social.json5", "--no-record", "--json"])
        #expect(graphql.stdout.isEmpty == false)
        let json = try #require(graphql.json)
        let route = try #require((json["by_route"] as? [String: [String: Any]])?["graphql"])
        #expect(route["protocol"] as? String == "graphql")
        let outcomes = try #require(route["outcomes"] as? [String: Int])
        #expect(outcomes.values.reduce(0, +) == route["completed"] as? Int)
        let text = try LabBinary.run(["run", "Scenarios/graphql-social.json5", "--no-record"]).stdout
        #expect(text.contains("GraphQL ok \(outcomes["ok"] ?? -1) · error answers for failures \(outcomes.filter { $0.key != "ok" }.values.reduce(0, +))"))
    }

    /// Seed 003's error classification: `errors` holds every class (its count, severity and
    /// error_rate) and every severity, for the run and per route, in the shape `GET /errors/stats`
    /// serves; the text report lists the classes that happened, the largest first.
    @Test func test_errorsByClassAndSeverityForTheRunAndEachRoute() throws {
        let json = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json"]).json)
        let errors = try #require(json["errors"] as? [String: Any])
        let classes = ["authentication", "authorization", "validation", "service_unavailable", "timeout", "rate_limit",
                       "circuit_breaker", "internal", "not_found"]
        let severities = ["low", "medium", "high", "critical"]
        let severityOf = ["authentication": "low", "authorization": "low", "validation": "low", "not_found": "low",
                          "timeout": "medium", "rate_limit": "medium", "internal": "high", "service_unavailable": "high",
                          "circuit_breaker": "critical"]
        let completed = try #require(json["completed"] as? Int)

        /// A ratio as JSON carries it (the last digit may round on the way).
        func close(_ value: Any?, _ expected: Double) -> Bool {
            guard let value = value as? Double else { return false }
            return abs(value - expected) <= 1e-12 * max(abs(expected), 1e-300)
        }
        /// One `errors` object (the run's or a route's): its keys, and counts that add up.
        func check(_ figures: [String: Any], completed: Int, _ scope: String) throws -> [String: Int] {
            #expect(Set(figures.keys) == Set(["total", "completed", "error_rate", "by_class", "by_severity"] + (scope == "run" ? ["routes"] : [])), "\(scope)")
            #expect(figures["completed"] as? Int == completed, "\(scope)")
            let byClass = try #require(figures["by_class"] as? [String: [String: Any]])
            let bySeverity = try #require(figures["by_severity"] as? [String: Int])
            #expect(Set(byClass.keys) == Set(classes) && Set(bySeverity.keys) == Set(severities), "\(scope)")
            let total = try #require(figures["total"] as? Int)
            var counts: [String: Int] = [:]
            for (name, entry) in byClass {
                #expect(Set(entry.keys) == ["count", "severity", "error_rate"], "\(scope) \(name)")
                #expect(entry["severity"] as? String == severityOf[name], "\(scope) \(name)")
                counts[name] = entry["count"] as? Int
                #expect(close(entry["error_rate"], Double(counts[name] ?? -1) / Double(completed)), "\(scope) \(name)")
            }
            #expect(counts.values.reduce(0, +) == total && bySeverity.values.reduce(0, +) == total, "\(scope)")
            for severity in severities {
                #expect(bySeverity[severity] == counts.filter { severityOf[$0.key] == severity }.values.reduce(0, +), "\(scope) \(severity)")
            }
            #expect(close(figures["error_rate"], Double(total) / Double(completed)), "\(scope)")
            return counts
        }

        let run = try check(errors, completed: completed, "run")
        // quickstart's failures are all 5xx (backend errors and eu-west's timeouts), so they are `failed` too.
        #expect(errors["total"] as? Int == json["failed"] as? Int)
        #expect(run["internal"] ?? 0 > 0 && run["timeout"] ?? 0 > 0)
        let routes = try #require(errors["routes"] as? [String: [String: Any]])
        let byRoute = try #require(json["by_route"] as? [String: [String: Any]])
        #expect(Set(routes.keys) == Set(byRoute.keys))
        var summed: [String: Int] = [:]
        for (name, figures) in routes {
            let counts = try check(figures, completed: try #require(byRoute[name]?["completed"] as? Int), "route \(name)")
            summed.merge(counts, uniquingKeysWith: +)
        }
        #expect(summed == run)

        let text = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record"]).stdout
        let total = try #require(errors["total"] as? Int)
        #expect(text.contains("errors by class   \(total) of \(completed) completed requests failed ("), "\(text)")
        let internalLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("  internal ") })
        #expect(internalLine.split(separator: " ").map(String.init).prefix(3) == ["internal", "high", String(run["internal"]!)])
        #expect(text.contains("  by severity: low 0 · medium \(run["timeout"]!) · high \(run["internal"]!) · critical 0\n"))
        #expect(text.contains("  route orders "))

        // A run without failures has no block, and zeros in `errors`.
        let calm = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--duration", "20s", "--json"])
        let calmErrors = try #require(calm.json?["errors"] as? [String: Any])
        #expect(calmErrors["total"] as? Int == 0 && calm.json?["failed"] as? Int == 0)
        #expect((calmErrors["by_severity"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true)
        #expect(!(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--duration", "20s"]).stdout.contains("errors by class")))
    }
}
