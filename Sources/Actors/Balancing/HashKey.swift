import Protocols

/// Where a route's consistent-hash key comes from, and how a key string becomes the 64-bit hash
/// that `RingHash` and `Maglev` look up. Independent of HTTP types: the router extracts the key
/// string and hands it to `hash(_:)`.
///
/// - Envoy's route `hash_policy` (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-routeaction-hashpolicy):
///   a `header` policy hashes the header's value; when the request has no such header the policy
///   yields no hash, and with no hash at all the hashing balancers pick a host at random
///   (the integrator draws the hash from its seeded generator then). Several policies combine
///   with `combine(_:_:)`.
/// - `pathParameter` is the Lab's own source (a named segment of the route's path template);
///   `requestID` is the request's id, which Envoy users get with a header policy on `x-request-id`.
/// - Hash: FNV-1a of the UTF-8 bytes, then SplitMix64's finaliser (`StableHash`), the same in
///   every process, unlike Swift's `Hasher`. Envoy uses xxHash64; only stability and spread matter.
enum HashKey: Sendable, Equatable {
    /// The value of the named request header (names compare case-insensitively, as in HTTP).
    case header(String)
    /// The value of the named parameter of the route's path template.
    case pathParameter(String)
    /// The request's id.
    case requestID

    /// The stable 64-bit hash of a key string.
    @inline(__always)
    static func hash(_ key: String) -> UInt64 { StableHash.mix(StableHash.fnv1a(key)) }

    /// Envoy's rule for several hash policies (`HashPolicyImpl::generateHash`): the hash so far is
    /// rotated left by one bit, so equal policies do not cancel, then XORed with the next one.
    @inline(__always)
    static func combine(_ accumulated: UInt64?, _ next: UInt64) -> UInt64 {
        guard let accumulated else { return next }
        return (accumulated << 1 | accumulated >> 63) ^ next
    }
}
