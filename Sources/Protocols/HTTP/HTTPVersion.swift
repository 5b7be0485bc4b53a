/// An HTTP/1.x protocol version from a request or status line.
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    public var description: String { "HTTP/\(major).\(minor)" }
}

/// Whether the connection stays open after a message (RFC 9112 §9.3): HTTP/1.1 unless
/// `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
func persistentConnection(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
    if headers.contains(token: "close", in: "Connection") { return false }
    if version == .http1_0 { return headers.contains(token: "keep-alive", in: "Connection") }
    return version.major == 1
}
