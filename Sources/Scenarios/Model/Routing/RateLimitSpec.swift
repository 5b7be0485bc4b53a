/// A route's local rate limit: a token bucket that refills `rate` tokens per second continuously
/// and holds at most `burst`; a request takes one token or is answered 429 at once. The bucket
/// starts full. Envoy's local rate limit refills `tokens_per_fill` every `fill_interval`; the
/// lab's refill is continuous, which that filter approaches as the interval shrinks. Scenario files
/// write `{ rate: 100, burst: 20 }`, or a bare number for `{ rate }`.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/local_rate_limit_filter
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/type/v3/token_bucket.proto
public struct RateLimitSpec: Sendable, Equatable {
    /// Tokens per second, kept to a thousandth (the bucket counts thousandths of a token exactly).
    public var rate: Double
    /// The bucket's size: how many requests may pass at once after a quiet spell.
    public var burst: Int

    /// `burst` nil: one second's worth of tokens (the rate rounded up), at least 1.
    public init(rate: Double, burst: Int? = nil) {
        self.rate = rate
        self.burst = burst ?? Self.defaultBurst(rate: rate)
    }

    /// One second's worth of tokens, at least 1 and at most the largest burst the format allows.
    public static func defaultBurst(rate: Double) -> Int {
        guard rate.isFinite, rate > 1 else { return 1 }
        return Int(Swift.min(rate.rounded(.up), Double(largestBurst)))
    }

    /// The largest bucket the format allows (`ScenarioLimits.rateLimitBurst`).
    public static let largestBurst = 1_000_000
}
