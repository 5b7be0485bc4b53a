/// The known words a mistyped one was probably meant to be: `--sed` → `--seed`, `--dur` → `--duration`,
/// `-r` → `--record`. Words are compared without their leading dashes.
enum SpellingSuggestion {
    /// The candidates `word` begins, or else those within a small edit distance of it or of their
    /// own beginning (one edit per three letters, at least one), nearest first; ties keep `candidates`' order.
    static func nearest(_ word: String, among candidates: [String]) -> [String] {
        let typed = bare(word)
        guard !typed.isEmpty else { return [] }
        let prefixed = candidates.filter { bare($0).hasPrefix(typed) && bare($0) != typed }
        if !prefixed.isEmpty { return distinct(prefixed) }
        let limit = max(1, typed.count / 3)
        let scored = candidates.map { candidate -> (String, Int) in
            let known = bare(candidate)
            // A mistyped beginning counts too ("--durr" for "--duration"), once there are three letters to go on.
            let beginning = typed.count >= 3 ? distance(typed, String(known.prefix(typed.count))) : Int.max
            return (candidate, min(distance(typed, known), beginning))
        }.filter { $0.1 <= limit }
        return distinct(scored.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0))
    }

    /// `" (did you mean --seed?)"`, `" (did you mean --no-record or --no-progress?)"`, or "" with no suggestion.
    static func hint(_ word: String, among candidates: [String]) -> String {
        let near = nearest(word, among: candidates)
        guard !near.isEmpty else { return "" }
        let shown = near.prefix(3)
        let list = shown.count == 1 ? shown[0] : shown.dropLast().joined(separator: ", ") + " or " + shown.last!
        return " (did you mean \(list)?)"
    }

    /// Edit distance counting an insertion, a deletion, a substitution or a swap of two
    /// neighbouring characters as one edit each (optimal string alignment).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var before = [Int](), previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
            }
            before = previous
            previous = current
        }
        return previous[b.count]
    }

    private static func bare(_ word: String) -> String { String(word.drop { $0 == "-" }) }

    private static func distinct(_ words: [String]) -> [String] {
        var seen: [String] = []
        for word in words where !seen.contains(word) { seen.append(word) }
        return seen
    }
}
