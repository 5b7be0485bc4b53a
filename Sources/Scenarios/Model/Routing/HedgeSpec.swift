/// Request hedging: when an attempt has not answered after `delay`, the route sends another one
/// without cancelling the first, up to `max` extra attempts, and the first acceptable answer (one
/// the retry conditions do not retry) goes to the client; the others are cancelled.
///
/// Envoy hedges only at the per-try timeout (`hedge_on_per_try_timeout`); that is what a hedge
/// without `delay` does here, so it needs a route `timeout`. A `delay` hedges earlier, as gRPC's
/// hedging policy (`hedgingDelay`) does. Scenario files write `{ delay: "30ms", max: 2 }`, or a
/// bare duration for `{ delay }`.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_routing#request-hedging
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-hedgepolicy
/// https://github.com/grpc/proposal/blob/master/A6-client-retries.md#hedging-policy
public struct HedgeSpec: Sendable, Equatable {
    /// Extra attempts when `max` is not given.
    public static let defaultMax = 1
    /// The most extra attempts a hedge may send (so at most 4 in flight for one request).
    public static let largestMax = 3

    /// How long an attempt runs before the next is sent; nil: at the route's per-try timeout.
    public var delay: TimeSpan?
    /// Extra attempts, from 1 to `largestMax`.
    public var max: Int

    public init(delay: TimeSpan?, max: Int = HedgeSpec.defaultMax) {
        self.delay = delay
        self.max = max
    }
}
