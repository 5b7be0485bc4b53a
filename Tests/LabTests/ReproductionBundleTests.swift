import Foundation
import Testing

/// A failed run leaves a reproduction bundle, and `lab replay` runs it again: the built `lab`,
/// run as a separate process inside a fresh temporary directory, so that the default
/// `bundles/...` and `recordings/...` paths land there.
@Suite(.serialized) struct ReproductionBundleTests {
    /// A small scenario whose p99 (about 60 ms) cannot be at most 1 ms: every run of it fails.
    static let failing = """
        {
          name: "too-fast", seed: 5, duration: "20s",
          clusters: [ { name: "api", backends: 2, concurrency: 4, latency: { dist: "lognormal", p50: "20ms", p99: "60ms" } } ],
          routes: [ { match: { path: "/x" }, clusters: ["api"] } ],
          traffic: [ { rate: 50, mix: [ { http: { path: "/x" } } ] } ],
          expect: [ { p99: { max: "1ms" } }, { successRatio: { min: 0.5 } } ],
        }

        """
    static let passing = failing.replacingOccurrences(of: #"{ p99: { max: "1ms" } }"#, with: #"{ p99: { max: "10s" } }"#)

    /// A fresh directory holding `fail.json5` and `pass.json5`, removed by `body`'s end.
    func inScratch(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lab-bundles-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.failing.write(to: directory.appendingPathComponent("fail.json5"), atomically: true, encoding: .utf8)
        try Self.passing.write(to: directory.appendingPathComponent("pass.json5"), atomically: true, encoding: .utf8)
        try body(directory)
    }

    /// Runs `lab` with `arguments` in `directory`.
    func lab(_ arguments: [String], in directory: URL) throws -> LabBinary.Output {
        try LabBinary.run(arguments, in: directory)
    }

    /// The one JSON object `out` printed.
    func object(_ out: LabBinary.Output) throws -> [String: Any] { try #require(out.json, "not one JSON object: \(out.stdout)") }

    func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    func manifest(_ bundle: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: bundle.appendingPathComponent("bundle.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Rewrites one key of the bundle's `bundle.json`.
    func tamper(_ bundle: URL, _ change: (inout [String: Any]) -> Void) throws {
        var object = try manifest(bundle)
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: bundle.appendingPathComponent("bundle.json"))
    }

    @Test func test_failedRunWritesABundleWithEveryFileBesideItsRecordingsByDefault() throws {
        try inScratch { dir in
            let out = try lab(["run", "fail.json5", "--json", "--no-progress"], in: dir)
            #expect(out.status == 1, "\(out.stderr)")
            let report = try #require(out.json)
            #expect(report["bundle"] as? String == "bundles/too-fast-seed5")
            #expect(out.stderr.contains("reproduction bundle: bundles/too-fast-seed5"), "\(out.stderr)")
            let bundle = dir.appendingPathComponent("bundles/too-fast-seed5")
            for file in ["scenario.json5", "bundle.json", "report.json", "recording.sqlite", "README.md"] {
                #expect(exists(bundle.appendingPathComponent(file)), "\(file) missing")
            }
            #expect(try Data(contentsOf: bundle.appendingPathComponent("scenario.json5")) == Data(Self.failing.utf8))
            #expect(try Data(contentsOf: bundle.appendingPathComponent("recording.sqlite"))
                        == Data(contentsOf: dir.appendingPathComponent("recordings/too-fast-seed5.sqlite")))

            let fields = try manifest(bundle)
            #expect(fields["format"] as? Int == 1)
            let version = try lab(["--version"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect("lab " + (fields["lab_version"] as? String ?? "?") == version)
            #expect(fields["scenario_file"] as? String == "fail.json5")
            #expect(fields["seed"] as? Int == 5)
            #expect(fields["duration"] is NSNull)
            #expect(fields["trace_hash"] as? String == report["trace_hash"] as? String)
            #expect(fields["passed"] as? Bool == false)
            #expect(fields["failed_expectations"] as? [String] == ["p99 at most 1ms"])
            let options = try #require(fields["options"] as? [String: Any])
            #expect(options["max_in_flight"] as? Int == 1_000_000)
            #expect(fields["recording"] as? String == "recording.sqlite")

            let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: bundle.appendingPathComponent("report.json")))
                                         as? [String: Any])
            #expect(saved["trace_hash"] as? String == report["trace_hash"] as? String)
            #expect(saved["bundle"] as? String == "bundles/too-fast-seed5")
            #expect((saved["expectations"] as? [Any])?.count == 2)

            let readme = try String(contentsOf: bundle.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(readme.contains("lab replay bundles/too-fast-seed5"))
            #expect(readme.contains("lab run scenario.json5 --seed 5\n"))
            #expect(readme.contains("expectation failed: p99 at most 1ms"))
        }
    }

    @Test func test_bundleOptionPlacesItAndAnUnrecordedRunsBundleHoldsNoRecording() throws {
        try inScratch { dir in
            let target = dir.appendingPathComponent("kept/here")
            let out = try lab(["run", "fail.json5", "--no-record", "--seed", "9", "--duration", "10s", "--bundle", target.path], in: dir)
            #expect(out.status == 1, "\(out.stderr)")
            #expect(!exists(dir.appendingPathComponent("bundles")))
            #expect(exists(target.appendingPathComponent("bundle.json")))
            #expect(!exists(target.appendingPathComponent("recording.sqlite")))
            let fields = try manifest(target)
            #expect(fields["seed"] as? Int == 9)
            #expect(fields["duration"] as? String == "10s")
            #expect(fields["recording"] is NSNull)
            let readme = try String(contentsOf: target.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(readme.contains("lab replay \(target.path)\n"))
            #expect(readme.contains("lab run scenario.json5 --seed 9 --duration 10s\n"))
        }
    }

    @Test func test_passingRunAndNoBundleWriteNone() throws {
        try inScratch { dir in
            let passed = try lab(["run", "pass.json5", "--no-record", "--json"], in: dir)
            #expect(passed.status == 0, "\(passed.stderr)")
            #expect(try #require(passed.json)["bundle"] is NSNull)
            let refused = try lab(["run", "fail.json5", "--no-record", "--no-bundle", "--json"], in: dir)
            #expect(refused.status == 1)
            #expect(try #require(refused.json)["bundle"] is NSNull)
            #expect(!refused.stderr.contains("reproduction bundle"))
            #expect(!exists(dir.appendingPathComponent("bundles")))
            let both = try lab(["run", "fail.json5", "--no-bundle", "--bundle", "x"], in: dir)
            #expect(both.status == 2)
            #expect(both.stderr.contains("--bundle and --no-bundle contradict each other"))
        }
    }

    @Test func test_bundleInAnExistingDirectoryReplacesItsOwnFilesAndKeepsTheOthers() throws {
        try inScratch { dir in
            let target = dir.appendingPathComponent("bundle")
            #expect(try lab(["run", "fail.json5", "--bundle", target.path, "--record", dir.appendingPathComponent("r.sqlite").path],
                            in: dir).status == 1)
            #expect(exists(target.appendingPathComponent("recording.sqlite")))
            try "mine".write(to: target.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            #expect(try lab(["run", "fail.json5", "--bundle", target.path, "--no-record", "--seed", "6"], in: dir).status == 1)
            #expect(try String(contentsOf: target.appendingPathComponent("notes.txt"), encoding: .utf8) == "mine")
            #expect(try manifest(target)["seed"] as? Int == 6)
            // The first run's recording would pass for the second's.
            #expect(!exists(target.appendingPathComponent("recording.sqlite")))
        }
    }

    @Test func test_bundleThatCannotBeWrittenIsReportedAndTheExitStatusStaysTheRuns() throws {
        try inScratch { dir in
            let out = try lab(["run", "fail.json5", "--no-record", "--json", "--bundle", "pass.json5/inside"], in: dir)
            #expect(out.status == 1)
            #expect(out.stderr.contains("lab: cannot write the reproduction bundle pass.json5/inside: pass.json5: "
                                        + "it exists and is not a directory"), "\(out.stderr)")
            let json = try #require(out.json)
            #expect(json["bundle"] is NSNull)
            #expect((json["bundle_error"] as? String)?.contains("pass.json5/inside") == true)
        }
    }

    @Test func test_replayOfABundleMatchesItsTraceHashAndExits0ThoughTheExpectationsFail() throws {
        try inScratch { dir in
            let first = try lab(["run", "fail.json5", "--json", "--duration", "15s", "--max-in-flight", "5000"], in: dir)
            #expect(first.status == 1)
            let hash = try #require(try object(first)["trace_hash"] as? String)
            let replay = try lab(["replay", "bundles/too-fast-seed5", "--no-record"], in: dir)
            #expect(replay.status == 0, "\(replay.stderr)")
            #expect(replay.stdout.contains("trace hash \(hash) matches the bundle"), "\(replay.stdout)")
            #expect(replay.stdout.contains("FAIL  p99 at most 1ms"))
            #expect(replay.stdout.contains("15s virtual"))

            let json = try lab(["replay", "bundles/too-fast-seed5/", "--no-record", "--json"], in: dir)
            #expect(json.status == 0)
            let object = try #require(json.json)
            #expect(object["trace_hash"] as? String == hash)
            let replayed = try #require(object["replay"] as? [String: Any])
            #expect(replayed["matches"] as? Bool == true)
            #expect(replayed["bundle_trace_hash"] as? String == hash)
        }
    }

    @Test func test_replayOfATamperedBundleSaysTheHashDiffersAndExits1() throws {
        try inScratch { dir in
            let hash = try #require(try object(lab(["run", "fail.json5", "--json", "--no-record"], in: dir))["trace_hash"] as? String)
            let bundle = dir.appendingPathComponent("bundles/too-fast-seed5")
            try tamper(bundle) { $0["seed"] = 6 }
            let reseeded = try lab(["replay", bundle.path, "--no-record"], in: dir)
            #expect(reseeded.status == 1)
            #expect(reseeded.stdout.contains("trace hash differs: bundle \(hash), now "), "\(reseeded.stdout)")

            try tamper(bundle) { $0["seed"] = 5 }
            #expect(try lab(["replay", bundle.path, "--no-record"], in: dir).status == 0)
            try Self.failing.replacingOccurrences(of: "rate: 50", with: "rate: 51")
                .write(to: bundle.appendingPathComponent("scenario.json5"), atomically: true, encoding: .utf8)
            let edited = try lab(["replay", bundle.path, "--no-record", "--json"], in: dir)
            #expect(edited.status == 1)
            let replayed = try #require(try object(edited)["replay"] as? [String: Any])
            #expect(replayed["matches"] as? Bool == false)
            #expect(replayed["bundle_trace_hash"] as? String == hash)
        }
    }

    @Test func test_replayOfABrokenBundleExits2NamingTheFileAndWhatWasExpected() throws {
        try inScratch { dir in
            #expect(try lab(["run", "fail.json5", "--no-record", "--bundle", "b"], in: dir).status == 1)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("b/bundle.json")))
            func restore() throws { try JSONSerialization.data(withJSONObject: json).write(to: dir.appendingPathComponent("b/bundle.json")) }
            let bundle = dir.appendingPathComponent("b")

            var cases: [(prepare: () throws -> Void, message: String)] = []
            cases.append(({ try FileManager.default.removeItem(at: bundle.appendingPathComponent("bundle.json")) },
                          "b/bundle.json: does not exist"))
            cases.append(({ try "{ not json".write(to: bundle.appendingPathComponent("bundle.json"), atomically: true, encoding: .utf8) },
                          "b/bundle.json: is not valid JSON"))
            cases.append(({ try tamper(bundle) { $0["format"] = 2 } }, "b/bundle.json: format: expected 1 (the format this lab reads), found 2"))
            cases.append(({ try tamper(bundle) { $0["seed"] = "five" } }, #"b/bundle.json: seed: expected a whole number"#))
            cases.append(({ try tamper(bundle) { $0["trace_hash"] = nil } }, "b/bundle.json: trace_hash: missing; expected a string"))
            cases.append(({ try tamper(bundle) { $0["options"] = ["max_in_flight": 0] } }, "b/bundle.json: options.max_in_flight: expected a whole number above 0"))
            cases.append(({ try FileManager.default.removeItem(at: bundle.appendingPathComponent("scenario.json5")) },
                          "b/scenario.json5: does not exist"))
            for (prepare, message) in cases {
                try restore()
                try prepare()
                let out = try lab(["replay", "b", "--no-record", "--json"], in: dir)
                #expect(out.status == 2, "\(message): \(out.stderr)")
                #expect(out.stderr.contains(message), "expected \(message), found \(out.stderr)")
                let error = try #require(try object(out)["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_bundle")
            }
            let absent = try lab(["replay", "nowhere"], in: dir)
            #expect(absent.status == 2)
            #expect(absent.stderr.contains("nowhere: does not exist; expected a reproduction bundle"))
            let file = try lab(["replay", "fail.json5"], in: dir)
            #expect(file.stderr.contains("fail.json5: is not a directory"))
        }
    }

    @Test func test_helpDocumentsReplayAndTheBundleOptions() throws {
        let replay = try LabBinary.run(["replay", "--help"])
        #expect(replay.status == 0)
        for text in ["usage: lab replay BUNDLE", "--no-record", "--json", "0 when the", "matches the bundle", "invalid_bundle"] {
            #expect(replay.stdout.contains(text), "\(text) missing from lab replay --help")
        }
        let run = try LabBinary.run(["run", "--help"]).stdout
        #expect(run.contains("--bundle DIR"))
        #expect(run.contains("(default: bundles/<scenario>-seed<N>)"))
        #expect(run.contains("--no-bundle"))
        #expect(try LabBinary.run(["--help"]).stdout.contains("replay BUNDLE"))
    }
}
