import Protocols

/// A JSON5 reader (https://spec.json5.org) that keeps the position of every value and key.
///
/// Foundation's JSON5 decoder reports syntax errors without a line or column; users of scenario
/// files need both, and the unknown-key report needs source order. Pure and total: any input
/// yields a tree or a `JSON5SyntaxError`, never a crash.
public struct JSON5Parser {
    /// Deepest nesting accepted; deeper documents get an error instead of exhausting the stack.
    public static let maximumDepth = 200

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    /// Duplicate keys seen so far, when the caller asked to keep going past them.
    private var duplicates: [JSON5SyntaxError]?

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses one complete document: a single value, surrounded only by whitespace and comments.
    public static func parse(_ text: String) throws(JSON5SyntaxError) -> JSON5Node {
        var parser = JSON5Parser(text)
        return try parser.parseDocument()
    }

    /// Parses one document, reporting a duplicate key in `duplicateKeys` instead of stopping at it: the
    /// first occurrence is kept and the rest of the document is still read, so a caller can list every
    /// other problem too. Any other syntax error still ends the parse.
    public mutating func parseDocument(duplicateKeys: inout [JSON5SyntaxError]) throws(JSON5SyntaxError) -> JSON5Node {
        duplicates = []
        defer { duplicateKeys.append(contentsOf: duplicates ?? []); duplicates = nil }
        return try parseDocument()
    }

    public mutating func parseDocument() throws(JSON5SyntaxError) -> JSON5Node {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
        try skipTrivia()
        guard index < bytes.count else { throw error("the document is empty; expected a value") }
        let node = try parseValue()
        try skipTrivia()
        if index < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the document") }
        return node
    }

    // MARK: Positions and errors

    private var columns = ColumnCounter()

    private mutating func here() -> SourceLocation {
        SourceLocation(line: line, column: columns.column(of: index, line: line, lineStart: lineStart, in: bytes))
    }

    private mutating func error(_ message: String) -> JSON5SyntaxError { JSON5SyntaxError(message: message, location: here()) }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advanceLine() { line += 1; lineStart = index }

    // MARK: Whitespace and comments

    private mutating func skipTrivia() throws(JSON5SyntaxError) {
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case 0x20, 0x09, 0x0B, 0x0C, 0x0D:
                index += 1
            case 0x0A:
                index += 1; advanceLine()
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:
                index += 2
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                index += 3; advanceLine()
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                index += 3
            case UInt8(ascii: "/"):
                guard index + 1 < bytes.count else { throw error("unexpected '/'; comments start with // or /*") }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    while index < bytes.count && bytes[index] != 0x0A { index += 1 }
                } else if bytes[index + 1] == UInt8(ascii: "*") {
                    let start = here()
                    index += 2
                    var closed = false
                    while index < bytes.count {
                        if bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                            index += 2; closed = true; break
                        }
                        index += 1
                        if bytes[index - 1] == 0x0A { advanceLine() }
                    }
                    if !closed { throw JSON5SyntaxError(message: "the comment opened here is never closed with */", location: start) }
                } else {
                    throw error("unexpected '/'; comments start with // or /*")
                }
            default:
                return
            }
        }
    }

    // MARK: Values

    private mutating func parseValue() throws(JSON5SyntaxError) -> JSON5Node {
        let start = here()
        guard let b = current else { throw error("unexpected end of input; expected a value") }
        switch b {
        case UInt8(ascii: "{"): return JSON5Node(try parseObject(), at: start)
        case UInt8(ascii: "["): return JSON5Node(try parseArray(), at: start)
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return JSON5Node(.string(try parseString()), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSON5Node(.number(try parseNumber()), at: start)
        default:
            if isIdentifierStart(b) {
                let word = try parseIdentifier()
                switch word {
                case "true": return JSON5Node(.bool(true), at: start)
                case "false": return JSON5Node(.bool(false), at: start)
                case "null": return JSON5Node(.null, at: start)
                case "Infinity": return JSON5Node(.number(.infinity), at: start)
                case "NaN": return JSON5Node(.number(.nan), at: start)
                default:
                    throw JSON5SyntaxError(message: "unexpected word '\(word)'; strings need quotes", location: start)
                }
            }
            throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func enter() throws(JSON5SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(JSON5SyntaxError) -> JSON5Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSON5Member] = []
        while true {
            try skipTrivia()
            guard let b = current else { throw error("unexpected end of input inside an object; expected a key or '}'") }
            if b == UInt8(ascii: "}") { index += 1; return .object(members) }
            let keyLocation = here()
            let key: String
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                key = try parseString()
            } else if isIdentifierStart(b) {
                key = try parseIdentifier()
            } else {
                throw error("unexpected \(describeCurrent()); expected a key or '}'")
            }
            let duplicate = members.contains { $0.key == key }
            if duplicate {
                let error = JSON5SyntaxError(message: "duplicate key '\(key)'", location: keyLocation)
                guard duplicates != nil else { throw error }
                duplicates?.append(error)
            }
            try skipTrivia()
            guard current == UInt8(ascii: ":") else { throw error("unexpected \(describeCurrent()) after key '\(key)'; expected ':'") }
            index += 1
            try skipTrivia()
            let value = try parseValue()
            if !duplicate { members.append(JSON5Member(key: key, keyLocation: keyLocation, value: value)) }
            try skipTrivia()
            guard let next = current else { throw error("unexpected end of input inside an object; expected ',' or '}'") }
            if next == UInt8(ascii: ",") { index += 1; continue }
            if next == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("unexpected \(describeCurrent()) after a value in an object; expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSON5SyntaxError) -> JSON5Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSON5Node] = []
        while true {
            try skipTrivia()
            guard let b = current else { throw error("unexpected end of input inside an array; expected a value or ']'") }
            if b == UInt8(ascii: "]") { index += 1; return .array(elements) }
            elements.append(try parseValue())
            try skipTrivia()
            guard let next = current else { throw error("unexpected end of input inside an array; expected ',' or ']'") }
            if next == UInt8(ascii: ",") { index += 1; continue }
            if next == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("unexpected \(describeCurrent()) after a value in an array; expected ',' or ']'")
        }
    }

    // MARK: Identifiers

    private func isIdentifierStart(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b == UInt8(ascii: "_") || b == UInt8(ascii: "$") || b >= 0x80
    }

    private func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || (b >= 48 && b <= 57) }

    private mutating func parseIdentifier() throws(JSON5SyntaxError) -> String {
        let start = index
        while index < bytes.count, isIdentifierPart(bytes[index]) { index += 1 }
        return try decodeUTF8(bytes[start..<index])
    }

    private mutating func decodeUTF8(_ slice: ArraySlice<UInt8>) throws(JSON5SyntaxError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8") }
        return text
    }

    // MARK: Strings

    private mutating func parseString() throws(JSON5SyntaxError) -> String {
        let quote = bytes[index]
        let start = here()
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else {
                throw JSON5SyntaxError(message: "the string opened here is never closed", location: start)
            }
            let b = bytes[index]
            if b == quote { index += 1; break }
            if b == 0x0A || b == 0x0D { throw error("line break inside a string; end the string or escape it with \\") }
            if b == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw JSON5SyntaxError(message: "the string opened here is never closed", location: start) }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "0"):
                    if let n = current, n >= 48 && n <= 57 { throw error("digits may not follow \\0 in a string") }
                    out.append(0)
                case UInt8(ascii: "x"):
                    let value = try parseHex(digits: 2)
                    appendScalar(value, to: &out)
                case UInt8(ascii: "u"):
                    var value = try parseHex(digits: 4)
                    if (0xD800..<0xDC00).contains(value) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("a \\u high surrogate must be followed by a \\u low surrogate")
                        }
                        index += 2
                        let low = try parseHex(digits: 4)
                        guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u high surrogate must be followed by a \\u low surrogate") }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(value) {
                        throw error("a lone \\u low surrogate is not a character")
                    }
                    appendScalar(value, to: &out)
                case 0x0A:
                    advanceLine()
                case 0x0D:
                    if current == 0x0A { index += 1 }
                    advanceLine()
                case UInt8(ascii: "1")...UInt8(ascii: "9"):
                    throw error("\\\(Character(Unicode.Scalar(e))) is not a valid escape")
                default:
                    out.append(e)
                }
                continue
            }
            out.append(b)
            index += 1
        }
        return try decodeUTF8(out[...])
    }

    private mutating func parseHex(digits: Int) throws(JSON5SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let b = current, let digit = hexValue(b) else { throw error("expected \(digits) hexadecimal digits in an escape") }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    private func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(JSON5SyntaxError) -> Double {
        let start = here()
        var sign: Double = 1
        if current == UInt8(ascii: "-") { sign = -1; index += 1 } else if current == UInt8(ascii: "+") { index += 1 }
        if let b = current, isIdentifierStart(b) {
            let word = try parseIdentifier()
            if word == "Infinity" { return sign * .infinity }
            if word == "NaN" { return .nan }
            throw JSON5SyntaxError(message: "malformed number", location: start)
        }
        if current == UInt8(ascii: "0"), index + 1 < bytes.count, bytes[index + 1] | 0x20 == UInt8(ascii: "x") {
            index += 2
            var value: Double = 0
            var count = 0
            while let b = current, let digit = hexValue(b) { value = value * 16 + Double(digit); index += 1; count += 1 }
            guard count > 0 else { throw JSON5SyntaxError(message: "malformed hexadecimal number", location: start) }
            return sign * value
        }
        let numberStart = index
        var digitsBefore = 0, digitsAfter = 0
        while let b = current, b >= 48 && b <= 57 { index += 1; digitsBefore += 1 }
        if digitsBefore > 1 && bytes[numberStart] == UInt8(ascii: "0") {
            throw JSON5SyntaxError(message: "numbers may not have leading zeros", location: start)
        }
        if current == UInt8(ascii: ".") {
            index += 1
            while let b = current, b >= 48 && b <= 57 { index += 1; digitsAfter += 1 }
        }
        guard digitsBefore + digitsAfter > 0 else { throw JSON5SyntaxError(message: "malformed number", location: start) }
        if let e = current, e | 0x20 == UInt8(ascii: "e") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while let b = current, b >= 48 && b <= 57 { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { throw JSON5SyntaxError(message: "malformed exponent in a number", location: start) }
        }
        if let b = current, isIdentifierPart(b) { throw error("unexpected \(describeCurrent()) in a number") }
        let text = String(decoding: bytes[numberStart..<index], as: UTF8.self)
        guard let value = Double(text) else { throw JSON5SyntaxError(message: "malformed number", location: start) }
        guard value.isFinite else { throw JSON5SyntaxError(message: "the number \(text) is too large", location: start) }
        return sign * value
    }
}
