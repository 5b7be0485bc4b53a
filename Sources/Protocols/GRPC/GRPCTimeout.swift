/// The `grpc-timeout` header: up to eight digits and a unit (H, M, S, m, u, n).
public enum GRPCTimeout {
    /// The timeout in nanoseconds; nil if the text is not a valid TimeoutValue. Values beyond
    /// what 64 bits hold are clamped, as an effectively infinite deadline.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes.count <= 9 else { return nil }
        let digits = bytes.dropLast()
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let value = digits.reduce(Int64(0)) { $0 * 10 + Int64($1 - 48) }
        let scale: Int64
        switch bytes.last {
        case UInt8(ascii: "H"): scale = 3_600_000_000_000
        case UInt8(ascii: "M"): scale = 60_000_000_000
        case UInt8(ascii: "S"): scale = 1_000_000_000
        case UInt8(ascii: "m"): scale = 1_000_000
        case UInt8(ascii: "u"): scale = 1_000
        case UInt8(ascii: "n"): scale = 1
        default: return nil
        }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        return overflow ? Int64.max : product
    }

    /// The header text for a timeout: the finest unit whose value fits eight digits, rounded
    /// up so that a deadline is never shortened.
    public static func encode(nanoseconds: Int64) -> String {
        let units: [(Int64, String)] = [(1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"),
                                        (60_000_000_000, "M"), (3_600_000_000_000, "H")]
        let value = max(nanoseconds, 0)
        for (scale, unit) in units {
            let count = value / scale + (value % scale == 0 ? 0 : 1)
            if count <= 99_999_999 { return "\(count)\(unit)" }
        }
        return "99999999H"
    }
}
