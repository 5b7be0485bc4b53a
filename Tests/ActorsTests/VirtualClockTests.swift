import Synchronization
import Testing
@testable import Actors
import Scenarios

/// Code written against `Clock` runs in the lab's virtual time, deterministically.
@Suite struct VirtualClockTests {
    let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10)], rate: 10, duration: .seconds(1))

    @Test func test_sleepWakesAtTheVirtualDeadline() throws {
        let seen = Mutex<[Int64]>([])
        let companion: @Sendable (VirtualClock) async -> Void = { clock in
            for _ in 0..<3 {
                try? await clock.sleep(for: .milliseconds(100))
                let now = clock.now.nanoseconds
                seen.withLock { $0.append(now) }
            }
        }
        _ = try Laboratory(scenario: scenario).run(RunOptions(companions: [companion]))
        #expect(seen.withLock { $0 } == [100_000_000, 200_000_000, 300_000_000])
    }

    @Test func test_sleepPastTheEndOfTheRunIsCancelled() throws {
        let outcome = Mutex<String>("still asleep")
        let companion: @Sendable (VirtualClock) async -> Void = { clock in
            do {
                try await clock.sleep(until: clock.now.advanced(by: .seconds(5)), tolerance: nil)
                outcome.withLock { $0 = "woke" }
            } catch {
                outcome.withLock { $0 = error is CancellationError ? "cancelled at \(clock.now.nanoseconds)" : "\(error)" }
            }
        }
        _ = try Laboratory(scenario: scenario).run(RunOptions(companions: [companion]))
        #expect(outcome.withLock { $0 } == "cancelled at 1000000000")
    }

    @Test func test_companionsDoNotDisturbTheTrace() throws {
        let plain = try Laboratory(scenario: scenario).run()
        let sleeper: @Sendable (VirtualClock) async -> Void = { clock in
            for _ in 0..<50 { try? await clock.sleep(for: .milliseconds(7)) }
        }
        let withCompanion = try Laboratory(scenario: scenario).run(RunOptions(companions: [sleeper]))
        #expect(plain.traceHash == withCompanion.traceHash)
    }
}
