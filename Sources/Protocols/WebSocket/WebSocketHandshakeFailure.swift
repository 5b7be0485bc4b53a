extension WebSocketHandshake {
    /// Why an opening handshake breaks RFC 6455 §4: the server's reasons to refuse a client's
    /// request (§4.2.1, §11.3) and the client's reasons to fail a server's response (§4.1).
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// §4.2.1 (1): the request is not a GET.
        case notGet
        /// §4.2.1 (1): the request is older than HTTP/1.1.
        case notHTTP11
        /// §4.2.1 (2): no Host field, or an empty one.
        case missingHost
        /// §4.2.1 (3), §4.1 (2): the request's Upgrade does not list `websocket`, or the response's
        /// Upgrade is not exactly `websocket`.
        case missingUpgrade
        /// §4.2.1 (4), §4.1 (3): Connection does not list the token `Upgrade`.
        case missingConnectionUpgrade
        /// §4.2.1 (5): Sec-WebSocket-Key is missing or does not decode to 16 bytes.
        case invalidKey
        /// §4.2.1 (6), §4.2.2, §4.4: Sec-WebSocket-Version is missing (nil) or not 13.
        case unsupportedVersion(String?)
        /// §11.3: a field that may appear only once appeared more often (Host, Sec-WebSocket-Key and
        /// Sec-WebSocket-Version in a request; Sec-WebSocket-Accept and Sec-WebSocket-Protocol in a response).
        case repeatedField(String)
        /// §4.1, §9.1, §11.3.4: Sec-WebSocket-Protocol or Sec-WebSocket-Extensions does not follow its grammar.
        case malformedField(name: String, value: String)
        /// §4.1 (1): the server answered something other than 101.
        case notSwitchingProtocols(Int)
        /// §4.1 (4): Sec-WebSocket-Accept is missing or not derived from the key sent.
        case wrongAccept
        /// §4.1 (5): the server selected an extension the client did not offer.
        case unofferedExtension(String)
        /// §4.1 (6): the server selected a subprotocol the client did not offer.
        case unofferedSubprotocol(String)

        public var description: String {
            switch self {
            case .notGet: return "a WebSocket upgrade must be a GET"
            case .notHTTP11: return "a WebSocket upgrade needs HTTP/1.1 or higher"
            case .missingHost: return "a WebSocket upgrade needs a Host field"
            case .missingUpgrade: return "missing Upgrade: websocket"
            case .missingConnectionUpgrade: return "missing Connection: Upgrade"
            case .invalidKey: return "Sec-WebSocket-Key must be 16 bytes in base64"
            case .unsupportedVersion(let version): return "Sec-WebSocket-Version \(version ?? "missing"); only 13 is supported"
            case .repeatedField(let name): return "\(name) may appear only once"
            case .malformedField(let name, let value): return "\(name) \(value.debugDescription) does not follow its grammar"
            case .notSwitchingProtocols(let status): return "expected 101 Switching Protocols, got \(status)"
            case .wrongAccept: return "Sec-WebSocket-Accept does not match the key"
            case .unofferedExtension(let name): return "the server selected extension \(name.debugDescription), which was not offered"
            case .unofferedSubprotocol(let name): return "the server selected subprotocol \(name.debugDescription), which was not offered"
            }
        }

        /// The status a server refuses the upgrade with, or nil for the failures only a client finds
        /// in a response. 405 for a method other than GET (RFC 9110 §15.5.6), 426 when the request
        /// is not a WebSocket upgrade at all or asks for another version (§4.2.2, §4.4), 400 otherwise (§4.2.1).
        public var status: Int? {
            switch self {
            case .notGet: return 405
            case .missingUpgrade, .missingConnectionUpgrade, .unsupportedVersion: return 426
            case .notHTTP11, .missingHost, .invalidKey, .repeatedField, .malformedField: return 400
            case .notSwitchingProtocols, .wrongAccept, .unofferedExtension, .unofferedSubprotocol: return nil
            }
        }

        /// The server's refusal: the status with the fields it obliges — `Allow: GET` with 405,
        /// `Upgrade: websocket` and `Connection: Upgrade` with every 426 (RFC 9110 §15.5.22, §7.8),
        /// and `Sec-WebSocket-Version: 13` with a version refusal (§4.4) — and the reason as text.
        /// Nil for the failures only a client finds.
        public var rejection: HTTPResponse? {
            guard let status else { return nil }
            var headers: HTTPHeaders = []
            switch self {
            case .notGet: headers.add("Allow", "GET")
            case .missingUpgrade, .missingConnectionUpgrade, .unsupportedVersion:
                headers.add("Upgrade", "websocket")
                headers.add("Connection", "Upgrade")
                if case .unsupportedVersion = self { headers.add("Sec-WebSocket-Version", "13") }
            default: break
            }
            headers.add("Content-Type", "text/plain; charset=utf-8")
            return HTTPResponse(status: status, headers: headers, text: description + "\n")
        }
    }
}
