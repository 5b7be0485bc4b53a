/// The frame opcodes of RFC 6455 §5.2.
public enum WebSocketOpcode: UInt8, Sendable, CaseIterable {
    case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA

    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One WebSocket frame with its payload unmasked. A frame sent by a client carries a masking
/// key (RFC 6455 §5.3); `bytes` applies it, the decoder removes it.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    /// The three reserved bits (RSV1 = 0b100): zero unless an extension was negotiated.
    public var reserved: UInt8
    public var opcode: WebSocketOpcode
    public var maskingKey: [UInt8]?
    public var payload: [UInt8]

    public init(fin: Bool = true, reserved: UInt8 = 0, opcode: WebSocketOpcode, maskingKey: [UInt8]? = nil, payload: [UInt8] = []) {
        self.fin = fin
        self.reserved = reserved
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }

    /// The frame on the wire, its length in the shortest of the 7-, 16- and 64-bit forms.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 14)
        out.append((fin ? 0x80 : 0) | (reserved & 7) << 4 | opcode.rawValue)
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        switch payload.count {
        case 0...125:
            out.append(maskBit | UInt8(payload.count))
        case 126...0xFFFF:
            out.append(maskBit | 126)
            out.append(UInt8(payload.count >> 8))
            out.append(UInt8(payload.count & 0xFF))
        default:
            out.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: payload.count >> shift)) }
        }
        if let key = maskingKey {
            out.append(contentsOf: key)
            for (index, byte) in payload.enumerated() { out.append(byte ^ key[index & 3]) }
        } else {
            out.append(contentsOf: payload)
        }
        return out
    }

    /// A close frame's payload: the code in two bytes and a UTF-8 reason cut to fit 125 bytes.
    public static func closePayload(code: WebSocketCloseCode?, reason: String = "") -> [UInt8] {
        guard let code else { return [] }
        var reasonBytes = Array(reason.utf8.prefix(123))
        while String(validating: reasonBytes, as: UTF8.self) == nil { reasonBytes.removeLast() }
        return [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)] + reasonBytes
    }
}
