/// The tool's version and help text.
enum LabVersion {
    static let current = "0.1.0"
}

enum Usage {
    static let text = """
    usage: lab <command> [options]

    commands:
      run FILE        run a scenario headless, in virtual time
        --seed N              seed for every random stream (default: the scenario's seed)
        --duration D          virtual duration, e.g. 90s, 10m (default: the scenario's duration)
        --record PATH         write the SQLite flight recording to PATH
                              (default: recordings/<scenario>-seed<N>.sqlite)
        --no-record           do not record
        --json                print one JSON object instead of the human summary
        --check-determinism   run twice and compare traces; on a mismatch name the first divergent event
      validate FILE   check a scenario file and report every problem
      bench codecs    measure the protocol codecs' parse throughput
        --rounds N            rounds per codec; the median is reported (default 5)
      --version       print the version

    exit status: 0 success, 1 the run failed (expectation unmet, recording failed,
    traces diverged), 2 bad input (arguments or scenario file)
    """
}
