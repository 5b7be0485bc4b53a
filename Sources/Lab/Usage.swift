import Actors

/// The tool's version.
enum LabVersion {
    static let current = "0.1.0"
}

/// The commands' syntax and the help printed by `lab --help`, `lab help [COMMAND]` and `lab COMMAND --help`.
enum Usage {
    static let run = CommandSyntax(
        name: "run", operands: "FILE", brief: "run a scenario headless, in virtual time",
        summary: "Runs the scenario in FILE headless, in virtual time, and prints its summary.",
        options: [
            CommandOption(name: "--seed", alias: "-s", value: "N", meaning: "seed for every random stream, an integer from 0",
                          byDefault: "the scenario's seed"),
            CommandOption(name: "--duration", alias: "-d", value: "D",
                          meaning: "virtual duration, e.g. 90s, 10m, 1h30m; above 0, at most \(RunCommand.longestDuration)",
                          byDefault: "the scenario's duration"),
            CommandOption(name: "--record", value: "PATH", meaning: "write the SQLite flight recording to PATH",
                          byDefault: "recordings/<scenario>-seed<N>.sqlite"),
            CommandOption(name: "--no-record", meaning: "do not record", byDefault: "record, see --record"),
            CommandOption(name: "--json", meaning: "print one JSON object on stdout instead of the human summary",
                          byDefault: "the human summary"),
            CommandOption(name: "--check-determinism",
                          meaning: "run twice and compare traces;\non a mismatch name the first divergent event",
                          byDefault: "run once"),
            CommandOption(name: "--progress",
                          meaning: "report progress on stderr even when it is not a terminal:\na line every "
                              + "\(Int(ProgressLog.interval.seconds)) s of wall time and one at the end",
                          byDefault: "a line redrawn on a terminal, unless --json"),
            CommandOption(name: "--no-progress", meaning: "no progress report, even on a terminal"),
            CommandOption(name: "--interval", value: "D",
                          meaning: "rows of the report's table over time, e.g. 30s; a whole number of the run's\n"
                              + "slices (100ms to 1s for runs up to ~17 minutes, wider beyond), else the nearest",
                          byDefault: "about \(IntervalTable.automaticRows) rows"),
            CommandOption(name: "--max-in-flight", value: "N",
                          meaning: "end the run as overloaded when more than N requests are in flight\n(about 200 bytes each)",
                          byDefault: "\(InFlightLimit.defaultRequests)"),
            CommandOption(name: "--bundle", value: "DIR",
                          meaning: "when the run fails, write its reproduction bundle to DIR (see `lab replay`)",
                          byDefault: "bundles/<scenario>-seed<N>"),
            CommandOption(name: "--no-bundle", meaning: "write no bundle, even when the run fails", byDefault: "a bundle, see --bundle"),
        ],
        notes: [
            "Values follow their option (--seed 3, -s 3) or join it (--seed=3); -- ends the options.",
            """
            With --json, stdout holds exactly one object, whatever happens:
              a run:     {"scenario", "seed", "virtual_seconds", "requests", "completed", "ok", "failed",
                          "retries", "refused_by_every_breaker", "routing", "attempts_per_request", "success_ratio",
                          "p50_ms", "p99_ms", "by_cluster", "by_route", "breakers", "breaker_transitions",
                          "intervals", "interval_seconds", "expectations", "trace_hash", "passed",
                          "wall_seconds", "simulated_requests_per_second", "bundle", ...}
                         ("bundle": the reproduction bundle's directory, or null when none was written;
                          "bundle_error" when writing it failed)
              an expectation: {"expectation", "status" (met, failed or not_evaluated), "reason", "observed"}
              a failure: {"error": {"code": CODE, "message": TEXT}}, the message also on stderr, CODE one of
                usage                  the arguments are wrong (exit 2)
                invalid_scenario       FILE is missing, unreadable or has problems (exit 2); the error also
                                       holds "issues": [{"file", "line", "column", "path", "message"}]
                                       (line and column null when the problem is the file itself)
                recording_unavailable  the recording cannot be created (exit 1)
                foreign_jobs           a task escaped the lab's executor; the run is not deterministic (exit 1)
                loop_did_not_finish    the event loop did not run to its end (exit 1)
                overloaded             more requests were in flight than --max-in-flight allows (exit 1)
              when the second run of --check-determinism fails, the code is that run's and the message
              begins "second run for the determinism check failed".
            """,
            """
            A run that fails (an expectation unmet, the recording failed, traces diverged) writes a
            reproduction bundle, a directory holding scenario.json5 (the file's bytes as the run read
            them), bundle.json (format, lab_version, scenario_file, seed, duration, trace_hash, passed,
            failed_expectations, options), report.json (the --json object), recording.sqlite (when the
            run was recorded) and README.md. Its files are replaced; other files in DIR are left alone.
            Its path goes to stderr; a bundle that cannot be written is reported there, and the exit
            status stays the run's.
            """,
            exitStatus,
        ])

    static let replay = CommandSyntax(
        name: "replay", operands: "BUNDLE", brief: "run a reproduction bundle again, compare trace hashes",
        summary: "Runs the reproduction bundle BUNDLE (the directory a failed `lab run` wrote) again: its\n"
            + "scenario.json5 with the seed, duration and options of bundle.json. Prints the run's summary,\n"
            + "then whether the trace hash matches the bundle's: \"trace hash H matches the bundle\" or\n"
            + "\"trace hash differs: bundle H1, now H2\".",
        options: [
            CommandOption(name: "--json", meaning: "print one JSON object on stdout instead of the human summary",
                          byDefault: "the human summary"),
            CommandOption(name: "--record", value: "PATH", meaning: "write the replay's SQLite flight recording to PATH",
                          byDefault: "recordings/<scenario>-seed<N>.sqlite"),
            CommandOption(name: "--no-record", meaning: "do not record", byDefault: "record, see --record"),
            CommandOption(name: "--interval", value: "D", meaning: "rows of the report's table over time, as for `lab run`",
                          byDefault: "the bundle's"),
            CommandOption(name: "--progress", meaning: "report progress on stderr even when it is not a terminal",
                          byDefault: "a line redrawn on a terminal, unless --json"),
            CommandOption(name: "--no-progress", meaning: "no progress report, even on a terminal"),
        ],
        notes: [
            """
            A replay reproduces a failure, and reproducing it is success: the exit status is 0 when the
            trace hash matches the bundle's, whatever the expectations say, 1 when it differs (the lab,
            the scenario or the seed changed), 2 when BUNDLE is not a usable bundle or the arguments are
            wrong. A replay writes no bundle of its own.
            """,
            """
            With --json, stdout holds the run's object (as `lab run --json`) with
              "replay": {"bundle", "bundle_trace_hash", "trace_hash", "matches"}
            or a failure, {"error": {"code": CODE, "message": TEXT}}, CODE one of those of `lab run` or
                invalid_bundle         a file is missing or unreadable, bundle.json is not JSON, lacks a
                                       key or holds one of the wrong kind, or its format is not 1 (exit 2);
                                       the message names the file, the key and what was expected
                invalid_scenario       the bundle's scenario.json5 has problems (exit 2)
            """,
        ])

    static let validate = CommandSyntax(
        name: "validate", operands: "FILE", brief: "check a scenario file and report every problem",
        summary: "Checks the scenario in FILE and reports every problem, "
            + "as file:line:column: key.path: what was expected.",
        options: [], notes: [exitStatus])

    static let bench = CommandSyntax(
        name: "bench", operands: "codecs", brief: "measure the protocol codecs' parse throughput",
        summary: "Measures the protocol codecs' parse throughput (use a release build).",
        options: [
            CommandOption(name: "--rounds", value: "N", meaning: "rounds per codec, from 1 to \(BenchCommand.mostRounds); "
                          + "the median is reported", byDefault: "\(BenchCommand.defaultRounds)"),
        ])

    static let commands = [run, replay, validate, bench]

    static let exitStatus = """
        exit status: 0 success, 1 the run failed (expectation unmet, recording failed,
        traces diverged), 2 bad input (arguments or scenario file)
        """

    /// `lab --help`: every command with its options.
    static var text: String {
        var text = "usage: lab <command> [options]\n\ncommands:\n"
        for command in commands {
            let head = "\(command.name) \(command.operands)"
            text += "  " + head + String(repeating: " ", count: max(1, 18 - head.count)) + command.brief + "\n"
            text += CommandSyntax.describe(command.options, indent: "      ")
        }
        text += """
          help [COMMAND]    print this help, or a command's (also: lab COMMAND --help, -h)
          --version         print the version

        \(exitStatus)
        """
        return text
    }

    /// The syntax of the command called `name`, if there is one.
    static func command(_ name: String) -> CommandSyntax? { commands.first { $0.name == name } }
}
