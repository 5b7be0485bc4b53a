/// The range a number in a scenario must fall in, and how an error message describes it.
///
/// One value serves both the loader (which checks a number as it reads it) and
/// `ScenarioValidation` (which checks a hand-built `Scenario`), so both say the same thing.
struct NumberRule: Sendable {
    let range: ClosedRange<Double>
    let whole: Bool
    /// What a message says was expected: "a probability from 0 to 1".
    let expected: String

    static func whole(_ range: ClosedRange<Int>, _ expected: String) -> NumberRule {
        NumberRule(range: Double(range.lowerBound)...Double(range.upperBound), whole: true, expected: expected)
    }

    static func real(_ range: ClosedRange<Double>, _ expected: String) -> NumberRule {
        NumberRule(range: range, whole: false, expected: expected)
    }

    func accepts(_ value: Double) -> Bool {
        value.isFinite && range.contains(value) && (!whole || value == value.rounded())
    }

    /// The message for a value outside the rule, or nil when it fits.
    func problem(_ value: Double) -> String? {
        accepts(value) ? nil : "expected \(expected), found \(JSON5Value.number(value).kindDescription)"
    }

    func problem(_ value: Int) -> String? { problem(Double(value)) }
}

/// Every numeric limit of the scenario format (Docs/SCENARIOS.md lists them with their keys).
enum ScenarioLimits {
    static let seed = NumberRule.whole(0...Int.max, "a non-negative integer")
    static let backends = NumberRule.whole(1...10_000, "a whole number of backends from 1 to 10000")
    static let concurrency = NumberRule.whole(1...1_000_000, "a whole number from 1 to 1000000")
    static let queue = NumberRule.whole(0...100_000_000, "a queue length from 0 to 100000000")
    static let errorRate = NumberRule.real(0...1, "a probability from 0 to 1")
    static let status = NumberRule.whole(100...599, "an HTTP status from 100 to 599")
    static let sigma = NumberRule.real(0...10, "a shape (sigma) from 0 to 10")
    static let routeWeight = NumberRule.real(0...1e9, "a weight from 0 to 1000000000")
    static let retries = NumberRule.whole(0...10, "a number of retries from 0 to 10")
    static let windowSize = NumberRule.whole(1...100_000, "a window size from 1 to 100000")
    static let breakerCalls = NumberRule.whole(1...100_000, "a whole number from 1 to 100000")
    static let failureRate = NumberRule.real(0.000001...1, "a ratio above 0 and at most 1")
    /// resilience4j's thresholds: percent in (0, 100].
    static let ratePercent = NumberRule.real(0.000001...100, "a percentage above 0 and at most 100")
    static let maxRequests = NumberRule.whole(0...100_000, "a whole number from 0 (meaning 1) to 100000")
    static let consecutiveFailures = NumberRule.whole(0...100_000, "a whole number from 0 to 100000 (the breaker trips above it)")
    static let failureRatio = NumberRule.real(0...1, "a ratio from 0 to 1")
    static let minRequests = NumberRule.whole(0...100_000_000, "a whole number from 0 to 100000000")
    static let backoffMultiplier = NumberRule.real(1...1000, "a multiplier from 1 to 1000")
    static let scriptedFirst = NumberRule.whole(0...Int(Int32.max), "a number of answers from 0 to 2147483647")
    static let scriptedEvery = NumberRule.whole(0...Int(Int32.max), "a period in answers from 0 (none) to 2147483647")
    /// Rolling buckets per interval: each is a few words, kept per breaker.
    static let largestBucketCount = 100_000
    static let rate = NumberRule.real(0.000001...10_000_000, "a rate above 0 (requests per second, at most 10000000)")
    static let mixWeight = NumberRule.real(0.000001...1e9, "a weight above 0 and at most 1000000000")
    static let idRange = NumberRule.whole(1...Int(Int32.max), "a whole number from 1 to 2147483647")
    static let chaosRate = NumberRule.real(0...1, "a probability from 0 to 1")
    /// A chaos window's `first` and `every` (attempts counted from 1), and `after` (attempts let through first).
    static let sequenceFirst = NumberRule.whole(1...Int(Int32.max), "a number of attempts from 1 to 2147483647")
    static let sequenceEvery = NumberRule.whole(1...Int(Int32.max), "a period in attempts from 1 to 2147483647")
    static let sequenceAfter = NumberRule.whole(0...Int(Int32.max), "a number of attempts from 0 to 2147483647")
    /// A backend's index in its cluster (the cluster's size bounds it further).
    static let backendIndex = NumberRule.whole(0...9_999, "a backend index from 0 (the first backend)")
    static let bytesPerSecond = NumberRule.real(1...1e12, "a rate in bytes per second from 1 to 1000000000000")
    static let sliceSize = NumberRule.whole(1...Int(Int32.max), "a size in bytes from 1 to 2147483647")
    static let sliceVariation = NumberRule.whole(0...Int(Int32.max), "a size in bytes from 0 to 2147483647")
    static let dataLimit = NumberRule.whole(0...Int(Int32.max), "a number of bytes from 0 to 2147483647")
    /// A degraded mode's stretch of service times.
    static let latencyMultiplier = NumberRule.real(0.01...1000, "a multiplier from 0.01 to 1000")
    static let ratio = NumberRule.real(0...1, "a ratio from 0 to 1")
    /// `opens` and `transitions` of a breaker expectation.
    static let breakerChanges = NumberRule.whole(0...1_000_000_000, "a whole number from 0 to 1000000000")
    /// `attemptsPerRequest`: a request sends at most 1 + 10 retries (0 when every breaker refused it).
    static let attemptsPerRequest = NumberRule.real(0...11, "a number of attempts from 0 to 11")
    static let streamCount = NumberRule.whole(1...100_000, "a message count from 1 to 100000")
    static let closeAfterMessages = NumberRule.whole(1...1_000_000, "a message count from 1 to 1000000")
    static let hedgeMax = NumberRule.whole(1...HedgeSpec.largestMax, "a number of extra attempts from 1 to \(HedgeSpec.largestMax)")
    static let budgetPercent = NumberRule.real(0...100, "a percentage from 0 to 100")
    static let budgetFraction = NumberRule.real(0...1, "a fraction from 0 to 1 (0.2 for 20%)")
    static let minRetryConcurrency = NumberRule.whole(0...1_000_000, "a number of retries from 0 to 1000000")
    static let poolConnections = NumberRule.whole(1...100_000_000, "a whole number from 1 to 100000000")
    static let poolPending = NumberRule.whole(0...100_000_000, "a whole number from 0 to 100000000")
    static let poolRetries = NumberRule.whole(0...100_000_000, "a whole number from 0 to 100000000")
    static let cacheCapacity = NumberRule.whole(1...10_000_000, "a number of entries from 1 to 10000000")
    static let rateLimitRate = NumberRule.real(0.001...10_000_000, "a rate from 0.001 to 10000000 tokens per second")
    static let rateLimitBurst = NumberRule.whole(1...RateLimitSpec.largestBurst, "a bucket size from 1 to \(RateLimitSpec.largestBurst)")

    /// The longest duration a scenario may give (about 14 months): sums of instants stay far from overflow.
    static let longestDuration = TimeSpan(nanoseconds: 10_000 * 3_600_000_000_000)

    /// The message for a duration outside `[0 or above 0, longestDuration]`; `text` is how it was written.
    static func durationProblem(_ span: TimeSpan, text: String, allowZero: Bool) -> String? {
        if span > longestDuration { return "expected a duration up to \(longestDuration), found \"\(text)\"" }
        if span < .zero || (!allowZero && span == .zero) {
            return allowZero ? "expected a duration of 0 or more, found \"\(text)\"" : "expected a duration above 0s, found \"\(text)\""
        }
        return nil
    }
}
