import Foundation
import Testing
import Actors
import Scenarios

/// The `lab` executable, run as a separate process: determinism across processes, exit codes, output.
@Suite(.serialized) struct CommandLineTests {
    @Test func test_traceHashIsIdenticalAcrossProcessesWhateverTheHashingSeed() throws {
        let args = ["run", "Scenarios/quickstart.json5", "--no-record", "--json", "--seed", "21"]
        let first = try LabBinary.run(args)
        let second = try LabBinary.run(args, environment: ["SWIFT_DETERMINISTIC_HASHING": "1"])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try #require(first.json), b = try #require(second.json)
        #expect(a["trace_hash"] as? String == b["trace_hash"] as? String)
        #expect(a["events"] as? Int == b["events"] as? Int)
        // The Swift API gives the same fingerprint as the command line.
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/quickstart.json5")
        let inProcess = try Laboratory(scenario: scenario).run(RunOptions(seed: 21))
        #expect(inProcess.traceHash == a["trace_hash"] as? String)
        let other = try #require(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json", "--seed", "22"]).json)
        #expect(other["trace_hash"] as? String != a["trace_hash"] as? String)
    }

    @Test func test_jsonReportHasTheDocumentedFields() throws {
        let out = try LabBinary.run(["run", "Scenarios/quickstart.json5", "--no-record", "--json", "--duration", "30s"])
        let json = try #require(out.json)
        for key in ["scenario", "seed", "virtual_seconds", "requests", "completed", "ok", "failed", "retries", "success_ratio",
                    "p50_ms", "p99_ms", "by_cluster", "breaker_transitions", "trace_hash", "wall_seconds", "simulated_requests_per_second",
                    "refused_by_every_breaker", "attempts_per_request", "by_route", "errors", "breakers", "intervals", "interval_seconds",
                    "expectations"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        #expect(json["virtual_seconds"] as? Double == 30)
    }

    @Test func test_checkDeterminismReportsIdenticalRuns() throws {
        let out = try LabBinary.run(["run", "Scenarios/timeouts-and-hangs.json5", "--no-record", "--check-determinism"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("determinism identical"))
    }

    @Test func test_badScenarioExitsWith2AndNamesFileLineAndPath() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-bad-\(getpid()).json5")
        try """
        {
          name: "bad", duration: "1m",
          clusters: [ { name: "a", backends: 0, latency: { dist: "lognormal", p50: "50ms", p99: "20ms" } } ],
          routes: [ { match: { path: "/x" }, clusters: ["nope"] } ],
          traffic: [ { rate: -1, mix: [ { http: { path: "/x" } } ] } ],
        }
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        for command in ["run", "validate"] {
            let out = try LabBinary.run([command, file.path])
            #expect(out.status == 2)
            #expect(out.stderr.contains("\(file.path):3:"))
            #expect(out.stderr.contains("clusters[0].backends"))
            #expect(out.stderr.contains("clusters[0].latency.p99: impossible"))
            #expect(out.stderr.contains("routes[0].clusters[0]: unknown cluster \"nope\""))
            #expect(out.stderr.contains("traffic[0].rate"))
        }
    }

    @Test func test_badArgumentsExitWith2() throws {
        #expect(try LabBinary.run(["run"]).status == 2)
        #expect(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--seed", "x"]).status == 2)
        #expect(try LabBinary.run(["run", "Scenarios/quickstart.json5", "--bogus"]).status == 2)
        #expect(try LabBinary.run(["frobnicate"]).status == 2)
        #expect(try LabBinary.run(["validate", "Scenarios/quickstart.json5"]).status == 0)
    }

    @Test func test_unmetExpectationExitsWith1() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-expect-\(getpid()).json5")
        try String(contentsOfFile: LabBinary.root + "/Scenarios/quickstart.json5", encoding: .utf8)
            .replacingOccurrences(of: "{ successRatio: { min: 0.99 } }", with: "{ successRatio: { min: 1 } }")
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try LabBinary.run(["run", file.path, "--no-record", "--no-bundle"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("FAIL  success ratio at least 1.0"))
    }
}
