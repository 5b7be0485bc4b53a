/// SplitMix64: the tests' seeded source of inputs, so every failure names a reproducible seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// A string of `count` characters drawn from `alphabet`.
    mutating func string(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in pick(characters) })
    }

    /// `bytes` cut into pieces of random sizes, as a socket delivers them.
    mutating func pieces(_ bytes: [UInt8], maxPiece: Int = 17) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + int(1...maxPiece))
            result.append(bytes[offset..<end])
            offset = end
        }
        return result
    }
}

/// Mutates valid inputs the way fuzzers do: flips, inserts, deletes, duplicates, truncates.
struct ByteMutator {
    var random: SeededRandom
    let alphabet: [UInt8]

    init(seed: UInt64, alphabet: [UInt8]) {
        random = SeededRandom(seed: seed)
        self.alphabet = alphabet
    }

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.int(1...4) {
            let position = bytes.isEmpty ? 0 : random.int(0...(bytes.count - 1))
            switch random.int(0...6) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(random.pick(alphabet), at: position)
            case 2 where !bytes.isEmpty: bytes[position] = random.pick(alphabet)
            case 3 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << random.int(0...7))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + random.int(1...16))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            case 5: bytes = Array(bytes.prefix(position))
            default: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            }
        }
        return bytes
    }
}
