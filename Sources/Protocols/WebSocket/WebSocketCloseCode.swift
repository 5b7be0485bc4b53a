/// A close status code (RFC 6455 §7.4). 1005, 1006 and 1015 only report what happened
/// locally; they are never sent in a close frame.
public struct WebSocketCloseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let normalClosure = WebSocketCloseCode(1000)
    public static let goingAway = WebSocketCloseCode(1001)
    public static let protocolError = WebSocketCloseCode(1002)
    public static let unsupportedData = WebSocketCloseCode(1003)
    public static let noStatusReceived = WebSocketCloseCode(1005)
    public static let abnormalClosure = WebSocketCloseCode(1006)
    public static let invalidPayloadData = WebSocketCloseCode(1007)
    public static let policyViolation = WebSocketCloseCode(1008)
    public static let messageTooBig = WebSocketCloseCode(1009)
    public static let mandatoryExtension = WebSocketCloseCode(1010)
    public static let internalError = WebSocketCloseCode(1011)
    public static let tlsHandshake = WebSocketCloseCode(1015)

    /// Whether the code may appear in a close frame: 1000–1003, 1007–1014 (1012–1014 were
    /// registered after the RFC) and the application ranges 3000–4999.
    public var canBeSent: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    public var description: String {
        switch rawValue {
        case 1000: return "1000 normal closure"
        case 1001: return "1001 going away"
        case 1002: return "1002 protocol error"
        case 1003: return "1003 unsupported data"
        case 1005: return "1005 no status received"
        case 1006: return "1006 abnormal closure"
        case 1007: return "1007 invalid payload data"
        case 1008: return "1008 policy violation"
        case 1009: return "1009 message too big"
        case 1010: return "1010 mandatory extension"
        case 1011: return "1011 internal error"
        case 1015: return "1015 TLS handshake"
        default: return String(rawValue)
        }
    }
}
