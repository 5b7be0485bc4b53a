/// Splits a GraphQL document into tokens, skipping ignored tokens (whitespace, line
/// terminators, commas, comments, a byte-order mark), with the errors graphql-js reports.
struct GraphQLLexer {
    let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var columns = ColumnCounter()

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// The location of a byte offset at or after the last one asked for on the same line.
    mutating func location(of offset: Int) -> GraphQLSourceLocation {
        var lineNumber = line, start = lineStart
        if offset < lineStart { (lineNumber, start) = Self.lineOf(offset, in: bytes) }
        return GraphQLSourceLocation(line: lineNumber, column: columns.column(of: offset, line: lineNumber, lineStart: start, in: bytes))
    }

    private static func lineOf(_ offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, start = 0, index = 0
        while index < offset {
            if bytes[index] == 10 {
                line += 1
                start = index + 1
            } else if bytes[index] == 13 {
                if index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
                line += 1
                start = index + 1
            }
            index += 1
        }
        return (line, start)
    }

    private mutating func error(_ message: String, at offset: Int) -> GraphQLSyntaxError {
        GraphQLSyntaxError(message, at: location(of: offset))
    }

    private mutating func newLine(after offset: Int) {
        line += 1
        lineStart = offset
    }

    /// The next significant token.
    mutating func next() throws(GraphQLSyntaxError) -> GraphQLToken {
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case 0x09, 0x20, 0x2C:
                position += 1
            case 0x0A:
                position += 1
                newLine(after: position)
            case 0x0D:
                position += bytes.count > position + 1 && bytes[position + 1] == 0x0A ? 2 : 1
                newLine(after: position)
            case 0xEF where bytes.count > position + 2 && bytes[position + 1] == 0xBB && bytes[position + 2] == 0xBF:
                position += 3
            case UInt8(ascii: "#"):
                while position < bytes.count && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
            default:
                return try token(startingWith: byte)
            }
        }
        return GraphQLToken(kind: .endOfFile, start: position, end: position, value: "")
    }

    private mutating func punctuator(_ kind: GraphQLTokenKind, length: Int = 1) -> GraphQLToken {
        defer { position += length }
        return GraphQLToken(kind: kind, start: position, end: position + length, value: "")
    }

    private mutating func token(startingWith byte: UInt8) throws(GraphQLSyntaxError) -> GraphQLToken {
        switch byte {
        case UInt8(ascii: "!"): return punctuator(.bang)
        case UInt8(ascii: "$"): return punctuator(.dollar)
        case UInt8(ascii: "&"): return punctuator(.ampersand)
        case UInt8(ascii: "("): return punctuator(.parenLeft)
        case UInt8(ascii: ")"): return punctuator(.parenRight)
        case UInt8(ascii: ":"): return punctuator(.colon)
        case UInt8(ascii: "="): return punctuator(.equals)
        case UInt8(ascii: "@"): return punctuator(.at)
        case UInt8(ascii: "["): return punctuator(.bracketLeft)
        case UInt8(ascii: "]"): return punctuator(.bracketRight)
        case UInt8(ascii: "{"): return punctuator(.braceLeft)
        case UInt8(ascii: "|"): return punctuator(.pipe)
        case UInt8(ascii: "}"): return punctuator(.braceRight)
        case UInt8(ascii: "."):
            if peek(1) == UInt8(ascii: ".") && peek(2) == UInt8(ascii: ".") { return punctuator(.spread, length: 3) }
            if peek(1) == UInt8(ascii: ".") { throw error("Unexpected '..', did you mean '...'?", at: position) }
            if let next = peek(1), Self.isDigit(next) {
                throw error("Invalid number, expected digit before '.', did you mean '0.\(Character(Unicode.Scalar(next)))'?", at: position)
            }
            throw error("Unexpected character: '.'.", at: position)
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") { return try blockString() }
            return try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            if Self.isNameStart(byte) { return name() }
            if byte == UInt8(ascii: "'") {
                throw error("Unexpected single quote character ('), did you mean to use a double quote (\")?", at: position)
            }
            throw error("Unexpected character: \(describeCharacter(at: position)).", at: position)
        }
    }

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
    }
    static func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

    private func describeCharacter(at offset: Int) -> String {
        guard offset < bytes.count else { return "<EOF>" }
        let byte = bytes[offset]
        if byte >= 0x20 && byte < 0x7F { return byte == UInt8(ascii: "\"") ? "'\"'" : "'\(Character(Unicode.Scalar(byte)))'" }
        let scalar = Self.scalar(in: bytes, at: offset)?.scalar.value ?? UInt32(byte)
        let hex = String(scalar, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The Unicode scalar starting at `offset` and its length in bytes; nil for invalid UTF-8.
    static func scalar(in bytes: [UInt8], at offset: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        let lead = bytes[offset]
        let length: Int
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        guard let text = String(validating: bytes[offset..<(offset + length)], as: UTF8.self), let scalar = text.unicodeScalars.first
        else { return nil }
        return (scalar, length)
    }

    private mutating func name() -> GraphQLToken {
        let start = position
        position += 1
        while position < bytes.count && Self.isNameContinue(bytes[position]) { position += 1 }
        return GraphQLToken(kind: .name, start: start, end: position, value: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    private mutating func number() throws(GraphQLSyntaxError) -> GraphQLToken {
        let start = position
        var isFloat = false
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        if peek(0) == UInt8(ascii: "0") {
            position += 1
            if let next = peek(0), Self.isDigit(next) {
                throw error("Invalid number, unexpected digit after 0: \(describeCharacter(at: position)).", at: position)
            }
        } else {
            try digits()
        }
        if peek(0) == UInt8(ascii: ".") {
            isFloat = true
            position += 1
            try digits()
        }
        if let marker = peek(0), marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            isFloat = true
            position += 1
            if let sign = peek(0), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
        if let next = peek(0), next == UInt8(ascii: ".") || Self.isNameStart(next) {
            throw error("Invalid number, expected digit but got: \(describeCharacter(at: position)).", at: position)
        }
        return GraphQLToken(kind: isFloat ? .float : .int, start: start, end: position,
                            value: String(decoding: bytes[start..<position], as: UTF8.self))
    }

    private mutating func digits() throws(GraphQLSyntaxError) {
        guard let first = peek(0), Self.isDigit(first) else {
            throw error("Invalid number, expected digit but got: \(describeCharacter(at: position)).", at: position)
        }
        while let next = peek(0), Self.isDigit(next) { position += 1 }
    }

    private mutating func string() throws(GraphQLSyntaxError) -> GraphQLToken {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        var chunkStart = position
        func flush(_ end: Int) { value.append(contentsOf: String(decoding: bytes[chunkStart..<end], as: UTF8.self).unicodeScalars) }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                flush(position)
                position += 1
                return GraphQLToken(kind: .string, start: start, end: position, value: String(value))
            case 0x0A, 0x0D:
                throw error("Unterminated string.", at: position)
            case UInt8(ascii: "\\"):
                flush(position)
                value.append(try escape())
                chunkStart = position
            default:
                guard let (_, length) = Self.scalar(in: bytes, at: position) else {
                    throw error("Invalid character within String: \(describeCharacter(at: position)).", at: position)
                }
                position += length
            }
        }
        throw error("Unterminated string.", at: position)
    }

    private mutating func escape() throws(GraphQLSyntaxError) -> Unicode.Scalar {
        let start = position
        guard let kind = peek(1) else { throw error("Invalid character escape sequence: '\\'.", at: start) }
        switch kind {
        case UInt8(ascii: "\""): position += 2; return "\""
        case UInt8(ascii: "\\"): position += 2; return "\\"
        case UInt8(ascii: "/"): position += 2; return "/"
        case UInt8(ascii: "b"): position += 2; return "\u{08}"
        case UInt8(ascii: "f"): position += 2; return "\u{0C}"
        case UInt8(ascii: "n"): position += 2; return "\n"
        case UInt8(ascii: "r"): position += 2; return "\r"
        case UInt8(ascii: "t"): position += 2; return "\t"
        case UInt8(ascii: "u"):
            if peek(2) == UInt8(ascii: "{") { return try variableWidthEscape(start) }
            guard let code = fixedEscape(at: start) else { throw invalidEscape(start, length: 6) }
            if (0xD800...0xDBFF).contains(code) {
                if peek(6) == UInt8(ascii: "\\"), peek(7) == UInt8(ascii: "u"), let low = fixedEscape(at: start + 6),
                   (0xDC00...0xDFFF).contains(low) {
                    position += 12
                    return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))!
                }
                throw invalidEscape(start, length: 6)
            }
            guard let scalar = Unicode.Scalar(code) else { throw invalidEscape(start, length: 6) }
            position += 6
            return scalar
        default:
            throw error("Invalid character escape sequence: '\\\(Character(Unicode.Scalar(kind)))'.", at: start)
        }
    }

    private func fixedEscape(at offset: Int) -> UInt32? {
        guard offset + 6 <= bytes.count else { return nil }
        var code: UInt32 = 0
        for index in (offset + 2)..<(offset + 6) {
            guard let digit = HTTPSyntax.hexValue(bytes[index]) else { return nil }
            code = code << 4 | UInt32(digit)
        }
        return code
    }

    private mutating func variableWidthEscape(_ start: Int) throws(GraphQLSyntaxError) -> Unicode.Scalar {
        var code: UInt32 = 0
        var size = 3
        while size < 12, start + size < bytes.count {
            let byte = bytes[start + size]
            if byte == UInt8(ascii: "}") && size > 3 {
                guard let scalar = Unicode.Scalar(code) else { break }
                position = start + size + 1
                return scalar
            }
            guard let digit = HTTPSyntax.hexValue(byte) else { break }
            code = code << 4 | UInt32(digit)
            if code > 0x10FFFF { code = 0x110000 }
            size += 1
        }
        throw invalidEscape(start, length: size + 1)
    }

    private mutating func invalidEscape(_ start: Int, length: Int) -> GraphQLSyntaxError {
        let end = min(bytes.count, start + length)
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        return error("Invalid Unicode escape sequence: '\(text)'.", at: start)
    }

    private mutating func blockString() throws(GraphQLSyntaxError) -> GraphQLToken {
        let start = position
        position += 3
        var raw: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") && peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") {
                position += 3
                return GraphQLToken(kind: .blockString, start: start, end: position, value: GraphQLBlockString.value(raw))
            }
            if byte == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") && peek(3) == UInt8(ascii: "\"") {
                raw += [34, 34, 34]
                position += 4
                continue
            }
            if byte == 0x0A {
                raw.append(byte)
                position += 1
                newLine(after: position)
                continue
            }
            if byte == 0x0D {
                let length = peek(1) == 0x0A ? 2 : 1
                raw.append(contentsOf: bytes[position..<(position + length)])
                position += length
                newLine(after: position)
                continue
            }
            guard let (_, length) = Self.scalar(in: bytes, at: position) else {
                throw error("Invalid character within String: \(describeCharacter(at: position)).", at: position)
            }
            raw.append(contentsOf: bytes[position..<(position + length)])
            position += length
        }
        throw error("Unterminated string.", at: position)
    }
}

/// The value of a block string (spec §2.9.4, BlockStringValue): common indentation and
/// blank first and last lines removed.
enum GraphQLBlockString {
    static func value(_ raw: [UInt8]) -> String {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, index = 0
        while index < raw.count {
            if raw[index] == 0x0A || raw[index] == 0x0D {
                lines.append(raw[start..<index])
                if raw[index] == 0x0D && index + 1 < raw.count && raw[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(raw[start..<raw.count])
        func indent(_ line: ArraySlice<UInt8>) -> Int { line.prefix { $0 == 0x20 || $0 == 0x09 }.count }
        func isBlank(_ line: ArraySlice<UInt8>) -> Bool { indent(line) == line.count }
        let common = lines.dropFirst().filter { !isBlank($0) }.map(indent).min() ?? 0
        var trimmed = lines.enumerated().map { $0.offset == 0 ? $0.element : $0.element.dropFirst(common) }
        while let first = trimmed.first, isBlank(first) { trimmed.removeFirst() }
        while let last = trimmed.last, isBlank(last) { trimmed.removeLast() }
        return trimmed.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }
}
