@testable import Actors
import Scenarios
import Testing

/// Envoy's retry budget: "the limit on concurrent retries as a percentage of the sum of active
/// requests and active pending requests … The limit on the number of active retries may never go
/// below [min_retry_concurrency]" (CircuitBreakers.Thresholds.RetryBudget), with 20% and 3 as defaults.
@Suite struct RetryBudgetTests {
    @Test func test_defaultsAreTwentyPercentAndThree() {
        let budget = RetryBudget(RetryBudgetSpec.envoyDefault)
        #expect(budget.partsPerMillion == 200_000 && budget.minConcurrency == 3)
        #expect(budget.limit(activeRequests: 100) == 20)
        #expect(budget.limit(activeRequests: 10) == 3, "never below min_retry_concurrency")
        #expect(budget.limit(activeRequests: 0) == 3)
    }

    @Test func test_envoysExample_25PercentOf100Is25() {
        // "if there are 100 active requests and the budget_percent is set to 25, there may be 25 active retries"
        #expect(RetryBudget(percent: 25, minConcurrency: 0).limit(activeRequests: 100) == 25)
    }

    @Test func test_theShareIsRoundedDown_asEnvoysIntegerConversion() {
        let budget = RetryBudget(percent: 20, minConcurrency: 0)
        #expect(budget.limit(activeRequests: 24) == 4)
        #expect(budget.limit(activeRequests: 25) == 5)
        #expect(budget.limit(activeRequests: 4) == 0)
        #expect(RetryBudget(percent: 12.5, minConcurrency: 0).limit(activeRequests: 8) == 1, "exact for fractional percentages")
        #expect(RetryBudget(percent: 100, minConcurrency: 0).limit(activeRequests: 7) == 7)
        #expect(RetryBudget(percent: 0, minConcurrency: 2).limit(activeRequests: 1_000_000) == 2)
    }

    @Test func test_limitIsExactForSeededLoads() {
        var random = SeededGenerator(seed: 3, stream: "budget-limit")
        for _ in 0..<5_000 {
            let hundredths = random.nextIndex(below: 10_001)
            let budget = RetryBudget(percent: Double(hundredths) / 100, minConcurrency: random.nextIndex(below: 10))
            let active = random.nextIndex(below: 10_000_000)
            let share = active * hundredths / 10_000
            #expect(budget.limit(activeRequests: active) == max(share, budget.minConcurrency), "\(hundredths / 100)% of \(active)")
        }
    }

    /// A storm: requests pile up and every attempt fails and asks for a retry. Whenever a retry
    /// starts, the active retries stay within the budget of the moment; and the budget is used:
    /// asking stops only at the limit.
    @Test(arguments: [UInt64(1), 2, 3])
    func test_underAStormRetriesNeverExceedTheBudget(seed: UInt64) {
        var random = SeededGenerator(seed: seed, stream: "budget-storm")
        let percent = 5 + random.nextIndex(below: 40), minimum = random.nextIndex(below: 6)
        let budget = RetryBudget(percent: Double(percent), minConcurrency: minimum)
        var active = 0, pending = 0, retries = 0, started = 0, refused = 0
        for _ in 0..<200_000 {
            switch random.nextIndex(below: 10) {
            case 0, 1, 2: active += 1
            case 3: pending += 1
            case 4 where active > 0: active -= 1
            case 5 where pending > 0: pending -= 1
            case 6 where retries > 0: retries -= 1
            default:
                let limit = max((active + pending) * percent / 100, minimum)
                if budget.allows(activeRequests: active + pending, activeRetries: retries) {
                    retries += 1
                    started += 1
                    #expect(retries <= limit, "seed \(seed): \(retries) retries over a limit of \(limit)")
                } else {
                    refused += 1
                    #expect(retries >= limit, "seed \(seed): refused below the limit (\(retries) < \(limit))")
                }
            }
        }
        #expect(started > 0 && refused > 0, "the storm both used and hit the budget")
    }

    /// The same storm through a cluster's pool: with a budget, `maxRetries` no longer decides.
    @Test func test_aBudgetReplacesMaxRetriesInThePool() {
        var pool = ConnectionPool(maxConnections: 1_000, maxPendingRequests: 1_000, maxRequests: 1_000, maxRetries: 1)
        for _ in 0..<100 { _ = pool.admit() }
        let budget = RetryBudget(percent: 20, minConcurrency: 3)
        let admitted = (0..<50).filter { _ in pool.tryStartRetry(budget: budget) }.count
        #expect(admitted == 20, "20% of 100 active, not maxRetries 1")
        #expect(pool.retryOverflows == 30)
        var plain = ConnectionPool(maxConnections: 1_000, maxPendingRequests: 1_000, maxRequests: 1_000, maxRetries: 1)
        for _ in 0..<100 { _ = plain.admit() }
        #expect((0..<50).filter { _ in plain.tryStartRetry() }.count == 1)
    }
}
