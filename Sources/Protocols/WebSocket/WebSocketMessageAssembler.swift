/// What a WebSocket endpoint receives once frames are put together.
public enum WebSocketEvent: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// The peer's close frame: its code (nil when the frame had none, reported as 1005) and reason.
    case close(WebSocketCloseCode?, String)
}

/// Joins fragmented data frames into messages, passes control frames through (they may come
/// between fragments), validates text as UTF-8 and close payloads, and bounds message size.
public struct WebSocketMessageAssembler {
    public let maxMessage: Int
    private var fragments: [UInt8] = []
    private var fragmentOpcode: WebSocketOpcode?

    public init(maxMessage: Int = 1 << 20) { self.maxMessage = maxMessage }

    /// The event a frame completes, or nil while a fragmented message is still arriving.
    public mutating func receive(_ frame: WebSocketFrame) throws(WebSocketError) -> WebSocketEvent? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.close(frame.payload)
        case .continuation:
            guard let opcode = fragmentOpcode else { throw .unexpectedContinuation }
            try appendFragment(frame.payload)
            guard frame.fin else { return nil }
            fragmentOpcode = nil
            defer { fragments = [] }
            return try Self.message(opcode, fragments)
        case .text, .binary:
            if fragmentOpcode != nil { throw .expectedContinuation }
            if frame.fin { return try Self.message(frame.opcode, frame.payload) }
            fragmentOpcode = frame.opcode
            fragments = []
            try appendFragment(frame.payload)
            return nil
        }
    }

    private mutating func appendFragment(_ payload: [UInt8]) throws(WebSocketError) {
        if fragments.count + payload.count > maxMessage { throw .messageTooBig(limit: maxMessage) }
        fragments.append(contentsOf: payload)
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: [UInt8]) throws(WebSocketError) -> WebSocketEvent {
        guard opcode == .text else { return .binary(payload) }
        guard let text = String(validating: payload, as: UTF8.self) else { throw .invalidUTF8 }
        return .text(text)
    }

    static func close(_ payload: [UInt8]) throws(WebSocketError) -> WebSocketEvent {
        if payload.isEmpty { return .close(nil, "") }
        guard payload.count >= 2 else { throw .invalidClosePayload("one-byte payload") }
        let code = WebSocketCloseCode(UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.canBeSent else { throw .invalidClosePayload("code \(code.rawValue) may not be sent") }
        guard let reason = String(validating: payload.dropFirst(2), as: UTF8.self) else { throw .invalidUTF8 }
        return .close(code, reason)
    }

    /// A message as frames: one frame, or fragments of at most `fragmentSize` bytes.
    public static func frames(for event: WebSocketEvent, fragmentSize: Int? = nil, maskingKey: [UInt8]? = nil) -> [WebSocketFrame] {
        let (opcode, payload): (WebSocketOpcode, [UInt8])
        switch event {
        case .text(let text): (opcode, payload) = (.text, Array(text.utf8))
        case .binary(let bytes): (opcode, payload) = (.binary, bytes)
        case .ping(let bytes): return [WebSocketFrame(opcode: .ping, maskingKey: maskingKey, payload: bytes)]
        case .pong(let bytes): return [WebSocketFrame(opcode: .pong, maskingKey: maskingKey, payload: bytes)]
        case .close(let code, let reason):
            return [WebSocketFrame(opcode: .close, maskingKey: maskingKey, payload: WebSocketFrame.closePayload(code: code, reason: reason))]
        }
        guard let size = fragmentSize, size > 0, payload.count > size else {
            return [WebSocketFrame(opcode: opcode, maskingKey: maskingKey, payload: payload)]
        }
        var frames: [WebSocketFrame] = []
        var offset = 0
        while offset < payload.count {
            let end = min(offset + size, payload.count)
            frames.append(WebSocketFrame(fin: end == payload.count, opcode: offset == 0 ? opcode : .continuation,
                                         maskingKey: maskingKey, payload: Array(payload[offset..<end])))
            offset = end
        }
        return frames
    }
}
