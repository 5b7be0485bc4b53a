import Foundation
import Synchronization
import Testing
@testable import Actors
import Scenarios

/// The seams under the lab: the live timeline, the in-flight guard, the recorder's credits, the
/// backend heap, and validation of scenarios built in Swift.
@Suite struct SeamTests {
    /// Runs a live timeline on a thread of its own (the lab's thread) and collects what fired.
    final class LiveProbe: @unchecked Sendable {
        let fired = Mutex<[(token: Int32, wall: Int64)]>([])
    }

    @Test func test_liveTimelineFiresTimersOnTheWallClockInOrder() {
        let probe = LiveProbe()
        let done = DispatchSemaphore(value: 0)
        let due: [(at: Int64, token: Int32)] = [(120, 3), (40, 1), (80, 2), (80, 4), (160, 5)].map { ($0.0 * 1_000_000, $0.1) }
        let thread = Thread {
            let timeline = LiveTimeline(core: TimelineCore(executor: SimulationExecutor(), trace: TraceLog(keepEvents: false)))
            let owner = timeline.core.register(probe) { object, token in
                let probe = unsafeDowncast(object, to: LiveProbe.self)
                let wall = timeline.wallNow
                probe.fired.withLock { $0.append((token.a, wall)) }
            }
            for (at, token) in due { timeline.core.schedule(at: at, owner: owner, token: TimerToken(tag: 0, a: token)) }
            timeline.run(until: 250_000_000)
            done.signal()
        }
        thread.start()
        done.wait()
        let fired = probe.fired.withLock { $0 }
        #expect(fired.map(\.token) == [1, 2, 4, 3, 5], "timers fire in (time, scheduling) order")
        for (token, wall) in fired {
            let at = due.first { $0.token == token }!.at
            #expect(wall >= at, "timer \(token) fired at \(wall) ns, before it was due at \(at) ns")
            #expect(wall < at + 100_000_000, "timer \(token) fired at \(wall) ns, long after \(at) ns")
        }
    }

    @Test func test_liveTimelineRunsWorkSubmittedFromAnotherThreadAndStops() {
        let done = DispatchSemaphore(value: 0)
        let ran = Mutex<Bool>(false)
        nonisolated(unsafe) var timeline: LiveTimeline?
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread {
            let live = LiveTimeline(core: TimelineCore(executor: SimulationExecutor(), trace: TraceLog(keepEvents: false)))
            timeline = live
            ready.signal()
            live.run(until: nil)
            done.signal()
        }
        thread.start()
        ready.wait()
        timeline!.submit { ran.withLock { $0 = true } }
        timeline!.submit { timeline!.stop() }
        #expect(done.wait(timeout: .now() + 5) == .success, "stop() ends the loop")
        #expect(ran.withLock { $0 })
    }

    @Test func test_overloadEndsTheRunNamingTheClusterAndTheInstant() throws {
        // 1,000 requests/s at a cluster that serves 100/s behind an unbounded queue.
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("slow")], rate: 1000, duration: .seconds(60))
        do {
            _ = try Laboratory(scenario: scenario).run(RunOptions(inFlightLimit: InFlightLimit(requests: 500)))
            Issue.record("the run should have ended as overloaded")
        } catch let error as LabError {
            guard case .overloaded(let inFlight, let limit, let at, let cluster, let outstanding) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(inFlight == 501 && limit == 500 && cluster == "slow" && outstanding == 500)
            // The backlog grows by 900 a second: 501 in flight a little after 0.55 s.
            #expect(at > 500_000_000 && at < 600_000_000)
            #expect(error.description.contains("cluster \"slow\"") && error.description.contains("--max-in-flight"))
        }
    }

    @Test func test_overloadBehindATimeoutEndsTheRunToo() throws {
        // Requests complete as 504 after 50 ms, but their attempts stay queued at the cluster
        // awaiting late answers: the backlog is in attempts, and it is bounded all the same.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["slow"], timeout: .milliseconds(50))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("slow")], route: route, rate: 1000, duration: .seconds(60))
        do {
            _ = try Laboratory(scenario: scenario).run(RunOptions(inFlightLimit: InFlightLimit(requests: 500)))
            Issue.record("the run should have ended as overloaded")
        } catch let error as LabError {
            guard case .overloaded(let inFlight, _, let at, let cluster, let outstanding) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(inFlight == 501 && cluster == "slow" && outstanding == 501)
            #expect(at > 500_000_000 && at < 650_000_000)
        }
    }

    @Test func test_aHungAttemptsTimeoutSaysNoAnswerWillCome() throws {
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], timeout: .milliseconds(50))
        let hang = ChaosSpec(name: "hold", at: .zero, duration: .seconds(1), target: "a", fault: .hang(rate: 1))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a")], route: route, rate: 10, duration: .seconds(2), chaos: [hang])
        let timeouts = try Fixtures.run(scenario).events(.attemptTimedOut).map(\.view)
        let hung = timeouts.filter { if case .attemptTimedOut(_, _, _, _, true) = $0 { return true } else { return false } }
        #expect(!timeouts.isEmpty && hung.count == timeouts.count, "every attempt of the first second was held")
    }

    @Test func test_aScenarioBuiltInSwiftIsValidatedNotTrapped() {
        var scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a")])
        scenario.routes[0].clusters = ["a", "missing"]
        #expect(throws: ScenarioLoadError.self) { try Laboratory(scenario: scenario) }
        do {
            _ = try Laboratory(scenario: scenario)
        } catch {
            #expect(error.issues.contains { $0.path == "routes[0].clusters[1]" && $0.message.contains("missing") })
        }
    }

    @Test func test_lateAnswersAreCountedApartFromTheAttemptsTheyConclude() throws {
        // Every attempt takes 100 ms against a 50 ms deadline: each times out (504) and its answer comes late.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a"], timeout: .milliseconds(50))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", latency: .constant(.milliseconds(100)), concurrency: 100)],
                                         route: route, rate: 10, duration: .seconds(2))
        let result = try Fixtures.run(scenario)
        let attempts = result.events(.attemptSent).count
        let figures = result.summary.clusters[0]
        #expect(figures.statuses.map(\.status) == [504])
        #expect(figures.answered == attempts, "each attempt concludes once")
        #expect(figures.late == result.events(.attemptAnswered).count && figures.late > 0)
        #expect(result.events(.attemptAnswered).allSatisfy { if case .attemptAnswered(let a) = $0.view { return a.late } else { return false } })
    }

    @Test func test_batchCreditsMakeTheProducerWaitForTheConsumer() {
        let credits = BatchCredits(limit: 2)
        credits.take()
        credits.take()
        let third = DispatchSemaphore(value: 0)
        Thread { credits.take(); third.signal() }.start()
        #expect(third.wait(timeout: .now() + 0.2) == .timedOut, "a third batch waits while two are unconsumed")
        credits.give()
        #expect(third.wait(timeout: .now() + 5) == .success)
    }

    @Test func test_backendHeapChoosesAsTheLinearScanDoes() {
        var rng = SeededGenerator(seed: 9, stream: "least-loaded")
        var heap = LeastLoaded(count: 40)
        var load = [Int32](repeating: 0, count: 40)
        for _ in 0..<20_000 {
            let scan = load.indices.min { load[$0] < load[$1] || (load[$0] == load[$1] && $0 < $1) }!
            #expect(heap.least == scan)
            if rng.nextUnit() < 0.55 {
                heap.increment(scan)
                load[scan] += 1
            } else {
                let busy = load.indices.filter { load[$0] > 0 }
                guard !busy.isEmpty else { continue }
                let b = busy[rng.nextIndex(below: busy.count)]
                heap.decrement(b)
                load[b] -= 1
            }
        }
    }
}
