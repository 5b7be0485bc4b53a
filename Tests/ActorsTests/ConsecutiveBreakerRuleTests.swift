import Testing
@testable import Actors
import Scenarios

/// The corners of gobreaker's rules no upstream test pins (exact instants, streaks, the ratio rule), the
/// lab's operations and unasked results, and a seeded property test.
@Suite struct ConsecutiveBreakerRuleTests {
    let second = ConsecutiveBreakerTests.second

    @Test func test_openTurnsHalfOpenOnlyStrictlyAfterTheTimeout() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(), at: 5 * second)
        for _ in 0..<6 { rig.call(.failure) }
        #expect(rig.breaker.state == .open && rig.breaker.expiry == 65 * second)
        rig.sleep(60 * second)
        #expect(rig.look() == .open, "at the expiry instant itself")
        #expect(rig.admit().refusal == .open)
        rig.sleep(1)
        #expect(rig.admit().admitted, "1 ns after it")
        #expect(rig.breaker.state == .halfOpen)
    }

    @Test func test_closedCountsClearOnlyStrictlyAfterTheIntervalWithoutATransition() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(30)))
        rig.call(.failure)
        rig.sleep(30 * second)
        #expect(rig.look() == .closed && rig.counts.totalFailures == 1)
        rig.sleep(1)
        #expect(rig.look() == .closed && rig.counts == ConsecutiveCounts())
        #expect(rig.breaker.expiry == 60 * second + 1, "the next interval counts from the look that cleared")
        #expect(rig.transitions.isEmpty)
    }

    @Test func test_anIntervalOfZeroNeverClearsClosedCounts() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        for _ in 0..<5 { rig.call(.failure) }
        rig.sleep(1_000_000 * second)
        #expect(rig.look() == .closed && rig.counts.consecutiveFailures == 5)
        rig.call(.failure)
        #expect(rig.breaker.state == .open)
    }

    @Test func test_halfOpenSlotsAreTakenAtAdmissionAndHalfOpenNeverTimesOut() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(maxRequests: 2, timeout: .seconds(1)))
        #expect(rig.apply(.transitionToOpen) == nil)
        rig.sleep(second + 1)
        let trial = rig.admit(), other = rig.admit()
        #expect(trial.admitted && other.admitted)
        #expect(rig.admit().refusal == .tooManyRequests)
        rig.sleep(3_600 * second)
        #expect(rig.look() == .halfOpen)
        rig.finish(.success, trial)
        #expect(rig.breaker.state == .halfOpen && rig.admit().refusal == .tooManyRequests)
        rig.finish(.success, other)
        #expect(rig.breaker.state == .closed)
    }

    @Test func test_exclusionsNeitherBreakStreaksNorMoveHalfOpen() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(maxRequests: 2))
        for verdict in [CallVerdict.success, .ignored, .success] { rig.call(verdict) }
        #expect(rig.counts.consecutiveSuccesses == 2)
        for verdict in [CallVerdict.failure, .ignored, .failure, .ignored, .failure, .failure, .failure] { rig.call(verdict) }
        #expect(rig.counts.consecutiveFailures == 5 && rig.breaker.state == .closed)
        rig.call(.failure)
        #expect(rig.breaker.state == .open, "the sixth failure in a row, exclusions between them")
        rig.sleep(60 * second + 1)
        for _ in 0..<10 { rig.call(.ignored) }
        #expect(rig.breaker.state == .halfOpen && rig.counts == ConsecutiveCounts(requests: 10, totalExclusions: 10))
    }

    @Test func test_theRatioRuleWaitsForItsMinimumAndTripsAtTheRatioItself() {
        let policy = ConsecutiveBreakerPolicy(readyToTrip: .failureRatio(0.5, minRequests: 4))
        var rig = BreakerRig(policy)
        for _ in 0..<3 { rig.call(.failure) }
        #expect(rig.breaker.state == .closed, "3 of 3 failed, but fewer than 4 requests")
        var even = BreakerRig(policy)
        for verdict in [CallVerdict.success, .success, .failure, .ignored] { even.call(verdict) }
        #expect(even.breaker.state == .closed, "3 valid requests: the exclusion does not count")
        even.call(.failure)
        #expect(even.breaker.state == .open, "2 of 4 valid requests = 0.5")
    }

    @Test func test_theRatioRuleIsJudgedOnlyAfterAFailure() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(readyToTrip: .failureRatio(0.5, minRequests: 2)))
        rig.call(.failure)
        rig.call(.success)
        #expect(rig.breaker.state == .closed, "1 failure of 2 requests meets the rule, but a success is not judged")
        rig.call(.success)
        rig.call(.failure)
        #expect(rig.breaker.state == .open, "2 failures of 4 requests, judged after the failure")
    }

    @Test func test_aCustomConsecutiveLimitTripsWhenExceeded() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(readyToTrip: .consecutiveFailures(2)))
        rig.call(.failure); rig.call(.failure)
        #expect(rig.breaker.state == .closed)
        rig.call(.failure)
        #expect(rig.breaker.state == .open)
    }

    @Test func test_resultsAdmittedBeforeAStateChangeAreDropped() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(maxRequests: 1, timeout: .seconds(1)))
        let late = rig.admit()
        #expect(rig.apply(.transitionToOpen) == nil)
        rig.sleep(second + 1)
        #expect(rig.look() == .halfOpen)
        rig.finish(.failure, late)
        #expect(rig.breaker.state == .halfOpen && rig.counts == ConsecutiveCounts())
        let trial = rig.admit()
        let refusal = rig.admit()
        #expect(trial.admitted && trial.ticket != 0)
        #expect(refusal.refusal == .tooManyRequests && refusal.ticket == 0, "a refusal's ticket names no generation")
    }

    @Test func test_unaskedResultsCountInTheGenerationAfterTheLookAndNeverCountARequest() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(interval: .seconds(10)))
        rig.call(.success)
        rig.sleep(10 * second + 1)
        rig.unasked(.failure)
        #expect(rig.counts == ConsecutiveCounts(totalFailures: 1, consecutiveFailures: 1))
        #expect(rig.apply(.transitionToOpen) == nil)
        rig.unasked(.success)
        rig.unasked(.failure)
        #expect(rig.breaker.state == .open && rig.counts == ConsecutiveCounts(), "open drops successes and failures")
        rig.unasked(.ignored)
        #expect(rig.counts == ConsecutiveCounts(totalExclusions: 1), "as gobreaker v2 onExclusion, in any state")
    }

    @Test func test_operationsAreSetStateAndSameStateIsANoOp() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy(timeout: .seconds(10)))
        #expect(rig.apply(.transitionToHalfOpen) == .illegalStateTransition)
        #expect(rig.apply(.transitionToClosed) == nil)
        #expect(rig.breaker.state == .closed && rig.transitions.isEmpty)
        #expect(rig.apply(.transitionToOpen) == nil)
        #expect(rig.breaker.expiry == 10 * second)
        rig.sleep(5 * second)
        #expect(rig.apply(.transitionToOpen) == nil)
        #expect(rig.breaker.expiry == 10 * second, "already open: the expiry is kept")
        #expect(rig.apply(.transitionToOpenFor(wait: 20 * second)) == nil)
        #expect(rig.breaker.expiry == 25 * second, "open for names its wait: it is applied even when open")
        #expect(rig.apply(.transitionToHalfOpen) == nil)
        #expect(rig.apply(.transitionToHalfOpen) == nil)
        #expect(rig.breaker.state == .halfOpen && rig.breaker.expiry == nil)
        #expect(rig.apply(.transitionToOpenFor(wait: second)) == nil)
        #expect(rig.breaker.expiry == 6 * second)
        #expect(rig.apply(.transitionToClosed) == nil)
        for operation in [BreakerOperation.forceOpen, .disable, .metricsOnly] {
            #expect(rig.apply(operation) == .unsupportedOperation)
        }
        #expect(rig.breaker.state == .closed)
        #expect(rig.log == ["closed->open", "open->half_open", "half_open->open", "open->closed"])
    }

    @Test func test_resetStartsAFreshClosedGenerationAndReportsOnlyARealChange() {
        var rig = BreakerRig(ConsecutiveBreakerPolicy())
        rig.call(.failure)
        let late = rig.admit()
        #expect(rig.apply(.reset) == nil)
        #expect(rig.counts == ConsecutiveCounts() && rig.transitions.isEmpty)
        rig.finish(.failure, late)
        #expect(rig.counts == ConsecutiveCounts(), "the reset began a new generation")
        #expect(rig.apply(.transitionToOpen) == nil)
        #expect(rig.apply(.reset) == nil)
        #expect(rig.breaker.state == .closed && rig.log == ["closed->open", "open->closed"])
    }

    @Test func test_randomSequencesOnlyMoveAmongTheThreeStatesInAChainAndRepeatPerSeed() {
        for seed: UInt64 in 1...40 {
            let first = Self.randomRun(seed: seed)
            let again = Self.randomRun(seed: seed)
            #expect(first == again, "seed \(seed)")
        }
    }

    /// Drives a random breaker through 600 random steps; checks the invariants after each and returns a
    /// transcript of everything observable.
    static func randomRun(seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed, stream: "consecutive-property")
        let second = ConsecutiveBreakerTests.second
        let spans: [Int64] = [0, second, 2 * second, 5 * second]
        let rule: ConsecutiveBreakerPolicy.TripRule = random.nextIndex(below: 2) == 0
            ? .consecutiveFailures(random.nextIndex(below: 4)) : .failureRatio(Double(random.nextIndex(below: 5)) / 4, minRequests: random.nextIndex(below: 4))
        let policy = ConsecutiveBreakerPolicy(maxRequests: random.nextIndex(below: 4), interval: TimeSpan(nanoseconds: spans[random.nextIndex(below: 4)]),
                                              bucketPeriod: TimeSpan(nanoseconds: spans[random.nextIndex(below: 3)]),
                                              timeout: TimeSpan(nanoseconds: spans[random.nextIndex(below: 4)]), readyToTrip: rule)
        var rig = BreakerRig(policy, at: Int64(random.nextIndex(below: 1_000)))
        var pending: [Admission] = []
        var transcript: [String] = []
        let verdicts: [CallVerdict] = [.success, .failure, .ignored]
        let operations: [BreakerOperation] = [.transitionToOpen, .transitionToOpenFor(wait: Int64(random.nextIndex(below: 4)) * second),
                                              .transitionToHalfOpen, .transitionToClosed, .reset, .forceOpen]
        for _ in 0..<600 {
            rig.sleep(Int64(random.nextIndex(below: 1_500)) * 1_000_000 + Int64(random.nextIndex(below: 2)))
            switch random.nextIndex(below: 10) {
            case 0...3:
                let admission = rig.admit()
                if admission.admitted { pending.append(admission) }
                transcript.append("admit \(admission.refusal.map(String.init(describing:)) ?? "ok")")
            case 4...6 where !pending.isEmpty:
                rig.finish(verdicts[random.nextIndex(below: 3)], pending.remove(at: random.nextIndex(below: pending.count)))
            case 7:
                rig.unasked(verdicts[random.nextIndex(below: 3)])
            case 8:
                transcript.append("look \(rig.look())")
            default:
                let error = rig.apply(operations[random.nextIndex(below: operations.count)])
                transcript.append("op \(error.map(String.init(describing:)) ?? "ok")")
            }
            let counts = rig.counts
            #expect([BreakerState.closed, .open, .halfOpen].contains(rig.breaker.state), "seed \(seed)")
            #expect(counts.requests >= 0 && counts.totalSuccesses >= 0 && counts.totalFailures >= 0 && counts.totalExclusions >= 0)
            #expect(counts.consecutiveSuccesses == 0 || counts.consecutiveFailures == 0)
            if rig.breaker.state == .halfOpen { #expect(counts.validRequests <= policy.effectiveMaxRequests, "seed \(seed)") }
            if rig.breaker.state == .open { #expect(counts.totalSuccesses == 0 && counts.totalFailures == 0) }
            transcript.append("\(rig.breaker.state) \(counts)")
        }
        var previous = BreakerState.closed
        for transition in rig.transitions {
            #expect(transition.from == previous && transition.from != transition.to, "seed \(seed)")
            #expect([BreakerState.closed, .open, .halfOpen].contains(transition.to))
            previous = transition.to
        }
        #expect(previous == rig.breaker.state)
        return transcript + rig.log
    }
}
