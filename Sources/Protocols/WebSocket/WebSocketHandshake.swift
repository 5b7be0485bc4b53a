/// The opening handshake of RFC 6455 §4: a client's upgrade request, the server's
/// `101 Switching Protocols` with `Sec-WebSocket-Accept`, and the checks on both.
///
/// The server side reads a request as §4.2.1 and §11.3 demand and refuses it with a typed
/// `Failure` whose `rejection` is the answer to send; the client side fails a response as
/// §4.1 demands, knowing which subprotocols and extensions it offered.
public enum WebSocketHandshake {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `base64(SHA-1(key + GUID))`, what the server proves it read the key with.
    public static func accept(forKey key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + guid).utf8)))
    }

    /// What a handshake settled on: the subprotocol the server selected, if any, and the
    /// extensions it agreed to, in its order.
    public struct Agreement: Sendable, Equatable {
        public var subprotocol: String?
        public var extensions: [WebSocketExtension]
        public init(subprotocol: String? = nil, extensions: [WebSocketExtension] = []) {
            self.subprotocol = subprotocol
            self.extensions = extensions
        }
    }

    /// A client's upgrade request with a key made from 16 bytes the caller chose (seeded in the lab),
    /// offering `subprotocols` and `extensions` in order of preference (§4.1).
    public static func clientRequest(path: String, host: String, keyBytes: [UInt8], subprotocols: [String] = [],
                                     extensions: [WebSocketExtension] = []) -> HTTPRequest {
        var headers: HTTPHeaders = [("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                                    ("Sec-WebSocket-Key", Base64.encode(keyBytes)), ("Sec-WebSocket-Version", "13")]
        if !subprotocols.isEmpty { headers.add("Sec-WebSocket-Protocol", subprotocols.joined(separator: ", ")) }
        if !extensions.isEmpty { headers.add("Sec-WebSocket-Extensions", extensions.map(\.description).joined(separator: ", ")) }
        return HTTPRequest(method: "GET", path: path, headers: headers)
    }

    /// Checks a client's upgrade request (§4.2.1) and returns the server's 101 response (§4.2.2).
    ///
    /// `subprotocols` are the ones this server speaks: it selects the first the client offered
    /// that it speaks, or none. It agrees to no extension, since the lab implements none, but a
    /// malformed offer is still refused (§9.1).
    public static func respond(to request: HTTPRequest, subprotocols: [String] = []) throws(Failure) -> HTTPResponse {
        let headers = request.headers
        guard request.method == "GET" else { throw .notGet }
        guard request.version.major > 1 || (request.version.major == 1 && request.version.minor >= 1) else { throw .notHTTP11 }
        let host = try single("Host", in: headers)
        guard let host, !host.isEmpty else { throw .missingHost }
        guard headers.contains(token: "websocket", in: "Upgrade") else { throw .missingUpgrade }
        guard headers.contains(token: "upgrade", in: "Connection") else { throw .missingConnectionUpgrade }
        guard let key = try single("Sec-WebSocket-Key", in: headers), Base64.decode(key)?.count == 16 else { throw .invalidKey }
        let version = try single("Sec-WebSocket-Version", in: headers)
        guard version == "13" else { throw .unsupportedVersion(version) }
        let offered = try offeredSubprotocols(in: headers)
        _ = try extensions(in: headers)

        var response: HTTPHeaders = [("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Accept", accept(forKey: key))]
        if let selected = offered.first(where: subprotocols.contains) { response.add("Sec-WebSocket-Protocol", selected) }
        return HTTPResponse(status: 101, headers: response)
    }

    /// Checks the server's answer to `request`, the upgrade this client sent (§4.1), and returns
    /// what the two agreed on.
    @discardableResult
    public static func validate(response: HTTPResponse, to request: HTTPRequest) throws(Failure) -> Agreement {
        let key = request.headers["Sec-WebSocket-Key"] ?? ""
        let subprotocols = (try? offeredSubprotocols(in: request.headers)) ?? []
        let extensions = ((try? Self.extensions(in: request.headers)) ?? []).map(\.name)
        return try validate(response: response, key: key, subprotocols: subprotocols, extensions: extensions)
    }

    /// Checks the server's answer to a client request sent with `key` that offered `subprotocols`
    /// and the extensions named `extensions` (§4.1, steps 1–6 of the client's validation).
    @discardableResult
    public static func validate(response: HTTPResponse, key: String, subprotocols: [String] = [],
                                extensions: [String] = []) throws(Failure) -> Agreement {
        let headers = response.headers
        guard response.status == 101 else { throw .notSwitchingProtocols(response.status) }
        // §4.1 (2): the whole Upgrade value must be `websocket`, not merely list it.
        let upgrade = headers.values("Upgrade").flatMap { $0.split(separator: ",").map { $0.trimmingSpaces() } }.filter { !$0.isEmpty }
        guard upgrade.count == 1, upgrade[0].caseInsensitiveEquals("websocket") else { throw .missingUpgrade }
        guard headers.contains(token: "upgrade", in: "Connection") else { throw .missingConnectionUpgrade }
        guard try single("Sec-WebSocket-Accept", in: headers) == accept(forKey: key) else { throw .wrongAccept }

        // §4.1 (5); the field may repeat in a response (RFC 6455 erratum 3433), its lists combine.
        let agreed = try Self.extensions(in: headers)
        if let stranger = agreed.first(where: { !extensions.contains($0.name) }) { throw .unofferedExtension(stranger.name) }

        // §4.1 (6) and §11.3.4: at most one field, holding exactly one token the client offered.
        var subprotocol: String?
        if let value = try single("Sec-WebSocket-Protocol", in: headers) {
            guard let token = HTTPFieldList.token(Array(value.utf8)[...]) else {
                throw .malformedField(name: "Sec-WebSocket-Protocol", value: value)
            }
            guard subprotocols.contains(token) else { throw .unofferedSubprotocol(token) }
            subprotocol = token
        }
        return Agreement(subprotocol: subprotocol, extensions: agreed)
    }

    /// The value of a field that may appear at most once (§11.3), nil when absent.
    static func single(_ name: String, in headers: HTTPHeaders) throws(Failure) -> String? {
        let values = headers.values(name)
        guard values.count <= 1 else { throw .repeatedField(name) }
        return values.first
    }

    /// The subprotocols a request offers, every Sec-WebSocket-Protocol field combined (§11.3.4).
    static func offeredSubprotocols(in headers: HTTPHeaders) throws(Failure) -> [String] {
        let values = headers.values("Sec-WebSocket-Protocol")
        guard !values.isEmpty else { return [] }
        guard let tokens = HTTPFieldList.tokens(values) else {
            throw .malformedField(name: "Sec-WebSocket-Protocol", value: values.joined(separator: ", "))
        }
        return tokens
    }

    /// The extensions of every Sec-WebSocket-Extensions field, combined (§9.1, §11.3.2).
    static func extensions(in headers: HTTPHeaders) throws(Failure) -> [WebSocketExtension] {
        let values = headers.values("Sec-WebSocket-Extensions")
        guard !values.isEmpty else { return [] }
        guard let list = WebSocketExtension.list(values) else {
            throw .malformedField(name: "Sec-WebSocket-Extensions", value: values.joined(separator: ", "))
        }
        return list
    }
}
