/// Parses HTTP/1.1 requests from bytes that arrive in pieces, as a server reads a connection.
///
/// Feed bytes with `append`, then take complete requests with `next()` until it returns nil.
/// Pipelined requests come out one by one; every limit in `HTTPParserLimits` is enforced.
public struct HTTPRequestParser {
    private var reader: HTTPWireReader
    private var method = ""
    private var target = ""
    private var version = HTTPVersion.http1_1

    public init(limits: HTTPParserLimits = .standard) {
        reader = HTTPWireReader(limits: limits)
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { reader.append(bytes) }

    /// The next complete request, or nil until more bytes arrive.
    public mutating func next() throws(HTTPWireError) -> HTTPRequest? {
        if case .startLine = reader.stage {
            // Servers ignore empty lines before a request line (RFC 9112 §2.2).
            var line: ArraySlice<UInt8>?
            repeat {
                line = try reader.readLine(limit: reader.limits.maxStartLineLength,
                                           tooLong: .startLineTooLong(limit: reader.limits.maxStartLineLength))
            } while line?.isEmpty == true
            guard let requestLine = line else { return nil }
            try parseRequestLine(requestLine)
            reader.stage = .headers
        }
        if case .headers = reader.stage {
            guard try reader.readFields(into: \.headers) else { return nil }
            try reader.beginBody(bodyless: false, readsUntilClose: false)
        }
        guard try reader.readBody() else { return nil }
        let request = HTTPRequest(method: method, path: target, version: version, headers: reader.headers,
                                  body: reader.body, trailers: reader.trailers)
        reader.resetMessage()
        return request
    }

    /// Call when the peer has closed: throws `.truncated` if a request was cut off.
    public func finish() throws(HTTPWireError) {
        if case .startLine = reader.stage, reader.remainingIsBlank { return }
        throw .truncated
    }

    /// The bytes after the last request, for a connection that switches protocols.
    public mutating func takeRemainingBytes() -> [UInt8] { reader.takeRemainingBytes() }

    private mutating func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPWireError) {
        let parts = line.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedStartLine("expected METHOD TARGET HTTP/1.1") }
        guard !parts[0].isEmpty, parts[0].allSatisfy(HTTPSyntax.isTokenByte) else {
            throw .malformedStartLine("invalid method")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy(HTTPSyntax.isTargetByte) else {
            throw .malformedStartLine("invalid request target")
        }
        guard let version = HTTPSyntax.version(parts[2]) else {
            throw .malformedStartLine("invalid version \(String(decoding: parts[2], as: UTF8.self).debugDescription)")
        }
        guard version.major == 1 else { throw .unsupportedVersion(version.description) }
        method = String(decoding: parts[0], as: UTF8.self)
        target = String(decoding: parts[1], as: UTF8.self)
        self.version = version
    }
}
