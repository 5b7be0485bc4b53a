/// How long a route waits before each retry: Envoy's fully jittered exponential back-off.
///
/// Retry `n` (the first retry is 1) waits a uniform draw from `[0, min((2^n − 1) × base, max))`:
/// with the default 25ms base, 0–24ms before the first retry, 0–74ms before the second, 0–174ms
/// before the third, and never 250ms or more. `max` defaults to 10 × `base` and must not be below
/// it. Envoy rounds a base under 1ms up to 1ms; the lab refuses one instead, and draws the delay in
/// nanoseconds where Envoy draws whole milliseconds.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-max-retries
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-retrypolicy-retrybackoff
public struct BackoffSpec: Sendable, Equatable {
    /// Envoy's default base interval (its runtime key `upstream.base_retry_backoff_ms`).
    public static let defaultBase = TimeSpan(nanoseconds: 25_000_000)
    /// The default `max` is this many times `base`.
    public static let defaultMaxFactor: Int64 = 10

    public var base: TimeSpan
    /// The cap on every retry's range; 10 × `base` unless given.
    public var max: TimeSpan

    /// `max` nil: 10 × `base`, Envoy's default.
    public init(base: TimeSpan = BackoffSpec.defaultBase, max: TimeSpan? = nil) {
        self.base = base
        self.max = max ?? TimeSpan(nanoseconds: base.nanoseconds.multipliedReportingOverflow(by: Self.defaultMaxFactor).overflow
                                   ? Int64.max : base.nanoseconds * Self.defaultMaxFactor)
    }

    /// Envoy's back-off when a retry policy gives none: 25ms base, 250ms max.
    public static let envoyDefault = BackoffSpec()
}
