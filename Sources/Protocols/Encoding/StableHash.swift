/// Hashes that are the same in every process (Swift's `Hasher` is seeded per process): what
/// seeded streams and seeded mock data are derived from.
public enum StableHash {
    public static let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// 64-bit FNV-1a of a string's UTF-8 bytes, from `basis` (the standard offset basis by default).
    public static func fnv1a(_ text: String, basis: UInt64 = fnvOffsetBasis) -> UInt64 {
        var hash = basis
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }

    /// SplitMix64's finaliser: spreads every input bit over the whole word.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
