/// The incremental machinery shared by the request and response parsers: a byte buffer, the
/// line reader with limits, header fields, and body framing by length, chunks or close.
struct HTTPWireReader {
    enum Stage {
        case startLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case complete
    }

    let limits: HTTPParserLimits
    private var input = ByteInput()
    private var scanFrom = 0
    var stage = Stage.startLine
    var startLine: [UInt8] = []
    var headers = HTTPHeaders()
    var trailers = HTTPHeaders()
    var body: [UInt8] = []
    private var headerBytes = 0

    init(limits: HTTPParserLimits) { self.limits = limits }

    /// Whether nothing but line ends is left unread.
    var remainingIsBlank: Bool { input.unread.allSatisfy { $0 == 13 || $0 == 10 } }

    mutating func append(_ bytes: some Sequence<UInt8>) {
        scanFrom -= input.append(bytes)
    }

    /// The bytes after the last complete message (what follows an upgrade).
    mutating func takeRemainingBytes() -> [UInt8] {
        scanFrom = 0
        return input.takeAll()
    }

    mutating func resetMessage() {
        stage = .startLine
        startLine = []
        headers = HTTPHeaders()
        trailers = HTTPHeaders()
        body = []
        headerBytes = 0
    }

    /// The next line without its CR LF (a bare LF also ends a line), or nil until one arrives.
    mutating func readLine(limit: Int, tooLong: HTTPWireError) throws(HTTPWireError) -> ArraySlice<UInt8>? {
        let start = input.start
        let from = max(start, scanFrom)
        guard let newline = input.bytes[from...].firstIndex(of: 10) else {
            if input.available > limit { throw tooLong }
            scanFrom = input.bytes.count
            return nil
        }
        var end = newline
        if end > start && input[end - 1] == 13 { end -= 1 }
        if end - start > limit { throw tooLong }
        let line = input.bytes[start..<end]
        input.start = newline + 1
        scanFrom = input.start
        return line
    }

    /// Reads header (or trailer) lines until the empty line; true once the section is complete.
    mutating func readFields(into target: WritableKeyPath<HTTPWireReader, HTTPHeaders>) throws(HTTPWireError) -> Bool {
        while let line = try readLine(limit: limits.maxHeaderLineLength,
                                      tooLong: .headerLineTooLong(limit: limits.maxHeaderLineLength)) {
            if line.isEmpty { return true }
            headerBytes += line.count + 2
            if headerBytes > limits.maxHeaderBytes { throw .headersTooLarge(limit: limits.maxHeaderBytes) }
            if self[keyPath: target].count >= limits.maxHeaderCount { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
            let field = try Self.field(line)
            self[keyPath: target].add(field.name, field.value)
        }
        return false
    }

    static func field(_ line: ArraySlice<UInt8>) throws(HTTPWireError) -> (name: String, value: String) {
        guard let first = line.first else { throw .malformedHeader("empty line") }
        if first == 32 || first == 9 { throw .obsoleteLineFolding }
        guard let colon = line.firstIndex(of: 58) else { throw .malformedHeader("no colon") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isTokenByte) else {
            throw .malformedHeader("invalid field name \(String(decoding: name, as: UTF8.self).debugDescription)")
        }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == 32 || byte == 9 { value.removeFirst() }
        while let byte = value.last, byte == 32 || byte == 9 { value.removeLast() }
        guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw .malformedHeader("control character in the value of \(String(decoding: name, as: UTF8.self))")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Chooses the body framing from the header fields (RFC 9112 §6.3).
    mutating func beginBody(bodyless: Bool, readsUntilClose: Bool) throws(HTTPWireError) {
        let encodings = headers.values("Transfer-Encoding")
        let lengths = headers.values("Content-Length")
        if bodyless {
            stage = .complete
            return
        }
        if !encodings.isEmpty {
            if !lengths.isEmpty { throw .conflictingFraming }
            let codings = encodings.flatMap { $0.split(separator: ",").map { $0.trimmingSpaces() } }
            guard codings.count == 1, codings[0].caseInsensitiveEquals("chunked") else {
                throw .unsupportedTransferEncoding(encodings.joined(separator: ", "))
            }
            stage = .chunkSize
            return
        }
        if !lengths.isEmpty {
            let length = try Self.contentLength(lengths)
            if length > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            body.reserveCapacity(length)
            stage = length == 0 ? .complete : .body(remaining: length)
            return
        }
        stage = readsUntilClose ? .untilClose : .complete
    }

    static func contentLength(_ values: [String]) throws(HTTPWireError) -> Int {
        var found: Int?
        for item in values.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let digits = item.trimmingSpaces()
            guard !digits.isEmpty, digits.utf8.count <= 18, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                  let value = Int(digits) else { throw .invalidContentLength(values.joined(separator: ", ")) }
            if let earlier = found, earlier != value { throw .invalidContentLength(values.joined(separator: ", ")) }
            found = value
        }
        guard let length = found else { throw .invalidContentLength(values.joined(separator: ", ")) }
        return length
    }

    /// Advances through the body; true once the message is complete.
    mutating func readBody() throws(HTTPWireError) -> Bool {
        while true {
            switch stage {
            case .complete:
                return true
            case .body(let remaining):
                let take = consume(upTo: remaining)
                if take == 0 { return false }
                stage = remaining == take ? .complete : .body(remaining: remaining - take)
            case .chunkSize:
                guard let line = try readLine(limit: limits.maxChunkLineLength,
                                              tooLong: .malformedChunk("chunk-size line longer than \(limits.maxChunkLineLength) bytes"))
                else { return false }
                let size = try Self.chunkSize(line)
                if size == 0 {
                    stage = .trailers
                } else {
                    if body.count + size > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
                    stage = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let take = consume(upTo: remaining)
                if take == 0 { return false }
                stage = remaining == take ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .chunkDataEnd:
                guard let line = try readLine(limit: 1, tooLong: .malformedChunk("data longer than its size"))
                else { return false }
                if !line.isEmpty { throw .malformedChunk("data longer than its size") }
                stage = .chunkSize
            case .trailers:
                guard try readFields(into: \.trailers) else { return false }
                stage = .complete
            case .untilClose:
                if body.count + input.available > limits.maxBodyBytes { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
                _ = consume(upTo: input.available)
                scanFrom = input.start
                return false
            case .startLine, .headers:
                return false
            }
        }
    }

    /// Moves up to `limit` unread bytes into the body; returns how many.
    private mutating func consume(upTo limit: Int) -> Int {
        let take = min(limit, input.available)
        body.append(contentsOf: input.bytes[input.start..<(input.start + take)])
        input.start += take
        return take
    }

    static func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPWireError) -> Int {
        var size = 0
        var digits = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = HTTPSyntax.hexValue(line[index]) {
            digits += 1
            if digits > 15 { throw .malformedChunk("chunk size too large") }
            size = size << 4 | digit
            index += 1
        }
        if digits == 0 { throw .malformedChunk("no chunk size") }
        while index < line.endIndex, line[index] == 32 || line[index] == 9 { index += 1 }
        if index < line.endIndex && line[index] != 59 { throw .malformedChunk("unexpected byte after chunk size") }
        return size
    }
}
