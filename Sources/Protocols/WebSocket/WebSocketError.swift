/// Why bytes from a peer break RFC 6455, with the close code the endpoint answers with.
public enum WebSocketError: Error, Sendable, Equatable, CustomStringConvertible {
    case reservedBitsSet
    case unknownOpcode(UInt8)
    case controlFrameTooLong(Int)
    case fragmentedControlFrame
    /// A client frame without a mask, or a server frame with one.
    case maskingViolation(expectedMask: Bool)
    case lengthTooLarge
    case messageTooBig(limit: Int)
    case unexpectedContinuation
    case expectedContinuation
    case invalidUTF8
    case invalidClosePayload(String)
    /// The stream ended inside a frame.
    case truncated

    public var description: String {
        switch self {
        case .reservedBitsSet: return "reserved bits set without a negotiated extension"
        case .unknownOpcode(let opcode): return "unknown opcode 0x\(String(opcode, radix: 16))"
        case .controlFrameTooLong(let length): return "control frame payload of \(length) bytes (limit 125)"
        case .fragmentedControlFrame: return "fragmented control frame"
        case .maskingViolation(let expected): return expected ? "client frame without a mask" : "server frame with a mask"
        case .lengthTooLarge: return "64-bit length with the most significant bit set"
        case .messageTooBig(let limit): return "message larger than \(limit) bytes"
        case .unexpectedContinuation: return "continuation frame with no message in progress"
        case .expectedContinuation: return "new data frame while a fragmented message is in progress"
        case .invalidUTF8: return "text that is not valid UTF-8"
        case .invalidClosePayload(let why): return "invalid close frame: \(why)"
        case .truncated: return "stream ended inside a frame"
        }
    }

    /// The code of the close frame an endpoint sends when it fails the connection this way.
    public var closeCode: WebSocketCloseCode {
        switch self {
        case .messageTooBig: return .messageTooBig
        case .invalidUTF8: return .invalidPayloadData
        case .truncated: return .abnormalClosure
        default: return .protocolError
        }
    }
}
