/// Hard limits for parsing HTTP/1.1 from a peer: past any of them the parser stops with a typed
/// error instead of buffering without bound.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request or status line, in bytes.
    public var maxStartLineLength: Int
    /// Longest single header or trailer line, in bytes.
    public var maxHeaderLineLength: Int
    /// Most header (or trailer) fields in one message.
    public var maxHeaderCount: Int
    /// Most bytes in all header lines of one message together.
    public var maxHeaderBytes: Int
    /// Largest body, whether framed by Content-Length or chunks.
    public var maxBodyBytes: Int
    /// Longest chunk-size line, extensions included.
    public var maxChunkLineLength: Int

    public init(maxStartLineLength: Int = 8192, maxHeaderLineLength: Int = 8192, maxHeaderCount: Int = 100,
                maxHeaderBytes: Int = 65536, maxBodyBytes: Int = 8 << 20, maxChunkLineLength: Int = 256) {
        self.maxStartLineLength = maxStartLineLength
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderCount = maxHeaderCount
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineLength = maxChunkLineLength
    }

    public static let standard = HTTPParserLimits()
}
