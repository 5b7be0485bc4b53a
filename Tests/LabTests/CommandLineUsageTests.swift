import Foundation
import Testing

/// The command line as a first user meets it: help, misspelt options, bad values, bad paths,
/// failures reported as JSON, and progress on and off a terminal.
extension CommandLineTests {
    static let quickstart = "Scenarios/quickstart.json5"
    static let runOptions = ["--seed", "--duration", "--record", "--no-record", "--json", "--check-determinism",
                             "--progress", "--no-progress"]

    @Test func test_everyCommandPrintsItsHelpToStdoutAndExits0() throws {
        for arguments in [["--help"], ["-h"], ["help"], ["help", "run"], ["run", "--help"], ["run", "-h"],
                          ["run", Self.quickstart, "--seed", "3", "--help"], ["validate", "--help"], ["bench", "--help"],
                          ["bench", "codecs", "-h"]] {
            let out = try LabBinary.run(arguments)
            #expect(out.status == 0, "lab \(arguments.joined(separator: " ")): \(out.stderr)")
            #expect(out.stdout.hasPrefix("usage: lab"), "lab \(arguments.joined(separator: " "))")
            #expect(out.stderr.isEmpty, "lab \(arguments.joined(separator: " ")): \(out.stderr)")
        }
    }

    @Test func test_helpDocumentsEveryOptionBesideItsMeaningAndDefault() throws {
        let run = try LabBinary.run(["run", "--help"]).stdout
        let lines = run.split(separator: "\n").map(String.init)
        for option in Self.runOptions {
            let index = try #require(lines.firstIndex { $0.contains(option + " ") || $0.hasSuffix(option) }, "\(option) missing")
            // The meaning follows on the same line, or on the next when the spelling is long.
            let after = lines[index].components(separatedBy: option).last!.trimmingCharacters(in: .whitespaces)
            let meaning = after.isEmpty || after.allSatisfy(\.isUppercase) ? lines[index + 1] : after
            #expect(meaning.trimmingCharacters(in: .whitespaces).count > 8, "\(option) has no meaning beside it")
        }
        #expect(run.contains("-s, --seed N"))
        #expect(run.contains("-d, --duration D"))
        #expect(run.contains("(default: the scenario's seed)"))
        #expect(run.contains("(default: the scenario's duration)"))
        #expect(run.contains("(default: recordings/<scenario>-seed<N>.sqlite)"))
        #expect(run.contains(#"{"error": {"code": CODE, "message": TEXT}}"#))
        let all = try LabBinary.run(["--help"]).stdout
        for option in Self.runOptions + ["--rounds"] { #expect(all.contains(option), "\(option) missing from lab --help") }
        #expect(try LabBinary.run(["bench", "--help"]).stdout.contains("(default: 5)"))
    }

    @Test func test_unknownOptionIsNamedWithTheNearestKnownOne() throws {
        let misspelt = try LabBinary.run(["run", Self.quickstart, "--sed", "3"])
        #expect(misspelt.status == 2)
        #expect(misspelt.stderr.contains("unknown option '--sed' (did you mean --seed?)"), "\(misspelt.stderr)")
        let short = try LabBinary.run(["run", Self.quickstart, "-r", "x.sqlite"])
        #expect(short.stderr.contains("unknown option '-r' (did you mean --record?)"), "\(short.stderr)")
        let begun = try LabBinary.run(["run", Self.quickstart, "--dur=3s"])
        #expect(begun.stderr.contains("unknown option '--dur' (did you mean --duration?)"), "\(begun.stderr)")
        let unlike = try LabBinary.run(["run", Self.quickstart, "-x", "3"])
        #expect(unlike.status == 2)
        #expect(unlike.stderr.contains("unknown option '-x'") && !unlike.stderr.contains("did you mean"), "\(unlike.stderr)")
        let bench = try LabBinary.run(["bench", "codecs", "--round", "3"])
        #expect(bench.status == 2)
        #expect(bench.stderr.contains("unknown option '--round' (did you mean --rounds?)"), "\(bench.stderr)")
    }

    @Test func test_shortAliasesAndJoinedValuesMeanTheSameAsTheLongForm() throws {
        let longForm = try LabBinary.run(["run", Self.quickstart, "--no-record", "--json", "--seed", "3", "--duration", "10s"])
        let long = try #require(longForm.json)
        let short = try LabBinary.run(["run", Self.quickstart, "--no-record", "--json", "-s", "3", "-d", "10s"])
        let joined = try LabBinary.run(["run", "--no-record", "--json", "--seed=3", "--duration=10s", "--", Self.quickstart])
        for out in [short, joined] {
            #expect(out.status == longForm.status, "\(out.stderr)")
            let json = try #require(out.json)
            #expect(json["seed"] as? Int == 3)
            #expect(json["virtual_seconds"] as? Double == 10)
            #expect(json["trace_hash"] as? String == long["trace_hash"] as? String)
        }
    }

    @Test func test_optionWithoutItsValueIsNamed() throws {
        for arguments in [["run", Self.quickstart, "--seed"], ["run", Self.quickstart, "--seed", "--json"],
                          ["run", Self.quickstart, "--seed="]] {
            let out = try LabBinary.run(arguments)
            #expect(out.status == 2)
            #expect(out.stderr.contains("option --seed needs a value (--seed N)"), "\(arguments): \(out.stderr)")
        }
        let record = try LabBinary.run(["run", Self.quickstart, "--record"])
        #expect(record.stderr.contains("option --record needs a value (--record PATH)"), "\(record.stderr)")
    }

    @Test func test_scenarioPathThatIsADirectoryOrMissingIsNamedAsSuch() throws {
        let directory = try LabBinary.run(["run", "Scenarios"])
        #expect(directory.status == 2)
        // The message names the first files it holds, in order.
        let held = try FileManager.default.contentsOfDirectory(atPath: LabBinary.root + "/Scenarios").filter { $0.hasSuffix(".json5") }.sorted()
        #expect(directory.stderr.contains("Scenarios: is a directory, not a scenario file (it holds \(held.prefix(3).joined(separator: ", "))"),
                "\(directory.stderr)")
        #expect(!directory.stderr.contains("cannot be read"))
        let missing = try LabBinary.run(["run", "Scenarios/no-such-scenario.json5"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Scenarios/no-such-scenario.json5: does not exist"), "\(missing.stderr)")
    }

    @Test func test_durationOnTheCommandLineHasTheLimitsOfAFile() throws {
        // The file does not exist, so that the old code, which took 10001h, stops there instead of running 10001 hours.
        let cases = [("10001h", #"--duration: expected a duration up to 10000h, found "10001h""#),
                     ("0", #"--duration: expected a duration above 0s, found "0""#),
                     ("0s", #"--duration: expected a duration above 0s, found "0s""#),
                     ("-5s", #"--duration: expected a duration like "90s" or "10m" (units h, m, s, ms, us, ns), found "-5s""#),
                     ("ten", #"--duration: expected a duration like "90s" or "10m" (units h, m, s, ms, us, ns), found "ten""#)]
        for (value, message) in cases {
            let out = try LabBinary.run(["run", "Scenarios/no-such-scenario.json5", "--duration", value])
            #expect(out.status == 2)
            #expect(out.stderr.contains(message), "\(value): \(out.stderr)")
        }
    }

    @Test func test_jsonRunThatCannotRecordPrintsOneErrorObject() throws {
        let out = try LabBinary.run(["run", Self.quickstart, "--json", "--duration", "1s", "--record", "/dev/null/run.sqlite"])
        #expect(out.status == 1)
        let error = try #require(out.json?["error"] as? [String: Any], "stdout: \(out.stdout)")
        #expect(error["code"] as? String == "recording_unavailable")
        let message = try #require(error["message"] as? String)
        #expect(message.hasPrefix("cannot record: "))
        #expect(out.stderr.contains("lab: \(message)"))
        #expect(out.stdout.split(separator: "\n").count == 1)
    }

    @Test func test_jsonBadInputPrintsOneErrorObjectWithTheIssues() throws {
        let usage = try LabBinary.run(["run", Self.quickstart, "--json", "--sed", "3"])
        #expect(usage.status == 2)
        let usageError = try #require(usage.json?["error"] as? [String: Any], "stdout: \(usage.stdout)")
        #expect(usageError["code"] as? String == "usage")
        #expect(usageError["message"] as? String == "unknown option '--sed' (did you mean --seed?)")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-json-bad-\(getpid()).json5")
        try String(contentsOfFile: LabBinary.root + "/" + Self.quickstart, encoding: .utf8)
            .replacingOccurrences(of: "backends: ", with: "backends: -")
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let invalid = try LabBinary.run(["run", file.path, "--json"])
        #expect(invalid.status == 2)
        let error = try #require(invalid.json?["error"] as? [String: Any], "stdout: \(invalid.stdout)")
        #expect(error["code"] as? String == "invalid_scenario")
        let issues = try #require(error["issues"] as? [[String: Any]])
        #expect(!issues.isEmpty)
        for issue in issues {
            #expect(issue["file"] as? String == file.path)
            #expect((issue["line"] as? Int ?? 0) > 0 && (issue["column"] as? Int ?? 0) > 0)
            #expect((issue["path"] as? String ?? "").hasSuffix(".backends"))
            #expect(issue["message"] is String)
        }
        #expect(invalid.stderr.contains("\(file.path):"))

        let directory = try LabBinary.run(["run", "Scenarios", "--json"])
        let only = try #require((directory.json?["error"] as? [String: Any])?["issues"] as? [[String: Any]])
        #expect(only.count == 1)
        #expect(only.first?["line"] is NSNull && only.first?["file"] as? String == "Scenarios")
    }

    @Test func test_progressOffATerminalIsPlainLinesWhenAskedAndNothingOtherwise() throws {
        let asked = try LabBinary.run(["run", Self.quickstart, "--no-record", "--progress"])
        #expect(asked.status == 0, "\(asked.stderr)")
        let lines = asked.stderr.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("lab: progress: virtual ") }, "\(asked.stderr)")
        #expect(lines.last?.contains("virtual 4m / 4m (100%) · ") == true, "\(asked.stderr)")
        #expect(lines.last?.contains(" events · wall ") == true, "\(asked.stderr)")
        #expect(!asked.stderr.contains("\u{1B}"))

        let unasked = try LabBinary.run(["run", Self.quickstart, "--no-record"])
        #expect(unasked.status == 0 && unasked.stderr.isEmpty, "\(unasked.stderr)")
        let both = try LabBinary.run(["run", Self.quickstart, "--progress", "--no-progress"])
        #expect(both.status == 2 && both.stderr.contains("--progress and --no-progress contradict each other"))
    }

    @Test func test_progressOnATerminalIsRedrawnUnlessSilenced() throws {
        // The default quickstart run fires well over 65536 timers, so the lab reports progress at least once.
        let drawn = try PseudoTerminal.run(["run", Self.quickstart, "--no-record"])
        #expect(drawn.status == 0, "\(drawn.terminal)")
        #expect(drawn.terminal.contains("\r\u{1B}[2K  virtual "), "\(drawn.terminal.debugDescription)")
        let silenced = try PseudoTerminal.run(["run", Self.quickstart, "--no-record", "--no-progress"])
        #expect(silenced.status == 0, "\(silenced.terminal)")
        #expect(silenced.terminal.isEmpty, "\(silenced.terminal.debugDescription)")
        #expect(silenced.stdout == drawn.stdout.replacingOccurrences(of: wallFigures(drawn.stdout), with: wallFigures(silenced.stdout)))
    }

    /// The report's line of wall-clock figures, the only part that differs between two runs.
    private func wallFigures(_ report: String) -> String {
        report.split(separator: "\n").first { $0.contains("wall") }.map(String.init) ?? ""
    }
}
