/// Serialises requests and responses as HTTP/1.1 bytes.
///
/// The writer frames the body itself unless the headers already do: it adds `Content-Length`
/// when neither it nor `Transfer-Encoding: chunked` is present. With `chunkSize`, the body goes
/// out chunked in pieces of that size (with trailers), as a streaming server would send it.
public enum HTTPWireWriter {
    public static func bytes(of request: HTTPRequest, chunkSize: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + request.path.utf8.count + request.body.count)
        out.append(contentsOf: request.method.utf8)
        out.append(32)
        out.append(contentsOf: request.path.utf8)
        out.append(32)
        out.append(contentsOf: request.version.description.utf8)
        out.append(contentsOf: crlf)
        let needsLength = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
        writeFramed(headers: request.headers, body: request.body, trailers: request.trailers,
                    chunkSize: chunkSize, needsLength: needsLength, into: &out)
        return out
    }

    public static func bytes(of response: HTTPResponse, chunkSize: Int? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + response.body.count)
        out.append(contentsOf: response.version.description.utf8)
        out.append(32)
        out.append(contentsOf: String(response.status).utf8)
        out.append(32)
        out.append(contentsOf: response.reason.utf8)
        out.append(contentsOf: crlf)
        if HTTPResponse.forbidsBody(response.status) {
            writeFields(response.headers, into: &out)
            out.append(contentsOf: crlf)
            return out
        }
        writeFramed(headers: response.headers, body: response.body, trailers: response.trailers,
                    chunkSize: chunkSize, needsLength: true, into: &out)
        return out
    }

    private static let crlf: [UInt8] = [13, 10]

    private static func writeFramed(headers: HTTPHeaders, body: [UInt8], trailers: HTTPHeaders, chunkSize: Int?,
                                    needsLength: Bool, into out: inout [UInt8]) {
        var headers = headers
        var chunked = headers.contains(token: "chunked", in: "Transfer-Encoding")
        if let size = chunkSize, size > 0, !chunked {
            headers.remove("Content-Length")
            headers.add("Transfer-Encoding", "chunked")
            chunked = true
        } else if !chunked && headers["Content-Length"] == nil && needsLength {
            headers.add("Content-Length", String(body.count))
        }
        writeFields(headers, into: &out)
        out.append(contentsOf: crlf)
        guard chunked else {
            out.append(contentsOf: body)
            return
        }
        let size = max(chunkSize ?? body.count, 1)
        var offset = 0
        while offset < body.count {
            let end = min(offset + size, body.count)
            out.append(contentsOf: String(end - offset, radix: 16).utf8)
            out.append(contentsOf: crlf)
            out.append(contentsOf: body[offset..<end])
            out.append(contentsOf: crlf)
            offset = end
        }
        out.append(48)
        out.append(contentsOf: crlf)
        writeFields(trailers, into: &out)
        out.append(contentsOf: crlf)
    }

    private static func writeFields(_ fields: HTTPHeaders, into out: inout [UInt8]) {
        for field in fields {
            out.append(contentsOf: field.name.utf8)
            out.append(58)
            out.append(32)
            out.append(contentsOf: field.value.utf8)
            out.append(contentsOf: crlf)
        }
    }
}
