/// Why bytes from a peer are not a valid HTTP/1.1 message. Each case maps to the status a
/// server answers with, so the daemon can reply before it closes the connection.
public enum HTTPWireError: Error, Sendable, Equatable, CustomStringConvertible {
    case startLineTooLong(limit: Int)
    case malformedStartLine(String)
    case unsupportedVersion(String)
    case headerLineTooLong(limit: Int)
    case tooManyHeaders(limit: Int)
    case headersTooLarge(limit: Int)
    case malformedHeader(String)
    case obsoleteLineFolding
    case invalidContentLength(String)
    case conflictingFraming
    case unsupportedTransferEncoding(String)
    case bodyTooLarge(limit: Int)
    case malformedChunk(String)
    /// The stream ended inside a message.
    case truncated

    public var description: String {
        switch self {
        case .startLineTooLong(let limit): return "start line longer than \(limit) bytes"
        case .malformedStartLine(let why): return "malformed start line: \(why)"
        case .unsupportedVersion(let version): return "unsupported HTTP version \(version)"
        case .headerLineTooLong(let limit): return "header line longer than \(limit) bytes"
        case .tooManyHeaders(let limit): return "more than \(limit) header fields"
        case .headersTooLarge(let limit): return "header section larger than \(limit) bytes"
        case .malformedHeader(let why): return "malformed header field: \(why)"
        case .obsoleteLineFolding: return "obsolete line folding in a header field"
        case .invalidContentLength(let value): return "invalid Content-Length \(value)"
        case .conflictingFraming: return "both Content-Length and Transfer-Encoding"
        case .unsupportedTransferEncoding(let value): return "unsupported Transfer-Encoding \(value)"
        case .bodyTooLarge(let limit): return "body larger than \(limit) bytes"
        case .malformedChunk(let why): return "malformed chunk: \(why)"
        case .truncated: return "stream ended inside a message"
        }
    }

    /// The status a server answers a request that failed this way with.
    public var responseStatus: Int {
        switch self {
        case .headerLineTooLong, .tooManyHeaders, .headersTooLarge: return 431
        case .startLineTooLong: return 414
        case .bodyTooLarge: return 413
        case .unsupportedVersion: return 505
        case .unsupportedTransferEncoding: return 501
        default: return 400
        }
    }
}
