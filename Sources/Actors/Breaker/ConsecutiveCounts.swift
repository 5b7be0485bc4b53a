import Scenarios

/// gobreaker's `Counts`: what a consecutive breaker has counted in its current generation.
///
/// `requests` counts admissions (gobreaker's `onRequest`, made when a call is let through, so calls in
/// flight are included); the other fields count results. A success ends a failure streak and a failure
/// ends a success streak; an exclusion (gobreaker v2) counts only in `totalExclusions` and leaves both
/// streaks alone.
public struct ConsecutiveCounts: Sendable, Equatable, CustomStringConvertible {
    public var requests: Int
    public var totalSuccesses: Int
    public var totalFailures: Int
    public var totalExclusions: Int
    public var consecutiveSuccesses: Int
    public var consecutiveFailures: Int

    public init(requests: Int = 0, totalSuccesses: Int = 0, totalFailures: Int = 0, totalExclusions: Int = 0,
                consecutiveSuccesses: Int = 0, consecutiveFailures: Int = 0) {
        self.requests = requests
        self.totalSuccesses = totalSuccesses
        self.totalFailures = totalFailures
        self.totalExclusions = totalExclusions
        self.consecutiveSuccesses = consecutiveSuccesses
        self.consecutiveFailures = consecutiveFailures
    }

    /// Admitted requests that were not excluded (gobreaker v2 `validRequests`, never below 0): what
    /// half-open admission and the failure-ratio rule count.
    public var validRequests: Int { requests < totalExclusions ? 0 : requests - totalExclusions }

    public var description: String {
        "{requests: \(requests), totalSuccesses: \(totalSuccesses), totalFailures: \(totalFailures), "
            + "totalExclusions: \(totalExclusions), consecutiveSuccesses: \(consecutiveSuccesses), consecutiveFailures: \(consecutiveFailures)}"
    }

    /// gobreaker `Counts.onRequest`.
    mutating func countRequest() { requests += 1 }

    /// gobreaker `Counts.onSuccess`.
    mutating func countSuccess() {
        totalSuccesses += 1
        consecutiveSuccesses += 1
        consecutiveFailures = 0
    }

    /// gobreaker `Counts.onFailure`.
    mutating func countFailure() {
        totalFailures += 1
        consecutiveFailures += 1
        consecutiveSuccesses = 0
    }

    /// gobreaker v2 `Counts.onExclusion`: no streak is touched.
    mutating func countExclusion() { totalExclusions += 1 }
}
