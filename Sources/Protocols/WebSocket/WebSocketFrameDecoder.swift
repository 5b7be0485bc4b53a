/// Reads WebSocket frames from bytes that arrive in pieces, checking the framing rules of
/// RFC 6455 §5: reserved bits, known opcodes, short unfragmented control frames, and masking
/// by role (a server reads masked client frames, a client reads unmasked ones).
public struct WebSocketFrameDecoder {
    public enum Role: Sendable { case server, client }

    public let role: Role
    public let maxPayload: Int
    private var input = ByteInput()

    public init(role: Role, maxPayload: Int = 1 << 20) {
        self.role = role
        self.maxPayload = maxPayload
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { input.append(bytes) }

    /// The next complete frame with its payload unmasked, or nil until more bytes arrive.
    public mutating func next() throws(WebSocketError) -> WebSocketFrame? {
        let available = input.available
        guard available >= 2 else { return nil }
        let start = input.start
        let first = input[start], second = input[start + 1]
        let reserved = (first >> 4) & 7
        if reserved != 0 { throw .reservedBitsSet }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .unknownOpcode(first & 0x0F) }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        if masked != (role == .server) { throw .maskingViolation(expectedMask: role == .server) }
        var length = Int(second & 0x7F)
        var offset = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = Int(input[start + 2]) << 8 | Int(input[start + 3])
            offset = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            if input[start + 2] & 0x80 != 0 { throw .lengthTooLarge }
            var value: UInt64 = 0
            for index in 2..<10 { value = value << 8 | UInt64(input[start + index]) }
            if value > UInt64(maxPayload) { throw .messageTooBig(limit: maxPayload) }
            length = Int(value)
            offset = 10
        }
        if opcode.isControl {
            if length > 125 { throw .controlFrameTooLong(length) }
            if !fin { throw .fragmentedControlFrame }
        }
        if length > maxPayload { throw .messageTooBig(limit: maxPayload) }
        let keyLength = masked ? 4 : 0
        guard available >= offset + keyLength + length else { return nil }
        let key = masked ? Array(input.bytes[(start + offset)..<(start + offset + 4)]) : nil
        let payloadStart = start + offset + keyLength
        var payload = Array(input.bytes[payloadStart..<(payloadStart + length)])
        if let key {
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        input.start = payloadStart + length
        return WebSocketFrame(fin: fin, reserved: reserved, opcode: opcode, maskingKey: key, payload: payload)
    }

    /// Call at the end of the stream: throws `.truncated` if a frame was cut off.
    public func finish() throws(WebSocketError) {
        if input.available > 0 { throw .truncated }
    }
}
