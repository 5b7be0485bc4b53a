/// Parses HTTP/1.1 responses from bytes that arrive in pieces, as a client reads a connection.
///
/// A response's framing can depend on the request (a HEAD response has no body), so `next`
/// takes the request's method. A response without length ends when the peer closes: `finish`.
public struct HTTPResponseParser {
    private var reader: HTTPWireReader
    private var status = 0
    private var reason = ""
    private var version = HTTPVersion.http1_1

    public init(limits: HTTPParserLimits = .standard) {
        reader = HTTPWireReader(limits: limits)
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { reader.append(bytes) }

    /// The next complete response, or nil until more bytes arrive.
    public mutating func next(requestMethod: String = "GET") throws(HTTPWireError) -> HTTPResponse? {
        if case .startLine = reader.stage {
            guard let line = try reader.readLine(limit: reader.limits.maxStartLineLength,
                                                 tooLong: .startLineTooLong(limit: reader.limits.maxStartLineLength))
            else { return nil }
            try parseStatusLine(line)
            reader.stage = .headers
        }
        if case .headers = reader.stage {
            guard try reader.readFields(into: \.headers) else { return nil }
            let bodyless = HTTPResponse.forbidsBody(status) || requestMethod == "HEAD"
                || (requestMethod == "CONNECT" && (200..<300).contains(status))
            try reader.beginBody(bodyless: bodyless, readsUntilClose: true)
        }
        guard try reader.readBody() else { return nil }
        return takeResponse()
    }

    /// Call when the peer has closed: returns a response whose body ran to the close, throws
    /// `.truncated` if a response was cut off, and returns nil when nothing was pending.
    public mutating func finish() throws(HTTPWireError) -> HTTPResponse? {
        switch reader.stage {
        case .untilClose:
            _ = try reader.readBody()
            return takeResponse()
        case .startLine where reader.remainingIsBlank:
            return nil
        default:
            throw .truncated
        }
    }

    /// The bytes after the last response (after `101 Switching Protocols`, the new protocol's).
    public mutating func takeRemainingBytes() -> [UInt8] { reader.takeRemainingBytes() }

    private mutating func takeResponse() -> HTTPResponse {
        let response = HTTPResponse(status: status, reason: reason, version: version, headers: reader.headers,
                                    body: reader.body, trailers: reader.trailers)
        reader.resetMessage()
        return response
    }

    private mutating func parseStatusLine(_ line: ArraySlice<UInt8>) throws(HTTPWireError) {
        let parts = line.split(separator: 32, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw .malformedStartLine("expected HTTP/1.1 STATUS REASON") }
        guard let version = HTTPSyntax.version(parts[0]) else {
            throw .malformedStartLine("invalid version \(String(decoding: parts[0], as: UTF8.self).debugDescription)")
        }
        guard version.major == 1 else { throw .unsupportedVersion(version.description) }
        guard parts[1].count == 3, parts[1].allSatisfy({ $0 >= 48 && $0 <= 57 }), let code = Int(String(decoding: parts[1], as: UTF8.self)),
              code >= 100 else {
            throw .malformedStartLine("invalid status code")
        }
        let reasonBytes = parts.count == 3 ? parts[2] : []
        guard reasonBytes.allSatisfy(HTTPSyntax.isFieldValueByte) else { throw .malformedStartLine("control character in reason") }
        self.version = version
        status = code
        reason = String(decoding: reasonBytes, as: UTF8.self)
    }
}
