/// One length-prefixed gRPC frame: a message, or in gRPC-Web the trailers frame (flag 0x80).
///
/// On the wire: one flag byte (bit 0 compressed, bit 7 trailers), a 4-byte big-endian length,
/// then that many bytes.
public enum GRPCFrame: Sendable, Equatable {
    case message([UInt8], compressed: Bool = false)
    case trailers(HTTPHeaders)

    public static let headerLength = 5

    /// The frame's bytes. Trailers are written as gRPC-Web does: `name: value` CR LF lines.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    public func append(to out: inout [UInt8]) {
        switch self {
        case .message(let payload, let compressed):
            GRPCFrame.appendHeader(flags: compressed ? 1 : 0, length: payload.count, to: &out)
            out.append(contentsOf: payload)
        case .trailers(let fields):
            var block: [UInt8] = []
            for field in fields {
                block.append(contentsOf: field.name.lowercased().utf8)
                block.append(contentsOf: ": ".utf8)
                block.append(contentsOf: field.value.utf8)
                block.append(contentsOf: [13, 10])
            }
            GRPCFrame.appendHeader(flags: 0x80, length: block.count, to: &out)
            out.append(contentsOf: block)
        }
    }

    private static func appendHeader(flags: UInt8, length: Int, to out: inout [UInt8]) {
        let length = UInt32(truncatingIfNeeded: length)
        out.append(flags)
        out.append(UInt8(truncatingIfNeeded: length >> 24))
        out.append(UInt8(truncatingIfNeeded: length >> 16))
        out.append(UInt8(truncatingIfNeeded: length >> 8))
        out.append(UInt8(truncatingIfNeeded: length))
    }

    /// A whole gRPC-Web response body: the messages, then the status as a trailers frame.
    public static func webResponseBody(messages: [[UInt8]], status: GRPCStatus) -> [UInt8] {
        var out: [UInt8] = []
        for message in messages { GRPCFrame.message(message).append(to: &out) }
        GRPCFrame.trailers(status.trailers).append(to: &out)
        return out
    }
}

/// Why bytes are not valid gRPC framing.
public enum GRPCFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A flag byte other than 0 or 1 (or 0x80/0x81 where trailers frames are allowed).
    case invalidFlags(UInt8)
    case messageTooLarge(length: Int, limit: Int)
    case malformedTrailers(String)
    /// A frame after the trailers frame.
    case frameAfterTrailers
    /// The stream ended inside a frame.
    case truncated

    public var description: String {
        switch self {
        case .invalidFlags(let flags): return "invalid frame flags 0x\(String(flags, radix: 16))"
        case .messageTooLarge(let length, let limit): return "message of \(length) bytes exceeds the limit of \(limit)"
        case .malformedTrailers(let why): return "malformed trailers frame: \(why)"
        case .frameAfterTrailers: return "frame after the trailers frame"
        case .truncated: return "stream ended inside a frame"
        }
    }

    /// The status a receiver reports for the failure.
    public var status: GRPCStatusCode {
        switch self {
        case .messageTooLarge: return .resourceExhausted
        default: return .internal
        }
    }
}
