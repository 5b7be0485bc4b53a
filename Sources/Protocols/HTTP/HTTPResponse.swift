/// An HTTP response from a mock backend or the daemon.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Fields sent after a chunked body.
    public var trailers: HTTPHeaders

    public init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [],
                body: [UInt8] = [], trailers: HTTPHeaders = []) {
        self.status = status
        self.reason = reason ?? HTTPResponse.reason(for: status)
        self.version = version
        self.headers = headers
        self.body = body
        self.trailers = trailers
    }

    public init(status: Int, headers: HTTPHeaders = [], text: String) {
        self.init(status: status, headers: headers, body: Array(text.utf8))
    }

    /// The body read as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the server keeps the connection open after this response.
    public var keepAlive: Bool { persistentConnection(version: version, headers: headers) }

    /// Whether a response with this status never has a body (RFC 9112 §6.3): 1xx, 204 and 304.
    public static func forbidsBody(_ status: Int) -> Bool {
        (100..<200).contains(status) || status == 204 || status == 304
    }

    /// The standard reason phrase for a status, or "Unknown".
    public static func reason(for status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 422: return "Unprocessable Content"
        case 426: return "Upgrade Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 499: return "Client Closed Request"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }
}
