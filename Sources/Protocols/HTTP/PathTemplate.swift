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

    public init(_ template: String) {
        description = template
        var parts: [Part] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"), rest.index(after: open) < close {
            if open > rest.startIndex { parts.append(.literal(String(rest[rest.startIndex..<open]))) }
            parts.append(.placeholder(String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
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
