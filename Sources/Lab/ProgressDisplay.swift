import Actors

/// How a run shows its progress on stderr: a line redrawn in place on a terminal, plain lines
/// in a log, or nothing.
enum ProgressDisplay {
    case line(ProgressLine)
    case log(ProgressLog)
    case none

    /// What `--progress` / `--no-progress` asked for; without either, a terminal gets the line
    /// (unless the output is JSON) and anything else gets nothing.
    enum Choice {
        case automatic, always, never
    }

    init(_ choice: Choice, json: Bool, terminal: Bool) {
        switch choice {
        case .never: self = .none
        case .automatic: self = terminal && !json ? .line(ProgressLine()) : .none
        case .always: self = terminal ? .line(ProgressLine()) : .log(ProgressLog())
        }
    }

    var reporter: ProgressReporter? {
        switch self {
        case .line(let line): line.reporter
        case .log(let log): log.reporter
        case .none: nil
        }
    }

    /// Ends the display after a run: the line is erased; the log, for a run that finished
    /// (`result` non-nil), gets its closing line.
    func finish(_ result: RunResult?, end: Int64) {
        switch self {
        case .line(let line): line.clear()
        case .log(let log): if let result { log.finish(virtual: result.virtualNanoseconds, end: end, events: result.eventCount) }
        case .none: break
        }
    }
}
