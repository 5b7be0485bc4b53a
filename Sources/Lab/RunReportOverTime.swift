import Actors
import Scenarios

/// The parts of the human summary that tell the run's story over time: the table of intervals,
/// and each breaker's run with every one of its transitions.
enum RunReportOverTime {
    static func table(_ table: IntervalTable) -> String {
        var out = "over time (rows of \(TimeSpan(nanoseconds: table.width))"
        if let requested = table.requested {
            out += "; --interval \(TimeSpan(nanoseconds: requested)) is not a whole number of the run's slices, the nearest is"
        }
        out += ")\n"
        let breakers = table.rows.first?.breakers.map(\.name) ?? []
        let widths = breakers.map { max($0.count, 14) }
        var head = "  \(pad("from", 10)) \(pad("arrived", 9)) \(pad("completed", 10)) \(pad("success", 9)) \(pad("p99", 11)) \(pad("retries", 8))"
        for (b, name) in breakers.enumerated() { head += " " + pad(name, widths[b]) }
        out += head + " chaos\n"
        for row in table.rows {
            let f = row.figures
            var line = "  \(pad(TimeSpan(nanoseconds: row.start).description, 10)) \(pad(String(f.arrived), 9)) \(pad(String(f.completed), 10))"
            line += " " + pad(row.successRatio.map { RunReportText.fixed(100 * $0, 2) + "%" } ?? "–", 9)
            line += " " + pad(row.p99.map(RunReportText.ms) ?? "–", 11)
            line += " " + pad(String(f.retries), 8)
            for (b, breaker) in row.breakers.enumerated() {
                line += " " + pad(breaker.state.description + (breaker.changes > 0 ? " (\(breaker.changes))" : ""), widths[b])
            }
            line += " " + (row.chaos.isEmpty ? "" : row.chaos.joined(separator: ", "))
            out += trimmed(line) + "\n"
        }
        if !breakers.isEmpty { out += "  breakers: the state at the row's end, (n) the changes within the row\n" }
        return out
    }

    /// Each breaker's figures, then every transition of each breaker with its virtual time, several
    /// to a line; a breaker with more than `listedTransitions` shows its first and last halves and
    /// says where the rest are.
    static func breakers(_ r: RunResult) -> String {
        let transitions = r.summary.transitions
        var out = ""
        let figures = r.breakers
        if !figures.isEmpty {
            out += "breakers\n"
            for b in figures {
                out += "  \(pad(b.cluster, 16)) opened \(b.opens)× · open \(RunReportText.at(b.openNanoseconds)) in total"
                out += " · refused \(b.refused.map(String.init) ?? "not counted") · \(b.transitions) transitions · ends \(b.finalState)\n"
            }
        }
        out += "breaker transitions (\(transitions.count))\n"
        if transitions.isEmpty { return out + "  none\n" }
        for name in r.clusterNames {
            let own = transitions.filter { $0.cluster == name }
            guard !own.isEmpty else { continue }
            out += "  \(name) (\(own.count))\n"
            let items = own.map { "\(RunReportText.at($0.at)) \($0.from) → \($0.to)" }
            if items.count <= listedTransitions {
                out += wrapped(items)
            } else {
                let half = listedTransitions / 2
                let whereAll = r.recording != nil ? "all in --json and the recording's breaker_events table" : "all in --json"
                out += wrapped(Array(items.prefix(half))) + "    … \(items.count - 2 * half) more (\(whereAll))\n" + wrapped(Array(items.suffix(half)))
            }
        }
        return out
    }

    /// Transitions listed per breaker before the middle ones are elided.
    static let listedTransitions = 400

    /// Items joined by " · " on lines of about 100 columns, indented.
    static func wrapped(_ items: [String]) -> String {
        var out = ""
        var line = ""
        for item in items {
            if !line.isEmpty && line.count + 3 + item.count > 96 {
                out += "    \(line)\n"
                line = ""
            }
            line += line.isEmpty ? item : " · \(item)"
        }
        if !line.isEmpty { out += "    \(line)\n" }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String { RunReportText.pad(text, width) }

    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
