import Testing
@testable import Actors
import Scenarios

/// Seeded random runs of the `window` breaker against resilience4j's transition table.
extension WindowBreakerTests {
    // MARK: Property


    /// Runs a random sequence and returns everything it observed, checking each transition on the way.
    static func randomRun(seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed, stream: "window-property")
        let policy = WindowBreakerPolicy(
            slidingWindow: .init(type: random.nextIndex(below: 2) == 0 ? .count : .time, size: 1 + random.nextIndex(below: 6)),
            minimumCalls: 1 + random.nextIndex(below: 6), failureRate: Double(1 + random.nextIndex(below: 100)), slowCallRate: Double(1 + random.nextIndex(below: 100)),
            slowCallDuration: .milliseconds(Double(1 + random.nextIndex(below: 500))),
            waitInOpen: random.nextIndex(below: 2) == 0 ? .constant(.seconds(Double(1 + random.nextIndex(below: 5))))
                : .exponential(initial: .seconds(1), multiplier: 1.5, max: random.nextIndex(below: 2) == 0 ? nil : .seconds(4)),
            automaticHalfOpen: random.nextIndex(below: 2) == 0, permittedInHalfOpen: 1 + random.nextIndex(below: 4),
            maxWaitInHalfOpen: random.nextIndex(below: 2) == 0 ? .zero : .milliseconds(Double(1 + random.nextIndex(below: 3_000))),
            afterMaxWait: random.nextIndex(below: 2) == 0 ? .open : .closed)
        var breaker = WindowBreaker(policy: policy)
        var observed: [String] = []
        var previous = BreakerState.closed
        var now: Int64 = 0
        let check: (BreakerTransition) -> Void = { transition in
            #expect(transition.from != transition.to, "seed \(seed): \(transition)")
            #expect(WindowBreaker.allows(from: transition.from, to: transition.to), "seed \(seed): \(transition)")
            #expect(transition.from == previous, "seed \(seed): \(transition) after \(previous)")
            previous = transition.to
            observed.append("\(now) \(transition)")
        }
        let operations: [BreakerOperation] = [.transitionToOpen, .transitionToOpenFor(wait: 1_500 * ms), .transitionToHalfOpen,
                                              .transitionToClosed, .forceOpen, .disable, .metricsOnly, .reset]
        for _ in 0..<400 {
            now += Int64(random.nextIndex(below: 800)) * ms
            switch random.nextIndex(below: 10) {
            case 0, 1, 2:
                let admission = breaker.admit(at: now, onTransition: check)
                observed.append("admit \(admission.refusal.map { "\($0)" } ?? "ok")")
            case 3, 4, 5:
                let verdict = [CallVerdict.success, .failure, .ignored][random.nextIndex(below: 3)]
                breaker.record(verdict, duration: Int64(random.nextIndex(below: 1_000)) * ms, at: now, onTransition: check)
            case 6:
                breaker.release(at: now, onTransition: check)
            case 7:
                let error = breaker.apply(operations[random.nextIndex(below: operations.count)], at: now, onTransition: check)
                observed.append("op \(error.map { "\($0)" } ?? "ok")")
            case 8:
                breaker.advance(to: now, onTransition: check)
                if let due = breaker.nextScheduledTransition { #expect(due > now, "seed \(seed)") }
            default:
                let m = breaker.snapshot(at: now, onTransition: check)
                #expect(m.buffered >= 0 && m.failed >= 0 && m.slow >= 0 && m.successful >= 0, "seed \(seed)")
                #expect(m.failed + m.successful == m.buffered, "seed \(seed)")
                #expect(m.failureRate == -1 || (0...100).contains(m.failureRate), "seed \(seed)")
                observed.append("metrics \(m.failureRate) \(m.slowCallRate) \(m.buffered) \(m.failed) \(m.slow) \(m.notPermitted)")
            }
            #expect(breaker.state == previous, "seed \(seed)")
            observed.append("\(breaker.state)")
        }
        return observed
    }

    @Test func test_randomSequencesMoveOnlyAlongResilience4jsTransitionsAndRepeat() {
        for seed in UInt64(1)...40 {
            let first = WindowBreakerTests.randomRun(seed: seed)
            #expect(first == WindowBreakerTests.randomRun(seed: seed), "seed \(seed)")
        }
    }
}
