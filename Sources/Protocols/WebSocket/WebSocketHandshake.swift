/// The opening handshake of RFC 6455 §4: a client's upgrade request, the server's
/// `101 Switching Protocols` with `Sec-WebSocket-Accept`, and the checks on both.
public enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `base64(SHA-1(key + GUID))`, what the server proves it read the key with.
    public static func accept(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + guid).utf8)))
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notGet
        case notHTTP11
        case missingUpgrade
        case missingConnectionUpgrade
        case invalidKey
        case unsupportedVersion(String?)
        case notSwitchingProtocols(Int)
        case wrongAccept

        public var description: String {
            switch self {
            case .notGet: return "a WebSocket upgrade must be a GET"
            case .notHTTP11: return "a WebSocket upgrade needs HTTP/1.1"
            case .missingUpgrade: return "missing Upgrade: websocket"
            case .missingConnectionUpgrade: return "missing Connection: Upgrade"
            case .invalidKey: return "Sec-WebSocket-Key must be 16 bytes in base64"
            case .unsupportedVersion(let version): return "Sec-WebSocket-Version \(version ?? "missing"); only 13 is supported"
            case .notSwitchingProtocols(let status): return "expected 101 Switching Protocols, got \(status)"
            case .wrongAccept: return "Sec-WebSocket-Accept does not match the key"
            }
        }

        /// The status a server rejects the upgrade with (426 carries `Sec-WebSocket-Version: 13`).
        public var status: Int {
            if case .unsupportedVersion = self { return 426 }
            return 400
        }
    }

    /// A client's upgrade request with a key made from 16 bytes the caller chose (seeded in the lab).
    public static func clientRequest(path: String, host: String, keyBytes: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, headers: [("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                         ("Sec-WebSocket-Key", Base64.encode(keyBytes)), ("Sec-WebSocket-Version", "13")])
    }

    /// Checks a client's upgrade request and returns the server's 101 response.
    public static func respond(to request: HTTPRequest) throws(Failure) -> HTTPResponse {
        guard request.method == "GET" else { throw .notGet }
        guard request.version.major == 1, request.version.minor >= 1 else { throw .notHTTP11 }
        guard request.headers.contains(token: "websocket", in: "Upgrade") else { throw .missingUpgrade }
        guard request.headers.contains(token: "upgrade", in: "Connection") else { throw .missingConnectionUpgrade }
        guard let key = request.headers["Sec-WebSocket-Key"], Base64.decode(key)?.count == 16 else { throw .invalidKey }
        let version = request.headers["Sec-WebSocket-Version"]
        guard version == "13" else { throw .unsupportedVersion(version) }
        return HTTPResponse(status: 101, headers: [("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                                   ("Sec-WebSocket-Accept", accept(forKey: key))])
    }

    /// Checks the server's answer to a client request sent with `key`.
    public static func validate(response: HTTPResponse, key: String) throws(Failure) {
        guard response.status == 101 else { throw .notSwitchingProtocols(response.status) }
        guard response.headers.contains(token: "websocket", in: "Upgrade") else { throw .missingUpgrade }
        guard response.headers.contains(token: "upgrade", in: "Connection") else { throw .missingConnectionUpgrade }
        guard response.headers["Sec-WebSocket-Accept"] == accept(forKey: key) else { throw .wrongAccept }
    }
}
