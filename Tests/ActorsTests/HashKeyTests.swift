import Testing
@testable import Actors

/// Hash keys for the consistent-hash balancers (Envoy route `hash_policy`).
@Suite struct HashKeyTests {
    /// The key hash is stable: fixed FNV-1a + SplitMix64 finaliser values, the same in every process.
    @Test func test_keyHashIsStableAcrossProcesses() {
        // Reference values computed independently (Python) from the FNV-1a and SplitMix64 definitions.
        #expect(HashKey.hash("") == 0xF52A_15E9_A9B5_E89B)
        #expect(HashKey.hash("user-1") == 0xC499_B5F8_A721_DF58)
        #expect(HashKey.hash("user-1") != HashKey.hash("user-2"))
    }

    /// Envoy's combination of several policies: rotate the hash so far left by one, XOR the next;
    /// two equal policies therefore do not cancel out.
    @Test func test_combineRotatesThenXors() {
        let a: UInt64 = 0x8000_0000_0000_0001
        #expect(HashKey.combine(nil, a) == a)
        #expect(HashKey.combine(a, 0) == 0x0000_0000_0000_0003)
        #expect(HashKey.combine(a, a) != 0)
    }

    @Test func test_sourcesAreValues() {
        #expect(HashKey.header("x-user") == .header("x-user"))
        #expect(HashKey.header("x-user") != .pathParameter("x-user"))
        #expect(HashKey.requestID == .requestID)
    }
}
