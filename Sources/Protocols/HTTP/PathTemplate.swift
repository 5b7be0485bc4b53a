/// A request path with `{name}` placeholders, as traffic mixes write it (`/api/items/{id}`).
///
/// Parsed once; rendering fills every placeholder from a value so that each request gets a
/// concrete path without re-reading the template.
public struct PathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case literal(String)
        case placeholder(String)
    }

    public let parts: [Part]
    public let description: String

    /// Parses `template`; a `{` starts a placeholder only when a name of letters, digits, `_`, `-` or `.`
    /// and a `}` follow, so JSON braces in a body template stay literal.
    public init(_ template: String) {
        description = template
        var parts: [Part] = []
        var literal = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            if chars[i] == "{", let close = chars[(i + 1)...].firstIndex(of: "}"), close > i + 1,
               chars[(i + 1)..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.placeholder(String(chars[(i + 1)..<close])))
                i = close + 1
            } else {
                literal.append(chars[i])
                i += 1
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// Placeholder names in order of appearance.
    public var placeholders: [String] {
        parts.compactMap { if case .placeholder(let name) = $0 { return name } else { return nil } }
    }

    /// The path with every placeholder replaced by `value(name)`.
    public func render(_ value: (String) -> String) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text): out += text
            case .placeholder(let name): out += value(name)
            }
        }
        return out
    }

    /// The path with every placeholder replaced by the same integer, as traffic generates it.
    public func render(id: Int64) -> String { render { _ in String(id) } }
}
