import Foundation
import Synchronization
import Testing
@testable import Actors
import Scenarios

/// Seed 001's scenario modes (its section 4.1: healthy, degraded, error, chaos) on a scenario's
/// timeline and through the chaos actor's calls, and its presets (section 4.6).
@Suite struct ModeTests {
    let ms = ChaosFixtures.ms

    func run(_ modes: [ModeSwitch], clusters: [ClusterSpec] = [ChaosFixtures.cluster()], chaos: [ChaosSpec] = [],
             timeout: TimeSpan? = .milliseconds(500)) throws -> RunResult {
        try ChaosFixtures.run(ChaosFixtures.scenario(chaos, clusters: clusters, timeout: timeout, modes: modes))
    }

    @Test func test_timelineSwitchesAtItsInstantsWithEvents_seed001SwitchMode() throws {
        let result = try run([ModeSwitch(at: .milliseconds(300), mode: .degraded(latencyMultiplier: 2)),
                              ModeSwitch(at: .milliseconds(600), cluster: "a", mode: .healthy)])
        let switches = result.events(.modeSwitched).map(\.view)
        #expect(result.events(.modeSwitched).map(\.time) == [300 * ms, 600 * ms])
        #expect(switches == [.modeSwitched(cluster: -1, mode: .degraded, entry: 0), .modeSwitched(cluster: 0, mode: .healthy, entry: 1)])
        // Degraded ×2 stretches the 10 ms service time of every attempt served while it is in force.
        for attempt in ChaosFixtures.attempts(result) where attempt.outcome != nil {
            let degraded = attempt.sentAt >= 300 * ms && attempt.sentAt < 600 * ms
            #expect(attempt.latency == (degraded ? 20 : 10) * ms && attempt.status == 200 && attempt.window == nil)
        }
        #expect(result.metricsText.contains("lab_mode{scope=\"lab\"} 1"))
        #expect(result.metricsText.contains("lab_mode{scope=\"a\"} 0"))
    }

    @Test func test_errorModeAnswersAShareAtOnceWithItsStatuses_seed001ErrorMode() throws {
        let clusters = [ChaosFixtures.cluster("a"), ChaosFixtures.cluster("b")]
        let result = try run([ModeSwitch(at: .zero, cluster: "a", mode: .error(errorRate: 1, statusCodes: [502, 504]))], clusters: clusters)
        let attempts = ChaosFixtures.attempts(result).filter { $0.outcome != nil }
        let onA = attempts.filter { $0.cluster == 0 }
        #expect(!onA.isEmpty && onA.allSatisfy { [502, 504].contains($0.status) && $0.outcome == .chaos && $0.latency == 0 })
        #expect(Set(onA.map(\.status)) == [502, 504])
        #expect(attempts.filter { $0.cluster == 1 }.allSatisfy { $0.status == 200 && $0.latency == 10 * ms })
        // A share: at 0.3 of 99 attempts, 5 binomial deviations around 29.7.
        let share = try run([ModeSwitch(at: .zero, mode: .error(errorRate: 0.3))])
        let failed = Double(ChaosFixtures.attempts(share).filter { $0.outcome == .chaos }.count)
        #expect(abs(failed - 29.7) <= 5 * (99 * 0.3 * 0.7).squareRoot())
    }

    @Test func test_chaosModeDelaysWithSpikesOrABaseAndTimesOut_seed001ChaosEngine() throws {
        let spikes = try run([ModeSwitch(at: .zero, mode: .chaos(errorRate: 0, latency: LatencyChaos(min: .milliseconds(100), max: .milliseconds(200), spikeProbability: 1)))])
        #expect(ChaosFixtures.attempts(spikes).filter { $0.outcome != nil }.allSatisfy { $0.latency >= 110 * ms && $0.latency < 210 * ms })
        let base = try run([ModeSwitch(at: .zero, mode: .chaos(errorRate: 0, latency: LatencyChaos(min: .milliseconds(100), max: .milliseconds(200), spikeProbability: 0)))])
        let based = ChaosFixtures.attempts(base).filter { $0.outcome != nil }
        #expect(based.allSatisfy { $0.latency >= 10 * ms && $0.latency < 60 * ms } && Set(based.map(\.latency)).count > 10)
        let hung = try run([ModeSwitch(at: .zero, mode: .chaos(errorRate: 0, timeoutRate: 1))], timeout: .milliseconds(100))
        let timedOut = ChaosFixtures.attempts(hung).filter { $0.outcome != nil }
        #expect(!timedOut.isEmpty && timedOut.allSatisfy { $0.status == 504 && $0.outcome == .timeout && $0.latency == 100 * ms })
    }

    @Test func test_presetsApplyFromSwiftAndFromTheTimeline_seed001Presets() throws {
        var scenario = ChaosFixtures.scenario()
        let staged = scenario.apply(preset: "staging", at: .milliseconds(500))
        let misspelt = scenario.apply(preset: "stagin")
        #expect(staged && !misspelt)
        #expect(scenario.modes == [ModeSwitch(at: .milliseconds(500), mode: .degraded(latencyMultiplier: 1.5), preset: "staging")])
        let result = try ChaosFixtures.run(scenario)
        for attempt in ChaosFixtures.attempts(result) where attempt.outcome != nil {
            #expect(attempt.latency == (attempt.sentAt >= 500 * ms ? 15 : 10) * ms)
        }
        scenario.presets = [ModePreset(name: "mine", mode: .error(errorRate: 1, statusCodes: [418]))]
        scenario.modes = []
        let mine = scenario.apply(preset: "mine")
        #expect(mine)
        #expect(ChaosFixtures.attempts(try ChaosFixtures.run(scenario)).filter { $0.outcome != nil }.allSatisfy { $0.status == 418 })
    }

    @Test func test_modeDrawsComeFromTheirOwnStreams_soAddingAModeShiftsNoWindow() throws {
        let clusters = [ChaosFixtures.cluster("a"), ChaosFixtures.cluster("b")]
        let window = ChaosFixtures.window(.error(status: 503, rate: 0.5), target: "a")
        let alone = try run([], clusters: clusters, chaos: [window])
        let withMode = try run([ModeSwitch(at: .zero, mode: .chaos(errorRate: 0.2, latency: LatencyChaos(min: .zero, max: .milliseconds(5), spikeProbability: 0.5)))],
                               clusters: clusters, chaos: [window])
        // The mode delays attempts, so which request goes where may change; the window's draws per
        // attempt to "a", in order, do not.
        let struck = { (r: RunResult) in ChaosFixtures.attempts(r).filter { $0.cluster == 0 }.map { $0.window != nil } }
        let a = struck(alone), b = struck(withMode)
        #expect(Array(a.prefix(min(a.count, b.count))) == Array(b.prefix(min(a.count, b.count))))
    }

    /// Runs `body` as a job of the lab's executor, as the lab runs its actors, and waits for it.
    func onLab<T: Sendable>(_ executor: SimulationExecutor, _ body: @escaping @Sendable () async -> T) -> T? {
        let box = Mutex<T?>(nil)
        Task(executorPreference: executor) {
            let value = await body()
            box.withLock { $0 = value }
        }
        executor.drain()
        return box.withLock { $0 }
    }

    @Test func test_chaosActorSwitchesModesAndAppliesPresetsAtTheCurrentInstant() throws {
        let executor = SimulationExecutor()
        let trace = TraceLog(keepEvents: true)
        let timeline = TimelineCore(executor: executor, trace: trace)
        let scenario = ChaosFixtures.scenario(clusters: [ChaosFixtures.cluster("a"), ChaosFixtures.cluster("b")])
        let chaos = ChaosActor(timeline: timeline, scenario: scenario, templates: Laboratory.templates(of: scenario), end: 1_000 * ms,
                               streams: SeededStreams(seed: 1))
        let seen = onLab(executor) {
            await chaos.switchMode(.error(errorRate: 1, statusCodes: [503]), cluster: 1)
            let strikeA = await chaos.strike(0, 0), strikeB = await chaos.strike(1, 0)
            let applied = await chaos.apply(preset: "high-load"), unknown = await chaos.apply(preset: "nope")
            let mode = await chaos.mode(of: 1)
            return (strikeA.endStatus, strikeB.endStatus, strikeB.endOutcome, applied, unknown, mode, chaos.ledger.serviceScale)
        }
        let (a, b, outcome, applied, unknown, mode, scale) = try #require(seen)
        #expect(a == 0 && b == 503 && outcome == .chaos)
        #expect(applied && !unknown)
        #expect(mode == .degraded(latencyMultiplier: 3.0, errorRate: 0.05))
        #expect(scale == [3.0, 3.0])
        trace.flush()
        let switches = (trace.kept ?? []).filter { $0.kind == .modeSwitched }.map(\.view)
        #expect(switches == [.modeSwitched(cluster: 1, mode: .error, entry: -1), .modeSwitched(cluster: -1, mode: .degraded, entry: -1)])
    }
}
