import Scenarios

/// A token bucket in virtual time with continuous refill and exact integer arithmetic.
///
/// Credit is counted in units of 10⁻¹² token: a rate of `r` tokens per second, kept to a thousandth
/// (`rateMillis` = r × 1000), adds exactly `rateMillis` units every nanosecond, and a token costs
/// 10¹² units. No fraction is ever dropped, so over any span the tokens granted are exactly
/// `burst + ⌊rateMillis × elapsed / 10¹²⌋` for a caller that keeps the bucket drained, and a bucket
/// left alone holds exactly `burst`. The bucket starts full.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/local_rate_limit_filter
public struct TokenBucket: Sendable, Equatable {
    /// Units in one token.
    public static let unitsPerToken: Int64 = 1_000_000_000_000

    /// Thousandths of a token per second, which is units per nanosecond.
    public let rateMillis: Int64
    public let burst: Int
    private let capacity: Int64
    /// Idle time after which any bucket is full, so `elapsed × rate` is only computed below it.
    private let nanosecondsToFill: Int64
    private var credit: Int64
    private var updatedAt: Int64

    /// `rate` from 0.001 to 10⁷ tokens per second, `burst` from 1 to `RateLimitSpec.largestBurst`.
    public init(rate: Double, burst: Int, now: Int64 = 0) {
        let millis = (rate * 1000).rounded()
        precondition(millis >= 1 && millis <= 1e10 && burst >= 1 && burst <= RateLimitSpec.largestBurst,
                     "a token bucket needs a rate from 0.001 to 10000000 per second and a burst from 1 to \(RateLimitSpec.largestBurst)")
        rateMillis = Int64(millis)
        self.burst = burst
        capacity = Int64(burst) * Self.unitsPerToken
        nanosecondsToFill = (capacity + rateMillis - 1) / rateMillis
        credit = capacity
        updatedAt = now
    }

    public init(_ spec: RateLimitSpec, now: Int64 = 0) { self.init(rate: spec.rate, burst: spec.burst, now: now) }

    /// Takes a token at `now` if there is one. Instants before the last one seen add nothing.
    @inline(__always)
    public mutating func tryTake(now: Int64) -> Bool {
        refill(now)
        guard credit >= Self.unitsPerToken else { return false }
        credit -= Self.unitsPerToken
        return true
    }

    /// Nanoseconds from `now` until a token is there (0 when one is).
    public mutating func nanosecondsUntilToken(now: Int64) -> Int64 {
        refill(now)
        let missing = Self.unitsPerToken - credit
        return missing <= 0 ? 0 : (missing + rateMillis - 1) / rateMillis
    }

    /// Whole tokens in the bucket at `now`.
    public mutating func tokens(now: Int64) -> Int {
        refill(now)
        return Int(credit / Self.unitsPerToken)
    }

    @inline(__always)
    private mutating func refill(_ now: Int64) {
        let elapsed = now - updatedAt
        guard elapsed > 0 else { return }
        updatedAt = now
        if elapsed >= nanosecondsToFill {
            credit = capacity
        } else {
            // elapsed < capacity / rate + 1, so the product stays below capacity + rate.
            credit = Swift.min(capacity, credit + elapsed * rateMillis)
        }
    }
}
