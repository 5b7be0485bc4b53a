import Testing
@testable import Actors

/// The instants a cluster accepted its held attempts (the outlier latency rule's latency runs from
/// acceptance to answer): slots come back in any order and are reused, each latency exact.
@Suite struct AcceptTimesTests {
    @Test func test_slotsAreReusedAndEachLatencyIsFromItsOwnAcceptance() {
        var times = AcceptTimes()
        let a = times.take(100), b = times.take(250), c = times.take(300)
        #expect(Set([a, b, c]).count == 3)
        #expect(times.release(b, now: 1_000) == 750)
        let d = times.take(1_100)
        #expect(d == b, "a freed slot is taken again before the slab grows")
        #expect(times.release(a, now: 2_000) == 1_900)
        #expect(times.release(d, now: 2_000) == 900)
        #expect(times.release(c, now: 2_000) == 1_700)
    }

    /// Seeded property: any interleaving of takes and releases answers each attempt's own latency.
    @Test func test_randomInterleavingsAnswerEachAttemptsLatency() {
        var rng = SeededGenerator(seed: 9, stream: "accept-times")
        var times = AcceptTimes()
        var held: [(slot: UInt32, at: Int64)] = []
        var now: Int64 = 0
        for _ in 0..<10_000 {
            now += Int64(rng.nextIndex(below: 1_000))
            if held.isEmpty || rng.nextUnit() < 0.5 {
                held.append((times.take(now), now))
            } else {
                let i = rng.nextIndex(below: held.count)
                let (slot, at) = held.remove(at: i)
                #expect(times.release(slot, now: now) == now - at)
            }
        }
    }
}
