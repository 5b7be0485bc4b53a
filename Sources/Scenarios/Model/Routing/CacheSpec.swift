/// A route's response cache: answers stored by key for `ttl`, at most `capacity` of them, the
/// oldest stored evicted first when it is full. A stored answer is fresh while its age is below
/// `ttl` and stale from the instant its age reaches it (RFC 9111 §4.2: fresh while the freshness
/// lifetime exceeds the age). Scenario files write `{ ttl: "30s", key: "path", capacity: 1024 }`,
/// or a bare duration for `{ ttl }`.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/cache_filter
/// https://www.rfc-editor.org/rfc/rfc9111#section-4.2
public struct CacheSpec: Sendable, Equatable {
    /// Entries when `capacity` is not given: enough for the default id range (1000) of one path template.
    public static let defaultCapacity = 1024

    public var ttl: TimeSpan
    public var key: CacheKey
    public var capacity: Int

    public init(ttl: TimeSpan, key: CacheKey = .path, capacity: Int = CacheSpec.defaultCapacity) {
        self.ttl = ttl
        self.key = key
        self.capacity = capacity
    }
}

/// What tells two requests' answers apart in a cache.
public enum CacheKey: Sendable, Equatable {
    /// The method and the path as sent, with its `{id}` parameter filled in: `GET /api/items/42`.
    case path
    /// The value of a request header (compared as sent); requests without it share one entry.
    case header(String)
}
