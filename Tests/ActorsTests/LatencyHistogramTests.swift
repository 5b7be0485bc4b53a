import Foundation
import Testing
@testable import Actors

/// The latency histogram: the bucket boundaries of a dense log-linear histogram (1/1024 relative
/// width), paged storage that costs what the observed range needs, estimates clamped to what was seen.
@Suite struct LatencyHistogramTests {
    /// The specification the compact histogram must match: one counter per bucket from zero up,
    /// a quantile read as the middle of the bucket holding its rank.
    struct DenseReference {
        var counts: [Int] = []
        var smallest = Int64.max, largest: Int64 = 0

        static func bucket(of value: Int64) -> Int {
            let v = UInt64(max(value, 0))
            if v < 2048 { return Int(v) }
            let shift = (63 - v.leadingZeroBitCount) - 10
            return 1024 * shift + Int(v >> UInt64(shift))
        }

        static func middle(of bucket: Int) -> Int64 {
            if bucket < 2048 { return Int64(bucket) }
            let shift = bucket / 1024 - 1
            let width = Int64(1) << Int64(shift)
            return Int64(bucket % 1024 + 1024) << Int64(shift) + (width - 1) / 2
        }

        mutating func record(_ value: Int64) {
            let b = Self.bucket(of: value)
            if b >= counts.count { counts += [Int](repeating: 0, count: b + 1 - counts.count) }
            counts[b] += 1
            smallest = min(smallest, value)
            largest = max(largest, value)
        }

        /// The unclamped estimate: what the dense histogram answered.
        func quantile(_ q: Double) -> Int64 {
            let total = counts.reduce(0, +)
            let rank = min(total - 1, Int(q * Double(total)))
            var seen = 0
            for (b, c) in counts.enumerated() {
                seen += c
                if seen > rank { return Self.middle(of: b) }
            }
            return largest
        }

        func count(atOrBelow bound: Int64) -> Int { counts.prefix(Self.bucket(of: bound) + 1).reduce(0, +) }
    }

    static func lognormal(_ random: inout SeededGenerator, median: Double, sigma: Double) -> Int64 {
        let u1 = max(random.nextUnit(), 0x1.0p-53), u2 = random.nextUnit()
        return Int64(median * exp(sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)))
    }

    /// Seeded sample sets: latencies around 20 ms, uniform up to 500 ms, values under the linear
    /// range's 2048, and a mixture reaching 2^62.
    static func sampleSets() -> [(String, [Int64])] {
        var random = SeededGenerator(seed: 12, stream: "latency-histogram")
        let lognormal = (0..<60_000).map { _ in Self.lognormal(&random, median: 20e6, sigma: 0.5) }
        let uniform = (0..<40_000).map { _ in Int64(random.nextIndex(below: 500_000_000)) }
        let small = (0..<10_000).map { _ in Int64(random.nextIndex(below: 3_000)) }
        let wide = (0..<10_000).map { _ in Int64(random.next() >> UInt64(1 + random.nextIndex(below: 63))) }
        return [("lognormal", lognormal), ("uniform", uniform), ("small", small), ("wide", wide)]
    }

    static let quantiles = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1]

    @Test func test_quantilesAndCountsEqualTheDenseHistogramsClampedToTheObservedRange() {
        for (name, samples) in Self.sampleSets() {
            var histogram = LatencyHistogram(), reference = DenseReference()
            for value in samples {
                histogram.record(value)
                reference.record(value)
            }
            #expect(histogram.count == samples.count && histogram.sum == samples.reduce(0, &+), "\(name)")
            #expect(histogram.minimum == samples.min() && histogram.maximum == samples.max(), "\(name)")
            for q in Self.quantiles {
                let expected = min(max(reference.quantile(q), reference.smallest), reference.largest)
                #expect(histogram.quantile(q) == expected, "\(name) q=\(q)")
            }
            var random = SeededGenerator(seed: 13, stream: name)
            let bounds = (0..<200).map { _ in samples[random.nextIndex(below: samples.count)] + Int64(random.nextIndex(below: 3)) - 1 } + [-1, 0, 2047, 2048, .max]
            for bound in bounds { #expect(histogram.count(atOrBelow: bound) == reference.count(atOrBelow: bound), "\(name) bound=\(bound)") }
        }
    }

    @Test func test_quantilesNeverReadBeyondTheObservedMinimumAndMaximum() {
        var constant = LatencyHistogram()
        for _ in 0..<1_000 { constant.record(600_000_000) }
        for q in Self.quantiles { #expect(constant.quantile(q) == 600_000_000, "q=\(q)") }

        var random = SeededGenerator(seed: 14, stream: "clamp")
        for _ in 0..<200 {
            var histogram = LatencyHistogram()
            let median = Double(1 + random.nextIndex(below: 1_000_000_000))
            for _ in 0..<(1 + random.nextIndex(below: 50)) { histogram.record(Self.lognormal(&random, median: median, sigma: 0.2)) }
            #expect(histogram.quantile(0) >= histogram.minimum && histogram.quantile(0.99) <= histogram.maximum && histogram.quantile(1) <= histogram.maximum)
        }
    }

    @Test func test_mergingEqualsRecordingEverySampleInOne() {
        for (name, samples) in Self.sampleSets() {
            var whole = LatencyHistogram(), parts = [LatencyHistogram(), LatencyHistogram(), LatencyHistogram()]
            for (index, value) in samples.enumerated() {
                whole.record(value)
                parts[index % 7 == 0 ? 0 : (value % 2 == 0 ? 1 : 2)].record(value)
            }
            var merged = LatencyHistogram()
            for part in parts + [LatencyHistogram()] { merged.merge(part) }
            #expect(merged.count == whole.count && merged.sum == whole.sum, "\(name)")
            #expect(merged.minimum == whole.minimum && merged.maximum == whole.maximum, "\(name)")
            for q in Self.quantiles { #expect(merged.quantile(q) == whole.quantile(q), "\(name) q=\(q)") }
            for bound in samples.prefix(100) { #expect(merged.count(atOrBelow: bound) == whole.count(atOrBelow: bound), "\(name)") }
        }
    }

    @Test func test_aBucketPastSixteenBitsOfCountsLosesNoSample() {
        var histogram = LatencyHistogram()
        for _ in 0..<200_000 { histogram.record(20_000_000) }
        for _ in 0..<100 { histogram.record(30_000_000) }
        let (at20, at30) = (max(DenseReference.middle(of: DenseReference.bucket(of: 20_000_000)), 20_000_000), min(DenseReference.middle(of: DenseReference.bucket(of: 30_000_000)), 30_000_000))
        #expect(histogram.count(atOrBelow: 20_000_000) == 200_000 && histogram.count(atOrBelow: 30_000_000) == 200_100)
        #expect(histogram.quantile(0.999) == at20 && histogram.quantile(0.9999) == at30)
        var twice = histogram
        twice.merge(histogram)
        #expect(twice.count(atOrBelow: 20_000_000) == 400_000 && twice.count(atOrBelow: 30_000_000) == 400_200)
        #expect(twice.quantile(0.9994) == at20 && twice.quantile(0.9996) == at30)
    }

    @Test func test_aHundredThousandLatenciesAround20msHoldUnderTenKilobytes() {
        var random = SeededGenerator(seed: 15, stream: "memory")
        var histogram = LatencyHistogram(), reference = DenseReference()
        for _ in 0..<100_000 {
            let value = Self.lognormal(&random, median: 20e6, sigma: 0.3)
            histogram.record(value)
            reference.record(value)
        }
        #expect(histogram.storageBytes < 10_000, "\(histogram.storageBytes) bytes")
        // The dense layout held one Int per bucket from zero up: 141 KB for these samples.
        #expect(reference.counts.count * MemoryLayout<Int>.stride > 10 * histogram.storageBytes)
    }

    @Test func test_anEmptyHistogramReadsZeroEverywhereAndHoldsNothing() {
        var empty = LatencyHistogram()
        #expect(empty.count == 0 && empty.sum == 0 && empty.minimum == 0 && empty.maximum == 0)
        #expect(Self.quantiles.allSatisfy { empty.quantile($0) == 0 })
        #expect(empty.count(atOrBelow: .max) == 0 && empty.count(atOrBelow: 0) == 0)
        #expect(empty.storageBytes == 0)
        empty.merge(LatencyHistogram())
        #expect(empty.count == 0 && empty.minimum == 0 && empty.storageBytes == 0)
        empty.record(0)
        #expect(empty.minimum == 0 && empty.maximum == 0 && empty.quantile(0.5) == 0 && empty.count(atOrBelow: 0) == 1)
    }
}
