/// Protocol Buffers wire format for payloads described in JSON, so a scenario can configure a
/// gRPC reply without a .proto file: object keys are field numbers.
///
/// `{"1": "alice", "2": 42, "3": {"1": true}, "4": [1, 2], "5": 0.5}` encodes field 1 as a
/// string, 2 as a varint, 3 as an embedded message, 4 as repeated varints and 5 as a double.
public enum ProtobufWire {
    public enum EncodingError: Error, Sendable, Equatable, CustomStringConvertible {
        case notAnObject
        case invalidFieldNumber(String)
        case unsupportedValue(field: Int)

        public var description: String {
            switch self {
            case .notAnObject: return "a payload must be an object whose keys are field numbers"
            case .invalidFieldNumber(let key): return "\"\(key)\" is not a field number (1 to 536870911, not 19000-19999)"
            case .unsupportedValue(let field): return "field \(field): null and nested arrays have no wire form"
            }
        }
    }

    /// A decoded field: its number, wire type and raw value.
    public enum Field: Sendable, Equatable {
        case varint(number: Int, UInt64)
        case fixed64(number: Int, UInt64)
        case lengthDelimited(number: Int, [UInt8])
        case fixed32(number: Int, UInt32)
    }

    public static func encode(_ description: JSONValue) throws(EncodingError) -> [UInt8] {
        guard case .object(let members) = description else { throw .notAnObject }
        var out: [UInt8] = []
        for member in members {
            guard let number = Int(member.key), (1...536_870_911).contains(number), !(19000...19999).contains(number) else {
                throw .invalidFieldNumber(member.key)
            }
            if case .array(let items) = member.value {
                for item in items { try encodeField(number, item, into: &out) }
            } else {
                try encodeField(number, member.value, into: &out)
            }
        }
        return out
    }

    private static func encodeField(_ number: Int, _ value: JSONValue, into out: inout [UInt8]) throws(EncodingError) {
        switch value {
        case .bool(let flag):
            appendVarint(UInt64(number) << 3, to: &out)
            appendVarint(flag ? 1 : 0, to: &out)
        case .int(let integer):
            appendVarint(UInt64(number) << 3, to: &out)
            appendVarint(UInt64(bitPattern: integer), to: &out)
        case .double(let real):
            appendVarint(UInt64(number) << 3 | 1, to: &out)
            let bits = real.bitPattern
            for shift in stride(from: 0, to: 64, by: 8) { out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        case .string(let text):
            appendLengthDelimited(number, Array(text.utf8), to: &out)
        case .object:
            appendLengthDelimited(number, try encode(value), to: &out)
        case .null, .array:
            throw .unsupportedValue(field: number)
        }
    }

    private static func appendLengthDelimited(_ number: Int, _ bytes: [UInt8], to out: inout [UInt8]) {
        appendVarint(UInt64(number) << 3 | 2, to: &out)
        appendVarint(UInt64(bytes.count), to: &out)
        out.append(contentsOf: bytes)
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    /// The fields of a message at the top level; nil if the bytes are not a valid message.
    public static func fields(_ bytes: [UInt8]) -> [Field]? {
        var fields: [Field] = []
        var index = 0
        func varint() -> UInt64? {
            var result: UInt64 = 0
            for shift in stride(from: 0, to: 70, by: 7) {
                guard index < bytes.count, shift < 64 else { return nil }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << UInt64(shift)
                if byte & 0x80 == 0 { return result }
            }
            return nil
        }
        func fixed(_ count: Int) -> UInt64? {
            guard bytes.count - index >= count else { return nil }
            var value: UInt64 = 0
            for offset in 0..<count { value |= UInt64(bytes[index + offset]) << UInt64(8 * offset) }
            index += count
            return value
        }
        while index < bytes.count {
            guard let key = varint(), key >> 3 >= 1, key >> 3 <= 536_870_911 else { return nil }
            let number = Int(key >> 3)
            switch key & 7 {
            case 0:
                guard let value = varint() else { return nil }
                fields.append(.varint(number: number, value))
            case 1:
                guard let value = fixed(8) else { return nil }
                fields.append(.fixed64(number: number, value))
            case 2:
                guard let length = varint(), length <= UInt64(bytes.count - index) else { return nil }
                fields.append(.lengthDelimited(number: number, Array(bytes[index..<(index + Int(length))])))
                index += Int(length)
            case 5:
                guard let value = fixed(4) else { return nil }
                fields.append(.fixed32(number: number, UInt32(value)))
            default:
                return nil
            }
        }
        return fields
    }
}
