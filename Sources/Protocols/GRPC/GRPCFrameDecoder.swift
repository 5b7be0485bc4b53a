/// Reads gRPC frames from bytes that arrive in pieces.
///
/// Plain gRPC allows flag bytes 0 and 1; with `allowsTrailers` (gRPC-Web) a frame with bit 7
/// set holds the trailers and must be the last one. The length is checked against
/// `maxMessageLength` before any byte of the payload is buffered.
public struct GRPCFrameDecoder {
    public let maxMessageLength: Int
    public let allowsTrailers: Bool
    private var input = ByteInput()
    private var sawTrailers = false

    public init(maxMessageLength: Int = 4 << 20, allowsTrailers: Bool = false) {
        self.maxMessageLength = maxMessageLength
        self.allowsTrailers = allowsTrailers
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { input.append(bytes) }

    /// The next complete frame, or nil until more bytes arrive.
    public mutating func next() throws(GRPCFrameError) -> GRPCFrame? {
        guard input.available >= GRPCFrame.headerLength else { return nil }
        if sawTrailers { throw .frameAfterTrailers }
        let start = input.start
        let flags = input[start]
        let isTrailers = flags & 0x80 != 0
        guard flags & 0x7E == 0, !isTrailers || allowsTrailers else { throw .invalidFlags(flags) }
        let length = Int(input[start + 1]) << 24 | Int(input[start + 2]) << 16 | Int(input[start + 3]) << 8 | Int(input[start + 4])
        if length > maxMessageLength { throw .messageTooLarge(length: length, limit: maxMessageLength) }
        let payloadStart = start + GRPCFrame.headerLength
        guard input.bytes.count - payloadStart >= length else { return nil }
        let payload = input.bytes[payloadStart..<(payloadStart + length)]
        input.start = payloadStart + length
        if isTrailers {
            sawTrailers = true
            return .trailers(try Self.trailers(payload))
        }
        return .message(Array(payload), compressed: flags & 1 == 1)
    }

    /// Call at the end of the stream: throws `.truncated` if a frame was cut off.
    public func finish() throws(GRPCFrameError) {
        if input.available > 0 { throw .truncated }
    }

    static func trailers(_ block: ArraySlice<UInt8>) throws(GRPCFrameError) -> HTTPHeaders {
        var fields = HTTPHeaders()
        for line in block.split(separator: 10) {
            var line = line
            if line.last == 13 { line.removeLast() }
            if line.isEmpty { continue }
            do {
                let field = try HTTPWireReader.field(line)
                fields.add(field.name.lowercased(), field.value)
            } catch {
                throw .malformedTrailers(error.description)
            }
        }
        return fields
    }
}
