/// A fault that strikes one cluster for a window of virtual time, `[at, at + duration)`.
public struct ChaosSpec: Sendable, Equatable {
    public var name: String
    public var at: TimeSpan
    public var duration: TimeSpan
    public var target: String
    public var fault: ChaosFault

    public init(name: String, at: TimeSpan, duration: TimeSpan, target: String, fault: ChaosFault) {
        self.name = name
        self.at = at
        self.duration = duration
        self.target = target
        self.fault = fault
    }
}

/// What a chaos window does to each request it strikes (with probability `rate`).
public enum ChaosFault: Sendable, Equatable {
    /// The backend serves the request, then the answer is replaced by `status`.
    case error(status: Int, rate: Double)
    /// `delay` is added before the backend serves the request.
    case latency(delay: TimeSpan, rate: Double)
    /// The request is never answered; only the route's timeout ends the attempt.
    case hang(rate: Double)

    public var rate: Double {
        switch self {
        case .error(_, let r), .latency(_, let r), .hang(let r): return r
        }
    }

    public var kindName: String {
        switch self {
        case .error: return "error"
        case .latency: return "latency"
        case .hang: return "hang"
        }
    }
}
