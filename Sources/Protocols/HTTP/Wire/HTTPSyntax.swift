/// Character classes of RFC 9110 used by the wire codec.
enum HTTPSyntax {
    /// tchar: the characters of a method or a field name.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// field-vchar, space, tab and obs-text: anything but control characters.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 9 || (byte >= 32 && byte != 127)
    }

    /// A request target: visible ASCII, no spaces.
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 32 && byte < 127
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 65...70: return Int(byte - 55)
        case 97...102: return Int(byte - 87)
        default: return nil
        }
    }

    /// `HTTP/1.1` → version; nil when the text is not an HTTP version at all.
    static func version(_ text: ArraySlice<UInt8>) -> HTTPVersion? {
        guard text.count == 8, text.starts(with: "HTTP/".utf8) else { return nil }
        let major = text[text.startIndex + 5], dot = text[text.startIndex + 6], minor = text[text.startIndex + 7]
        guard (48...57).contains(major), dot == 46, (48...57).contains(minor) else { return nil }
        return HTTPVersion(major: Int(major - 48), minor: Int(minor - 48))
    }
}
