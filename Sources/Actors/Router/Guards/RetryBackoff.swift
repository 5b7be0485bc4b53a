import Scenarios

/// Envoy's fully jittered exponential back-off, in virtual nanoseconds: retry `n` (1 for the
/// first retry) waits a uniform draw from `[0, bound(retry: n))`, where the bound is
/// `(2^n − 1) × base` capped at `max`.
///
/// Envoy's documented rule: "Given a base interval B and retry number N, the back-off for the retry
/// is in the range [0, (2^N−1)B) … The interval is capped at a maximum interval". Its code has since
/// moved to doubling bounds (B, 2B, 4B …); the lab follows the documented rule, so a retry's range
/// follows from its number alone.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-max-retries
public struct RetryBackoff: Sendable, Equatable {
    public let base: Int64
    public let max: Int64

    /// `base` above 0, `max` at least `base` (the scenario checks say so for a spec).
    public init(base: Int64, max: Int64) {
        precondition(base > 0 && max >= base, "a back-off needs 0 < base <= max")
        self.base = base
        self.max = max
    }

    public init(_ spec: BackoffSpec) { self.init(base: spec.base.nanoseconds, max: spec.max.nanoseconds) }

    /// The exclusive upper end of retry `n`'s delay: `min((2^n − 1) × base, max)`; retries below 1
    /// count as the first.
    @inline(__always)
    public func bound(retry n: Int) -> Int64 {
        let n = Swift.max(n, 1)
        guard n < 62 else { return max }
        let (product, overflow) = base.multipliedReportingOverflow(by: (Int64(1) << n) - 1)
        return overflow || product > max ? max : product
    }

    /// Retry `n`'s delay, drawn from `random` (one draw).
    @inline(__always)
    public func delay(retry n: Int, using random: inout SeededGenerator) -> Int64 {
        Int64(random.nextIndex(below: Int(bound(retry: n))))
    }
}
