/// "Did you mean" for a misspelt key, enumeration value or name: the closest of the known words by
/// edit distance (Damerau–Levenshtein with adjacent transpositions, ignoring case), if it is close.
///
/// Close means at most one edit for words of up to five characters, two up to eight, three beyond,
/// and fewer edits than the word has characters; otherwise nothing is suggested. Ties go to the
/// word listed first, so the suggestion is the same on every run.
enum Suggestion {
    static func closest(to word: String, in known: [String]) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        guard !typed.isEmpty else { return nil }
        let allowed = typed.count <= 5 ? 1 : typed.count <= 8 ? 2 : 3
        var best: (word: String, distance: Int)?
        for candidate in known where candidate != word {
            let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
            guard distance <= allowed, distance < typed.count else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.word
    }

    /// The hint appended to a message: ` (did you mean 'x'?)`, or nothing.
    static func hint(for word: String, in known: [String], quote: String = "'") -> String {
        closest(to: word, in: known).map { " (did you mean \(quote)\($0)\(quote)?)" } ?? ""
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
