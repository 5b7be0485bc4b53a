import Actors
import Scenarios

/// The parts of the human summary that tell the run's story over time: the table of intervals,
/// and each breaker's run with its transitions (the first few, and always the last of each breaker).
enum RunReportOverTime {
    /// Transitions listed from the start before the rest are elided (the last of each breaker still shown).
    static let firstTransitions = 8

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

    /// Each breaker's figures, then its transitions: the first `firstTransitions` of the run and the
    /// last of each breaker, saying how many were left out between.
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
        // The indices shown: the first few, and the last of every breaker.
        var shown = Set(transitions.indices.prefix(firstTransitions))
        var lastOf: [String: Int] = [:]
        for (i, t) in transitions.enumerated() { lastOf[t.cluster] = i }
        for i in lastOf.values { shown.insert(i) }
        let lasts = Set(lastOf.values)
        var previous = -1
        for i in shown.sorted() {
            if i > previous + 1 {
                let whereAll = r.recording != nil ? "all in the recording's breaker_events table" : "record the run to keep them all"
                out += "  … \(i - previous - 1) elided (\(whereAll))\n"
            }
            let t = transitions[i]
            out += "  \(RunReportText.pad(RunReportText.at(t.at), 12)) \(RunReportText.pad(t.cluster, 12)) \(t.from) → \(t.to)"
            out += lasts.contains(i) && transitions.count > firstTransitions ? "  (last of \(t.cluster))\n" : "\n"
            previous = i
        }
        return out
    }

    static func pad(_ text: String, _ width: Int) -> String { RunReportText.pad(text, width) }

    static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
