import Foundation
import Testing
@testable import Actors
import Scenarios

@Suite struct KernelTests {
    @Test func test_seededStreamsRepeatAndDifferByName() {
        var a = SeededGenerator(seed: 42, stream: "cluster:a")
        var again = SeededGenerator(seed: 42, stream: "cluster:a")
        var b = SeededGenerator(seed: 42, stream: "cluster:b")
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in again.next() })
        #expect(first != (0..<100).map { _ in b.next() })
    }

    @Test func test_lognormalSamplerHitsMedianAndP99() {
        var rng = SeededGenerator(seed: 3, stream: "sampler")
        var sampler = Sampler(.lognormal(p50: .milliseconds(20), p99: .milliseconds(64)))
        let draws = (0..<200_000).map { _ in sampler.draw(&rng) }.sorted()
        let p50 = Double(draws[100_000]) / 1e6
        let p99 = Double(draws[198_000]) / 1e6
        #expect(abs(p50 - 20) / 20 < 0.01)
        #expect(abs(p99 - 64) / 64 < 0.02)
    }

    @Test func test_timerHeapOrdersByTimeThenSchedulingOrder() {
        let heap = TimerHeap()
        var rng = SeededGenerator(seed: 1, stream: "queue")
        for i in 0..<1000 {
            let owner = TimerOwnerID(index: UInt16(i % 7))
            heap.schedule(at: Int64(rng.nextIndex(below: 50)), owner: owner, token: TimerToken(tag: 0, a: Int32(i)))
        }
        var previous: (Int64, Int32) = (-1, -1)
        var popped = 0
        while let timer = heap.pop(before: .max) {
            #expect(timer.time > previous.0 || (timer.time == previous.0 && timer.token.a > previous.1))
            #expect(timer.owner.index == UInt16(timer.token.a % 7))
            previous = (timer.time, timer.token.a)
            popped += 1
        }
        #expect(popped == 1000)
    }

    @Test func test_timerHeapGrowsAndPopsLikeASortedListUnderInterleavedUse() {
        let heap = TimerHeap(capacity: 4)
        var model: [(time: Int64, sequence: Int, token: Int32)] = []
        var rng = SeededGenerator(seed: 11, stream: "heap-model")
        var sequence = 0
        for step in 0..<20_000 {
            if rng.nextUnit() < 0.6 || model.isEmpty {
                let time = Int64(rng.nextIndex(below: 1_000))
                heap.schedule(at: time, owner: TimerOwnerID(index: UInt16(step % 3)), token: TimerToken(tag: 1, a: Int32(step)))
                model.append((time, sequence, Int32(step)))
                sequence += 1
            } else {
                model.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
                let expected = model.removeFirst()
                let timer = heap.pop(before: .max)
                #expect(timer?.time == expected.time && timer?.token.a == expected.token)
                #expect(timer?.owner.index == UInt16(expected.token % 3))
            }
        }
        #expect(heap.count == model.count)
    }

    @Test func test_timerHeapKeepsTimersAtOrAfterTheLimit() {
        let heap = TimerHeap()
        let owner = TimerOwnerID(index: 0)
        for time in [30, 10, 20] as [Int64] { heap.schedule(at: time, owner: owner, token: TimerToken(tag: 0)) }
        #expect(heap.pop(before: 20)?.time == 10)
        #expect(heap.pop(before: 20) == nil)
        #expect(heap.count == 2 && heap.nextTime == 20)
    }

    @Test func test_latencyHistogramQuantilesAreWithinATenthOfAPercent() {
        var histogram = LatencyHistogram()
        var rng = SeededGenerator(seed: 8, stream: "histogram")
        var values: [Int64] = []
        for _ in 0..<50_000 {
            let v = Int64(rng.nextIndex(below: 500_000_000))
            values.append(v)
            histogram.record(v)
        }
        values.sort()
        for q in [0.5, 0.9, 0.99] {
            let exact = Double(values[min(values.count - 1, Int(q * Double(values.count)))])
            #expect(abs(Double(histogram.quantile(q)) - exact) / exact < 0.001)
        }
    }

    @Test func test_jobFromAForeignThreadIsCaughtNotRun() {
        let executor = SimulationExecutor()
        let ran = ManagedAtomicFlag()
        let enqueued = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Enqueued from a thread that does not own the executor.
            Task(executorPreference: executor) { ran.set() }
            enqueued.signal()
        }
        thread.start()
        enqueued.wait()
        #expect(executor.foreignJobs == 1)
        #expect(executor.pendingJobs == 0)
        executor.drain()
        #expect(!ran.isSet)
        executor.drainForeignJobs()
        #expect(ran.isSet)
    }

    @Test func test_roundingWithoutLibmEqualsRoundedOnNonNegativeValues() {
        var rng = SeededGenerator(seed: 4, stream: "rounding")
        var values: [Double] = [0, 0.5, 1.5, 2.5, 0.49999999999999994, 4_503_599_627_370_495.5, 1e15 + 0.5]
        for _ in 0..<200_000 {
            let magnitude = Double(rng.nextIndex(below: 1 << 40))
            values.append(magnitude * rng.nextUnit())
            values.append(Double(rng.nextIndex(below: 1_000_000)) + 0.5)
        }
        for value in values {
            #expect(value.roundedNonNegative == Int64(value.rounded()), "\(value)")
        }
    }

    actor Probe {
        nonisolated let executor: SimulationExecutor
        var touched = 0
        init(executor: SimulationExecutor) { self.executor = executor }
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    }

    @Test func test_theRuntimesIsolationCheckPassesOnTheLabsThreadOutsideAnyJob() {
        // The timeline's loop runs isolated code outside any job; the runtime's dynamic checks
        // (assumeIsolated, checks in isolated closures) ask the executor, which answers by thread.
        let executor = SimulationExecutor()
        let probe = Probe(executor: executor)
        let touched = probe.assumeIsolated { probe in
            probe.touched += 1
            return probe.touched
        }
        #expect(touched == 1)
    }

    @Test func test_virtualInstantArithmetic() {
        let start = VirtualInstant(nanoseconds: 1_000)
        #expect(start.advanced(by: .milliseconds(2)).nanoseconds == 2_001_000)
        #expect(start.duration(to: VirtualInstant(nanoseconds: 4_000)) == .nanoseconds(3_000))
    }
}

/// A flag set from one thread and read from another.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
