/// An open-loop source of requests: arrivals at `rate` per second between `start` and `end`.
public struct TrafficSpec: Sendable, Equatable {
    public var name: String
    public var rate: Double
    public var arrival: ArrivalProcess
    public var start: TimeSpan
    /// Nil: until the end of the run.
    public var end: TimeSpan?
    public var mix: [RequestTemplate]

    public init(name: String, rate: Double, arrival: ArrivalProcess = .poisson, start: TimeSpan = .zero,
                end: TimeSpan? = nil, mix: [RequestTemplate]) {
        self.name = name
        self.rate = rate
        self.arrival = arrival
        self.start = start
        self.end = end
        self.mix = mix
    }
}

/// How arrivals are spaced.
public enum ArrivalProcess: String, Sendable, CaseIterable {
    /// Exponential gaps: independent arrivals, as from many clients.
    case poisson
    /// Equal gaps of 1/rate.
    case constant
}

/// One kind of request in a traffic mix, drawn with probability proportional to `weight`.
public struct RequestTemplate: Sendable, Equatable {
    public var weight: Double
    public var method: String
    /// A path template; each `{name}` is filled with a seeded integer from 1 to `idRange`.
    public var path: String
    public var idRange: Int
    public var kind: RequestKind

    public init(weight: Double = 1, method: String = "GET", path: String, idRange: Int = 1000, kind: RequestKind = .http) {
        self.weight = weight
        self.method = method
        self.path = path
        self.idRange = idRange
        self.kind = kind
    }

    /// What the request names: `GET /api/items/{id}`, a gRPC method, a GraphQL operation, a WebSocket path.
    public var operation: String {
        switch kind {
        case .http: return "\(method) \(path)"
        case .grpc(let call): return call.method.description
        case .websocket: return path
        case .graphql(let call): return call.operationLabel
        }
    }
}
