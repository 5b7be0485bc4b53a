/// Reads typed values out of a JSON5 tree and collects every problem instead of stopping at the first.
///
/// Each getter takes the node and its key path; on a mismatch it records an issue naming the
/// location, the path, what was expected and what was found, and returns nil.
final class NodeReader {
    let file: String
    private(set) var issues: [ScenarioIssue] = []

    init(file: String) { self.file = file }

    func report(_ location: SourceLocation?, _ path: String, _ message: String) {
        issues.append(ScenarioIssue(file: file, location: location, path: path, message: message))
    }

    private func mismatch(_ node: JSON5Node, _ path: String, expected: String) {
        report(node.location, path, "expected \(expected), found \(node.value.kindDescription)")
    }

    /// An object whose keys must all be in `known`; unknown keys are reported with the list of known ones.
    func object(_ node: JSON5Node, _ path: String, known: [String]) -> ObjectNode? {
        guard case .object(let members) = node.value else {
            mismatch(node, path, expected: "an object")
            return nil
        }
        for member in members where !known.contains(member.key) {
            let hint = Suggestion.hint(for: member.key, in: known)
            report(member.keyLocation, ObjectNode.join(path, member.key),
                   "unknown key '\(member.key)'\(hint); expected one of: \(known.joined(separator: ", "))")
        }
        return ObjectNode(members: members, path: path, location: node.location)
    }

    func array(_ node: JSON5Node, _ path: String) -> [JSON5Node]? {
        guard case .array(let elements) = node.value else {
            mismatch(node, path, expected: "an array")
            return nil
        }
        return elements
    }

    func string(_ node: JSON5Node, _ path: String, nonEmpty: Bool = true) -> String? {
        guard case .string(let text) = node.value else {
            mismatch(node, path, expected: "a string")
            return nil
        }
        if nonEmpty && text.isEmpty {
            report(node.location, path, "expected a non-empty string")
            return nil
        }
        return text
    }

    func bool(_ node: JSON5Node, _ path: String) -> Bool? {
        guard case .bool(let value) = node.value else {
            mismatch(node, path, expected: "true or false")
            return nil
        }
        return value
    }

    /// A finite number within `range`.
    func number(_ node: JSON5Node, _ path: String, in range: ClosedRange<Double>, expected: String) -> Double? {
        guard case .number(let value) = node.value, value.isFinite, range.contains(value) else {
            mismatch(node, path, expected: expected)
            return nil
        }
        return value
    }

    /// A number the rule accepts (a whole one if the rule says so).
    func number(_ node: JSON5Node, _ path: String, _ rule: NumberRule) -> Double? {
        guard case .number(let value) = node.value, rule.accepts(value) else {
            mismatch(node, path, expected: rule.expected)
            return nil
        }
        return value
    }

    /// A whole number the rule accepts.
    func integer(_ node: JSON5Node, _ path: String, _ rule: NumberRule) -> Int? {
        number(node, path, NumberRule(range: rule.range, whole: true, expected: rule.expected)).map { Int($0) }
    }

    /// A whole number within `range`.
    func integer(_ node: JSON5Node, _ path: String, in range: ClosedRange<Int>, expected: String) -> Int? {
        guard case .number(let value) = node.value, value.isFinite, value == value.rounded(),
              value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            mismatch(node, path, expected: expected)
            return nil
        }
        return Int(value)
    }

    /// The longest duration a scenario may give (about 14 months): sums of instants stay far from overflow.
    static let longestDuration = ScenarioLimits.longestDuration

    /// A duration string such as "120ms" or "2m30s", up to `longestDuration`, above zero unless `allowZero`.
    func duration(_ node: JSON5Node, _ path: String, allowZero: Bool = true) -> TimeSpan? {
        let expected = "a duration like \"120ms\""
        guard case .string(let text) = node.value else {
            mismatch(node, path, expected: expected)
            return nil
        }
        guard let span = TimeSpan(parsing: text) else {
            report(node.location, path, "expected \(expected) (units h, m, s, ms, us, ns), found \"\(text)\"")
            return nil
        }
        if let problem = ScenarioLimits.durationProblem(span, text: text, allowZero: allowZero) {
            report(node.location, path, problem)
            return nil
        }
        return span
    }

    /// One of an enumeration's spellings.
    func choice<E: RawRepresentable & CaseIterable>(_ node: JSON5Node, _ path: String, _ type: E.Type) -> E? where E.RawValue == String {
        let options = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard case .string(let text) = node.value else {
            mismatch(node, path, expected: "one of \(options)")
            return nil
        }
        guard let value = E(rawValue: text) else {
            let hint = Suggestion.hint(for: text, in: E.allCases.map(\.rawValue), quote: "\"")
            report(node.location, path, "expected one of \(options), found \"\(text)\"\(hint)")
            return nil
        }
        return value
    }
}

/// An object's members with its key path, for looking up fields by name.
struct ObjectNode {
    let members: [JSON5Member]
    let path: String
    let location: SourceLocation

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func path(_ key: String) -> String { Self.join(path, key) }

    subscript(key: String) -> JSON5Node? { members.first { $0.key == key }?.value }

    /// The field, or an issue saying it is missing.
    func required(_ key: String, _ reader: NodeReader, expected: String) -> JSON5Node? {
        if let node = self[key] { return node }
        reader.report(location, path(key), "missing; expected \(expected)")
        return nil
    }
}
