import Protocols
import Scenarios

/// A hashing route's key for each request template of the run, worked out once per template so
/// a request's hash costs one table read and at most one integer mix.
///
/// - Envoy's route `hash_policy` (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-routeaction-hashpolicy):
///   a header policy hashes the header's value; a request without the header has no hash, and
///   then the hashing balancers pick at random (`Balancer` draws the hash from its seeded stream).
/// - `header`: the template's `sentHeaders` (templates send no headers of their own, so the value,
///   hence the hash, is the same for every request of a template): `HashKey.hash` of the value.
/// - `pathParameter`: every `{placeholder}` of a template's path is filled with the request's
///   `parameter`, so a template whose path has the placeholder hashes that integer; one without it
///   has no key. `requestId`: the request's id.
/// - The lab's stable key hash of an integer is `StableHash.mix` (SplitMix64's finaliser) of its
///   bits, not a hash of its decimal rendering: the same in every process, spread over 64 bits,
///   and no string built per request.
struct RequestHashKeys {
    /// Where a template's requests take their key from.
    enum Source: UInt8 {
        case absent, constant, parameter, requestID
    }

    private let sources: [Source]
    private let constants: [UInt64]

    /// No key for any template.
    static let none = RequestHashKeys(sources: [], constants: [])

    private init(sources: [Source], constants: [UInt64]) {
        self.sources = sources
        self.constants = constants
    }

    /// The keys of `key` for each template of the run, by global template index (nil: not a
    /// template of a traffic source, no key).
    init(key: HashKey, templates: [RequestTemplate?]) {
        var sources = [Source](repeating: .absent, count: templates.count)
        var constants = [UInt64](repeating: 0, count: templates.count)
        for (index, template) in templates.enumerated() {
            guard let template else { continue }
            switch key {
            case .requestID:
                sources[index] = .requestID
            case .pathParameter(let name):
                if PathTemplate(template.path).placeholders.contains(name) { sources[index] = .parameter }
            case .header(let name):
                let wanted = name.lowercased()
                if let value = template.sentHeaders.first(where: { $0.name.lowercased() == wanted })?.value {
                    sources[index] = .constant
                    constants[index] = HashKey.hash(value)
                }
            }
        }
        self.sources = sources
        self.constants = constants
    }

    /// The request's hash, or nil when its template gives no key.
    @inline(__always)
    func hash(template: Int32, parameter: Int64, requestID: Int64) -> UInt64? {
        let index = Int(template)
        guard index >= 0, index < sources.count else { return nil }
        switch sources[index] {
        case .absent: return nil
        case .constant: return constants[index]
        case .parameter: return Self.integerHash(parameter)
        case .requestID: return Self.integerHash(requestID)
        }
    }

    /// The lab's stable key hash of an integer key.
    @inline(__always)
    static func integerHash(_ value: Int64) -> UInt64 { StableHash.mix(UInt64(bitPattern: value)) }
}

extension HashKey {
    /// The balancing module's key source for a route's `hashKey`.
    init(_ key: RouteHashKey) {
        switch key {
        case .header(let name): self = .header(name)
        case .pathParameter(let name): self = .pathParameter(name)
        case .requestId: self = .requestID
        }
    }
}
