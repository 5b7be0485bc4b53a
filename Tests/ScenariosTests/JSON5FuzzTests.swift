import Testing
@testable import Scenarios

/// Feeds the parser seeded mutations of real scenario text: it must return a tree or a typed
/// error every time — no crash, no hang.
@Suite struct JSON5FuzzTests {
    struct Mutator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let corpus: [String] = [
        "{ name: 'x', seed: 1, duration: \"10s\", clusters: [ { name: 'a', latency: { dist: 'constant', value: '1ms' } } ] }",
        "// c\n{ a: [1, 2.5, -3e2, 0x10, Infinity, NaN, null, true, false, \"s\\n\\u0041\", 'q'], b: { c: {} }, }",
        "[ { k: \"v\" }, /* block */ [ [], {} ], +.5, -0.0 ]",
    ]

    static let alphabet: [UInt8] = Array("{}[]:,'\"\\/*\n 0123456789.eE+-xabnulltrue".utf8) + [0x00, 0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0xA8]

    @Test func test_hundredThousandMutatedDocumentsNeverCrash() {
        var rng = Mutator(state: 20261122)
        var accepted = 0
        var rejected = 0
        for _ in 0..<100_000 {
            var bytes = Array(Self.corpus[Int(rng.next() % UInt64(Self.corpus.count))].utf8)
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0 where !bytes.isEmpty: bytes.remove(at: position)
                case 1: bytes.insert(Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))], at: position)
                case 2 where !bytes.isEmpty: bytes[position] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
                default: bytes = Array(bytes.prefix(position))
                }
            }
            var parser = JSON5Parser(bytes: bytes)
            do {
                _ = try parser.parseDocument()
                accepted += 1
            } catch {
                #expect(error.location.line >= 1 && error.location.column >= 1)
                rejected += 1
            }
        }
        #expect(accepted + rejected == 100_000)
        #expect(accepted > 0 && rejected > 0)
    }

    @Test func test_mutatedScenarioFilesGetIssuesNotCrashes() throws {
        let text = try String(contentsOfFile: ScenarioFixtures.path("reference.json5"), encoding: .utf8)
        var rng = Mutator(state: 7)
        var bytes = Array(text.utf8)
        for _ in 0..<3_000 {
            var mutated = bytes
            let position = Int(rng.next() % UInt64(mutated.count))
            mutated[position] = Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
            do {
                _ = try ScenarioLoader.decode(bytes: mutated, file: "fuzz.json5")
            } catch {
                #expect(!error.issues.isEmpty)
                #expect(error.issues.allSatisfy { $0.file == "fuzz.json5" })
            }
            if rng.next() % 10 == 0 { bytes = mutated.count > 10 ? mutated : bytes }
        }
    }
}
