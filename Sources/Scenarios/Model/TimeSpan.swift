/// A span of virtual time in whole nanoseconds, as scenario files write it ("250ms", "2m30s").
///
/// Integer nanoseconds keep arithmetic exact and cheap on the simulator's hot path.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static func milliseconds(_ value: Double) -> TimeSpan { TimeSpan(nanoseconds: Int64((value * 1e6).rounded())) }
    public static func seconds(_ value: Double) -> TimeSpan { TimeSpan(nanoseconds: Int64((value * 1e9).rounded())) }
    public static let zero = TimeSpan(nanoseconds: 0)

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    private static let units: [(suffix: String, nanoseconds: Int64)] = [
        ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
        ("ms", 1_000_000), ("us", 1_000), ("ns", 1),
    ]

    /// Parses "1h", "2m30s", "250ms", "1.5s", "800us", "10ns" or "0". Returns nil for anything else.
    public init?(parsing text: String) {
        let chars = Array(text.utf8)
        if chars == Array("0".utf8) { self.init(nanoseconds: 0); return }
        var index = 0
        var total: Double = 0
        var lastUnitRank = -1
        guard !chars.isEmpty else { return nil }
        while index < chars.count {
            let numberStart = index
            while index < chars.count, (chars[index] >= 48 && chars[index] <= 57) || chars[index] == 46 { index += 1 }
            guard index > numberStart,
                  let number = Double(String(decoding: chars[numberStart..<index], as: UTF8.self)),
                  number.isFinite else { return nil }
            let unitStart = index
            while index < chars.count, chars[index] >= 97 && chars[index] <= 122 { index += 1 }
            let unit = String(decoding: chars[unitStart..<index], as: UTF8.self)
            guard let rank = Self.units.firstIndex(where: { $0.suffix == unit }), rank > lastUnitRank else { return nil }
            lastUnitRank = rank
            total += number * Double(Self.units[rank].nanoseconds)
        }
        guard total < 9.2e18 else { return nil }
        self.init(nanoseconds: Int64(total.rounded()))
    }

    /// The shortest exact spelling in the units above ("2m30s", "250ms").
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        var rest = nanoseconds.magnitude
        var text = nanoseconds < 0 ? "-" : ""
        for (suffix, size) in Self.units where rest >= UInt64(size) {
            text += "\(rest / UInt64(size))\(suffix)"
            rest %= UInt64(size)
        }
        return text
    }
}
