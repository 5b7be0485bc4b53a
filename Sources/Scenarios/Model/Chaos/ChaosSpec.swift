/// A fault that strikes a cluster, a route or one backend during a window of virtual time,
/// `[at, at + duration)`, or from `at` to the end of the run when `duration` is nil.
///
/// The window follows Toxiproxy's toxics (https://github.com/Shopify/toxiproxy#toxics): each attempt
/// the window sees is struck with the fault's probability (`toxicity`, here `rate`); on top of that a
/// window may single out attempts by their order (`sequence`, Toxiproxy #404, WireMock #1173) and by
/// what they ask for (`match`, Toxiproxy #518). Each window draws from its own seeded stream,
/// `chaos:NAME`, so adding a window never changes another window's strikes.
public struct ChaosSpec: Sendable, Equatable {
    public var name: String
    public var at: TimeSpan
    /// Nil: the window stays open until the end of the run.
    public var duration: TimeSpan?
    public var target: ChaosTarget
    public var fault: ChaosFault
    /// Which of the matching attempts are candidates at all (before `rate` is drawn).
    public var sequence: ChaosSequence
    /// Which requests the window sees; nil: every request sent to the target.
    public var match: ChaosMatch?

    public init(name: String, at: TimeSpan, duration: TimeSpan?, target: ChaosTarget, fault: ChaosFault,
                sequence: ChaosSequence = ChaosSequence(), match: ChaosMatch? = nil) {
        self.name = name
        self.at = at
        self.duration = duration
        self.target = target
        self.fault = fault
        self.sequence = sequence
        self.match = match
    }

    /// A window on the cluster named `target`, as scenarios built in Swift have always written it.
    public init(name: String, at: TimeSpan, duration: TimeSpan?, target: String, fault: ChaosFault,
                sequence: ChaosSequence = ChaosSequence(), match: ChaosMatch? = nil) {
        self.init(name: name, at: at, duration: duration, target: .cluster(target), fault: fault, sequence: sequence, match: match)
    }

    /// The window's end in a run that ends at `runEnd`.
    public func end(runEnd: TimeSpan) -> TimeSpan {
        duration.map { TimeSpan(nanoseconds: at.nanoseconds + $0.nanoseconds) } ?? max(runEnd, at)
    }
}

/// What a chaos window strikes. A cluster's and a route's faults are decided when the router sends
/// an attempt; a backend's when its cluster hands the attempt to that backend.
public enum ChaosTarget: Sendable, Equatable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// Every attempt sent to the cluster.
    case cluster(String)
    /// Every attempt of a request the route took, whichever cluster it goes to.
    case route(String)
    /// The attempts the cluster gives to its backend `index` (from 0).
    case backend(cluster: String, index: Int)

    public init(stringLiteral name: String) { self = .cluster(name) }

    /// The cluster named, for a cluster or a backend; nil for a route.
    public var cluster: String? {
        switch self {
        case .cluster(let name), .backend(let name, _): return name
        case .route: return nil
        }
    }

    /// How metrics and reports name the target: `us-east`, `route:api`, `us-east[2]`.
    public var description: String {
        switch self {
        case .cluster(let name): return name
        case .route(let name): return "route:\(name)"
        case .backend(let cluster, let index): return "\(cluster)[\(index)]"
        }
    }
}

/// Which of the attempts a window matches are candidates for a strike, counted from 1 over the
/// matching attempts while the window is open: the first `after` are skipped, then of the rest the
/// first `first` are candidates (all when nil) and, with `every`, only every `every`-th of them.
///
/// `{ first: 2 }` fails the first two attempts and lets retries through (Toxiproxy #404, "discard
/// the first two requests"; WireMock's scenarios, #1173); `{ every: 3 }` fails attempts 3, 6, 9…;
/// `{ after: 10, first: 5 }` lets ten through, then fails five.
public struct ChaosSequence: Sendable, Equatable, Hashable {
    public var first: Int?
    public var every: Int?
    public var after: Int?

    public init(first: Int? = nil, every: Int? = nil, after: Int? = nil) {
        self.first = first
        self.every = every
        self.after = after
    }

    /// Whether any rule is set (a window without one draws for every matching attempt, as always).
    public var isSet: Bool { first != nil || every != nil || after != nil }

    /// Whether the `n`-th matching attempt (from 1) is a candidate.
    @inline(__always)
    public func admits(_ n: Int) -> Bool {
        let m = n - (after ?? 0)
        guard m >= 1 else { return false }
        if let first, m > first { return false }
        if let every, m % every != 0 { return false }
        return true
    }
}
