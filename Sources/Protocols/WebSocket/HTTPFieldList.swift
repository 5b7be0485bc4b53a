/// The comma-separated list syntax of HTTP header fields (RFC 9110 §5.6.1, the `#` rule RFC 6455
/// writes its handshake fields with): elements split on commas outside quoted strings, optional
/// whitespace around them, empty elements ignored.
enum HTTPFieldList {
    /// The non-empty, trimmed elements of one field value; nil when a quoted string is left open.
    static func elements(of value: String) -> [ArraySlice<UInt8>]? {
        guard let parts = split(Array(value.utf8)[...], on: UInt8(ascii: ",")) else { return nil }
        return parts.filter { !$0.isEmpty }
    }

    /// The trimmed pieces of `text` between `separator`s that lie outside quoted strings.
    static func split(_ text: ArraySlice<UInt8>, on separator: UInt8) -> [ArraySlice<UInt8>]? {
        var parts: [ArraySlice<UInt8>] = []
        var start = text.startIndex, quoted = false, escaped = false
        for index in text.indices {
            let byte = text[index]
            if escaped { escaped = false; continue }
            if quoted {
                if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { quoted = false }
                continue
            }
            if byte == UInt8(ascii: "\"") { quoted = true }
            if byte == separator {
                parts.append(trimmed(text[start..<index]))
                start = index + 1
            }
        }
        guard !quoted else { return nil }
        parts.append(trimmed(text[start...]))
        return parts
    }

    /// The text as a token (RFC 9110 tchar+, no surrounding whitespace once trimmed), or nil.
    static func token(_ text: ArraySlice<UInt8>) -> String? {
        let text = trimmed(text)
        guard !text.isEmpty, text.allSatisfy(HTTPSyntax.isTokenByte) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// Every subprotocol token of the field values, in order (`1#token`, RFC 6455 §4.1 and §11.3.4),
    /// or nil when an element is not a token or the values list none.
    static func tokens(_ values: [String]) -> [String]? {
        var tokens: [String] = []
        for value in values {
            guard let elements = elements(of: value) else { return nil }
            for element in elements {
                guard let token = token(element) else { return nil }
                tokens.append(token)
            }
        }
        return tokens.isEmpty ? nil : tokens
    }

    /// The content of a quoted string with its backslash escapes undone, or nil unless `text` is
    /// exactly one quoted string.
    static func unquoted(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.first == UInt8(ascii: "\""), text.last == UInt8(ascii: "\"") else { return nil }
        var out: [UInt8] = []
        var escaped = false
        for byte in text.dropFirst().dropLast() {
            if escaped {
                out.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                return nil
            } else {
                out.append(byte)
            }
        }
        return escaped ? nil : out
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var text = text
        while let first = text.first, first == 32 || first == 9 { text.removeFirst() }
        while let last = text.last, last == 32 || last == 9 { text.removeLast() }
        return text
    }
}
