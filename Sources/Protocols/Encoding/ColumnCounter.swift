/// 1-based columns in Unicode scalars, as error positions count them, counted on from the last
/// position asked for on the same line: a parser asking in increasing order pays linear time
/// even when the whole document is one line (a minified file).
public struct ColumnCounter: Sendable {
    private var line = 0
    private var offset = 0
    private var column = 1

    public init() {}

    /// The column of byte `target` on line `lineNumber`, which starts at byte `lineStart`.
    public mutating func column(of target: Int, line lineNumber: Int, lineStart: Int, in bytes: [UInt8]) -> Int {
        if line != lineNumber || offset < lineStart || offset > target {
            line = lineNumber
            offset = lineStart
            column = 1
        }
        while offset < target {
            if bytes[offset] & 0xC0 != 0x80 { column += 1 }
            offset += 1
        }
        return column
    }
}
