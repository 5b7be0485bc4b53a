/// A route's path glob: literal text, `*` (any run of characters, slashes included) and
/// `{name}` (one non-empty path segment, captured by name).
///
/// `/api/*` matches `/api/items/7`; `/api/items/{id}` matches `/api/items/7` with `id = "7"`.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    enum Piece: Sendable, Hashable {
        case literal([UInt8])
        case anything
        case segment(String)
    }

    let pieces: [Piece]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        let bytes = Array(pattern.utf8)
        var i = 0
        func flush() { if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] } }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "*") {
                flush()
                if pieces.last != .anything { pieces.append(.anything) }
                i += 1
            } else if b == UInt8(ascii: "{"), let close = bytes[i...].firstIndex(of: UInt8(ascii: "}")), close > i + 1 {
                flush()
                pieces.append(.segment(String(decoding: bytes[(i + 1)..<close], as: UTF8.self)))
                i = close + 1
            } else {
                literal.append(b)
                i += 1
            }
        }
        flush()
        self.pieces = pieces
    }

    /// Whether `path` matches the whole pattern.
    public func matches(_ path: String) -> Bool { captures(path) != nil }

    /// The `{name}` captures of a match, in pattern order, or nil when `path` does not match.
    public func captures(_ path: String) -> [(name: String, value: String)]? {
        var found: [(String, String)] = []
        guard match(Array(path.utf8)[...], pieces[...], &found) else { return nil }
        return found
    }

    private func match(_ path: ArraySlice<UInt8>, _ pieces: ArraySlice<Piece>, _ found: inout [(String, String)]) -> Bool {
        guard let first = pieces.first else { return path.isEmpty }
        let rest = pieces.dropFirst()
        switch first {
        case .literal(let text):
            guard path.starts(with: text) else { return false }
            return match(path.dropFirst(text.count), rest, &found)
        case .anything:
            if rest.isEmpty { return true }
            var start = path.startIndex
            while start <= path.endIndex {
                let mark = found.count
                if match(path[start...], rest, &found) { return true }
                found.removeSubrange(mark...)
                start += 1
            }
            return false
        case .segment(let name):
            let end = path.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            guard end > path.startIndex else { return false }
            found.append((name, String(decoding: path[path.startIndex..<end], as: UTF8.self)))
            if match(path[end...], rest, &found) { return true }
            found.removeLast()
            return false
        }
    }
}
