/// An HTTP request as the lab's mock backends and the daemon's server see it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target as sent: a path with an optional query (`/api/items?x=1`).
    public var path: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Fields sent after a chunked body.
    public var trailers: HTTPHeaders

    public init(method: String, path: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [],
                body: [UInt8] = [], trailers: HTTPHeaders = []) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }

    /// Whether the client expects the connection to stay open after the response.
    public var keepAlive: Bool { persistentConnection(version: version, headers: headers) }
}
