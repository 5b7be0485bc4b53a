import Testing
@testable import Actors
import Scenarios

/// Property test: seeded random scripts against each breaker type, run through the lab, never
/// crash, make only the transitions the type's library allows (each from the state the last one
/// left), and give the same results every time.
@Suite struct RandomScriptTests {
    static let legal: [String: Set<String>] = [
        "count": ["closed->open", "open->half_open", "half_open->open", "half_open->closed", "open->closed"],
        "consecutive": ["closed->open", "open->half_open", "half_open->open", "half_open->closed", "open->closed"],
        // resilience4j: every pair but closed → half_open and metrics_only → open / half_open (same-state: no event).
        "window": Set(BreakerState.allCases.flatMap { from in BreakerState.allCases.map { "\(from)->\($0)" } })
            .subtracting(["closed->half_open", "metrics_only->open", "metrics_only->half_open"])
            .subtracting(BreakerState.allCases.map { "\($0)->\($0)" }),
    ]

    static func policy(_ type: String, _ rng: inout SeededGenerator) -> BreakerPolicy {
        func pick<T>(_ options: [T]) -> T { options[rng.nextIndex(below: options.count)] }
        switch type {
        case "count":
            let size = 1 + rng.nextIndex(below: 6)
            return .count(CountBreakerPolicy(windowSize: size, minimumCalls: 1 + rng.nextIndex(below: size), failureRate: pick([0.1, 0.5, 1]),
                                             openFor: pick([.milliseconds(1), .seconds(1)]), halfOpenCalls: 1 + rng.nextIndex(below: 3)))
        case "consecutive":
            let interval: TimeSpan = pick([.zero, .seconds(2), .seconds(5)])
            return .consecutive(ConsecutiveBreakerPolicy(
                maxRequests: rng.nextIndex(below: 4), interval: interval, bucketPeriod: interval == .zero ? .zero : pick([.zero, .seconds(1)]),
                timeout: pick([.zero, .milliseconds(500), .seconds(2)]),
                readyToTrip: pick([.consecutiveFailures(rng.nextIndex(below: 4)), .failureRatio(pick([0.3, 0.6, 1]), minRequests: rng.nextIndex(below: 5))])))
        default:
            return .window(WindowBreakerPolicy(
                slidingWindow: .init(type: pick([.count, .time]), size: 1 + rng.nextIndex(below: 5)), minimumCalls: 1 + rng.nextIndex(below: 5),
                failureRate: pick([20, 50, 100]), slowCallRate: pick([50, 100]), slowCallDuration: pick([.milliseconds(100), .seconds(1)]),
                waitInOpen: pick([.constant(.milliseconds(700)), .exponential(initial: .milliseconds(300), multiplier: 1.5, max: .seconds(3))]),
                automaticHalfOpen: pick([true, false]), permittedInHalfOpen: 1 + rng.nextIndex(below: 3),
                maxWaitInHalfOpen: pick([.zero, .milliseconds(800)]), afterMaxWait: pick([.open, .closed])))
        }
    }

    static func script(_ rng: inout SeededGenerator, steps count: Int) -> [ScriptStep] {
        func pick<T>(_ options: [T]) -> T { options[rng.nextIndex(below: options.count)] }
        var at: Int64 = 0
        var steps: [ScriptStep] = []
        var open: [String] = []
        let operations: [BreakerOperation] = [.transitionToOpen, .transitionToOpenFor(wait: 400_000_000), .transitionToHalfOpen,
                                              .transitionToClosed, .forceOpen, .disable, .metricsOnly, .reset]
        for i in 0..<count {
            at += Int64(pick([0, 0, 1, 50, 300, 1100])) * 1_000_000
            let duration = TimeSpan(nanoseconds: Int64(pick([0, 50, 200, 2000])) * 1_000_000)
            let action: ScriptStep.Action
            switch rng.nextIndex(below: 10) {
            case 0...3: action = .call(pick(CallVerdict.allCases), duration: duration)
            case 4:
                action = .attempt(name: "t\(i)")
                open.append("t\(i)")
            case 5 where !open.isEmpty:
                action = .complete(name: open.removeFirst(), verdict: pick(CallVerdict.allCases), duration: pick([nil, duration]))
            case 6: action = .record(pick(CallVerdict.allCases), duration: duration)
            case 7: action = pick([.release, .check])
            default: action = .operation(pick(operations))
            }
            steps.append(ScriptStep(at: TimeSpan(nanoseconds: at), action))
        }
        return steps
    }

    static func scenario(type: String, seed: UInt64) -> Scenario {
        var rng = SeededGenerator(seed: seed, stream: "script")
        let steps = script(&rng, steps: 40 + rng.nextIndex(below: 80))
        return Scenario(name: "random-script-\(type)-\(seed)", duration: TimeSpan(nanoseconds: steps.last!.at.nanoseconds + 1_000_000_000),
                        clusters: [ClusterSpec(name: "pay", backends: 1, concurrency: 1, latency: .constant(.milliseconds(1)))],
                        routes: [], breakers: BreakerPolicies(overrides: [("pay", policy(type, &rng))]), traffic: [],
                        scripts: [BreakerScript(name: "s", target: "pay", steps: steps)])
    }

    @Test(arguments: ["count", "consecutive", "window"])
    func test_randomScriptsMakeOnlyLegalTransitionsAndRepeat(type: String) throws {
        for seed in UInt64(1)...15 {
            let scenario = Self.scenario(type: type, seed: seed)
            try scenario.validate()
            let first = try Laboratory(scenario: scenario).run(RunOptions())
            let second = try Laboratory(scenario: scenario).run(RunOptions())
            #expect(first.scriptResults == second.scriptResults, "seed \(seed)")
            #expect(first.traceHash == second.traceHash, "seed \(seed)")
            let steps = try #require(first.scriptResults.first?.steps)
            #expect(steps.count == scenario.scripts[0].steps.count, "seed \(seed)")
            let transitions = steps.last?.transitions ?? []
            var state = BreakerState.closed
            for t in transitions {
                #expect(t.from == state, "seed \(seed): \(transitions)")
                #expect(Self.legal[type]!.contains(t.description), "seed \(seed): \(t) is not a \(type) transition")
                state = t.to
            }
            #expect(state == steps.last?.state, "seed \(seed)")
            for step in steps {
                #expect((step.counts != nil) == (type == "consecutive"))
                #expect((step.metrics != nil) == (type == "window"))
            }
        }
    }
}
