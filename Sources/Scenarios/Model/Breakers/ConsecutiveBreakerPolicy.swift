/// gobreaker's settings (`type: "consecutive"`), with gobreaker's defaults and normalisations.
///
/// Closed: counts every result; after a failure, `readyToTrip` decides whether to open. Counts are
/// cleared every `interval` (0: never), or roll in buckets of `bucketPeriod` (gobreaker v2). Open:
/// refuses every call until `timeout` has passed, then turns half-open on the next look. Half-open:
/// admits `maxRequests` calls; one failure opens it again, `maxRequests` consecutive successes close it.
/// Answers matching `exclude` count as neither success nor failure.
public struct ConsecutiveBreakerPolicy: Sendable, Equatable {
    /// Calls admitted while half-open; 0 means 1, as gobreaker normalises it.
    public var maxRequests: Int
    /// The closed state's counting period; 0: counts are never cleared while closed.
    public var interval: TimeSpan
    /// Rolling buckets (gobreaker v2): 0 means a fixed window of `interval`.
    public var bucketPeriod: TimeSpan
    /// How long the breaker stays open; 0 means 60 s, as gobreaker normalises it.
    public var timeout: TimeSpan
    public var readyToTrip: TripRule
    public var exclude: [AnswerMatch]

    /// When a closed breaker opens, judged after each failure.
    public enum TripRule: Sendable, Equatable {
        /// More than `n` failures in a row (gobreaker's default is 5: the sixth trips).
        case consecutiveFailures(Int)
        /// At least `minRequests` requests counted and failures / requests at least `ratio` (0 … 1).
        case failureRatio(Double, minRequests: Int)
    }

    public init(maxRequests: Int = 0, interval: TimeSpan = .zero, bucketPeriod: TimeSpan = .zero, timeout: TimeSpan = .zero,
                readyToTrip: TripRule = .consecutiveFailures(5), exclude: [AnswerMatch] = []) {
        self.maxRequests = maxRequests
        self.interval = interval
        self.bucketPeriod = bucketPeriod
        self.timeout = timeout
        self.readyToTrip = readyToTrip
        self.exclude = exclude
    }

    /// `maxRequests` as gobreaker applies it (0 → 1).
    public var effectiveMaxRequests: Int { maxRequests <= 0 ? 1 : maxRequests }

    /// `timeout` as gobreaker applies it (0 → 60 s).
    public var effectiveTimeout: TimeSpan { timeout.nanoseconds <= 0 ? .seconds(60) : timeout }

    /// The interval as gobreaker v2 applies it: with a bucket period, rounded up to a whole number of
    /// bucket periods; otherwise as given.
    public var effectiveInterval: TimeSpan {
        guard bucketPeriod.nanoseconds > 0, interval.nanoseconds > 0 else { return interval }
        let period = bucketPeriod.nanoseconds
        return TimeSpan(nanoseconds: (interval.nanoseconds + period - 1) / period * period)
    }

    /// The number of rolling buckets and the interval rounded up to a whole number of them, or nil for a
    /// fixed window. gobreaker v2 rolls buckets only when there are at least two; one bucket (a period
    /// as long as the interval, or longer) is a fixed window of `effectiveInterval`.
    public var buckets: (count: Int, interval: TimeSpan)? {
        guard bucketPeriod.nanoseconds > 0, interval.nanoseconds > 0 else { return nil }
        let count = Int(effectiveInterval.nanoseconds / bucketPeriod.nanoseconds)
        return count >= 2 ? (count, effectiveInterval) : nil
    }
}
