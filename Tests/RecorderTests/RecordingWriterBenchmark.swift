import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import Recorder

/// The writer's side of `.ci/bench-sqlite`: the same seeded exchange rows as `.ci/sqlite-ceiling.c`,
/// written through `RecordingWriter`, timed from the first row to the end of `finishIncomplete()`
/// (the final commit and checkpoint). Runs only when LAB_BENCH_SQLITE=1 (in release mode:
/// `swift test -c release --filter RecordingWriterBenchmark`); LAB_BENCH_ROWS, LAB_BENCH_ROUNDS and
/// LAB_BENCH_DIR set the rows (600,000), rounds (5) and folder (the temporary folder).
@Suite struct RecordingWriterBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let enabled = environment["LAB_BENCH_SQLITE"] == "1"
    static let rows = Int(environment["LAB_BENCH_ROWS"] ?? "") ?? 600_000
    static let rounds = Int(environment["LAB_BENCH_ROUNDS"] ?? "") ?? 5
    static let folder = environment["LAB_BENCH_DIR"] ?? FileManager.default.temporaryDirectory.path

    /// SplitMix64, as in the C loop.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Row `i` of the benchmark, drawing `r` from the generator (the same fields as the C loop).
    static func record(_ i: Int64, _ r: UInt64) -> ExchangeRecord {
        let arrived = i * 1000
        let sent = (r >> 30) & 15 != 0
        let status = (r >> 42) % 10 == 0 ? 503 : 200
        return ExchangeRecord(requestID: i, attempt: r & 3 == 0 ? 1 : 0, route: Int((r >> 2) & 3), template: Int((r >> 4) & 7),
                              parameter: Int64((r >> 8) % 100_000) + 1, arrivedAt: arrived,
                              sentAt: sent ? arrived + Int64((r >> 34) & 0xFFF) : nil,
                              answeredAt: arrived + 1_000_000 + Int64((r >> 20) & 0xFFFFF),
                              cluster: sent ? Int((r >> 40) & 1) : nil, status: status, outcome: status == 200 ? 0 : 1,
                              chaosWindow: (r >> 46) % 50 == 0 ? 0 : nil, final: (r >> 52) & 1 == 1, wireStatus: status,
                              protocolStatus: (r >> 53) % 8 == 0 ? 0 : nil,
                              bodyID: (r >> 56) % 4 != 0 ? Int64((r >> 8) % 1000) + 1 : nil)
    }

    static let catalog = RecordingCatalog(
        scenario: "bench-sqlite", seed: 42, clusters: ["a", "b"], routes: (0..<4).map { ("route\($0)", "/r\($0)/*") },
        templates: (0..<8).map { _ in TemplateEntry(traffic: "t", operation: "GET /r/{id}", method: "GET", path: "/r/{id}") },
        outcomes: ["ok", "error"], chaosWindows: [("w", 0, "latency")])

    @Test(.enabled(if: enabled, "a benchmark: set LAB_BENCH_SQLITE=1 (.ci/bench-sqlite does)"))
    func test_writerThroughputOnTheCeilingsRows() throws {
        let path = Self.folder + "/bench-swift.sqlite"
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        var wall: [Double] = [], cpu: [Double] = []
        for round in 1...Self.rounds {
            do {
                let writer = try RecordingWriter(path: path, catalog: Self.catalog)
                var generator = SplitMix(state: 42)
                let start = Self.seconds(CLOCK_MONOTONIC), startCPU = Self.seconds(CLOCK_THREAD_CPUTIME_ID)
                for i in 0..<Int64(Self.rows) { try writer.write(Self.record(i, generator.next())) }
                try writer.finishIncomplete()
                wall.append(Double(Self.rows) / (Self.seconds(CLOCK_MONOTONIC) - start))
                cpu.append(Double(Self.rows) / (Self.seconds(CLOCK_THREAD_CPUTIME_ID) - startCPU))
                #expect(writer.rowsWritten == Self.rows)
            }
            print("bench: Swift writer round \(round): \(Int(wall.last!)) rows/s (\(Int(cpu.last!)) rows per CPU second)")
            if round == 1 {
                let db = try SQLiteDatabase(path: path, readOnly: true)
                let row = try #require(try db.rows("""
                    SELECT count(*), sum(request_id), sum(attempt), sum(template_id), sum(parameter), count(sent_ns), \
                    sum(answered_ns), count(cluster_id), sum(status), count(chaos_window_id), sum(final), \
                    count(protocol_status), total(body_id) FROM exchanges
                    """).first)
                #expect(row.first == String(Self.rows))
                print("bench: fingerprint " + row.map { $0 ?? "NULL" }.joined(separator: " "))
            }
        }
        print("bench: Swift writer median \(Int(Self.median(wall))) rows/s (\(Int(Self.median(cpu))) rows per CPU second)")
    }

    /// A clock's reading in seconds: wall (CLOCK_MONOTONIC) or this thread's CPU time, as the C loop reads them.
    static func seconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
