/// resilience4j's settings (`type: "window"`), with resilience4j's defaults.
///
/// Closed: outcomes go into a sliding window (the last `size` calls, or the last `size` whole
/// seconds); once `minimumCalls` are buffered and the failure rate or the slow-call rate reaches its
/// threshold, it opens. Open: refuses calls for `waitInOpen`, then turns half-open (on the next
/// admission, or at once with `automaticHalfOpen`). Half-open: `permittedInHalfOpen` calls decide
/// between open and closed; `maxWaitInHalfOpen` (0: forever) bounds how long it may stay undecided.
public struct WindowBreakerPolicy: Sendable, Equatable {
    public var slidingWindow: SlidingWindow
    /// Calls buffered before rates decide anything (capped by the window's size for count windows).
    public var minimumCalls: Int
    /// Percent, in (0, 100].
    public var failureRate: Double
    /// Percent, in (0, 100].
    public var slowCallRate: Double
    /// A call is slow when it took longer than this.
    public var slowCallDuration: TimeSpan
    public var waitInOpen: WaitInOpen
    public var automaticHalfOpen: Bool
    public var permittedInHalfOpen: Int
    /// 0: half-open waits for its permitted calls forever.
    public var maxWaitInHalfOpen: TimeSpan
    /// Where an undecided half-open breaker goes after `maxWaitInHalfOpen`.
    public var afterMaxWait: AfterMaxWait
    /// Answers that count as failures; nil: every 5xx and every timeout. A failing answer outside the
    /// set is recorded as a success, as resilience4j records an exception its predicate rejects.
    public var record: [AnswerMatch]?
    /// Answers that are not buffered at all (checked before `record`).
    public var ignore: [AnswerMatch]

    public struct SlidingWindow: Sendable, Equatable {
        public var type: Kind
        public var size: Int

        public enum Kind: String, Sendable, CaseIterable {
            /// The last `size` calls.
            case count
            /// The calls of the last `size` whole seconds of virtual time (one bucket per second).
            case time
        }

        public init(type: Kind = .count, size: Int = 100) {
            self.type = type
            self.size = size
        }
    }

    /// How long an open breaker waits, by how many times it has opened since it last closed.
    public enum WaitInOpen: Sendable, Equatable {
        case constant(TimeSpan)
        /// `initial × multiplier^(n-1)`, capped at `max` (nil: uncapped).
        case exponential(initial: TimeSpan, multiplier: Double, max: TimeSpan?)
    }

    public enum AfterMaxWait: String, Sendable, CaseIterable {
        case open
        case closed
    }

    public init(slidingWindow: SlidingWindow = SlidingWindow(), minimumCalls: Int = 100, failureRate: Double = 50,
                slowCallRate: Double = 100, slowCallDuration: TimeSpan = .seconds(60), waitInOpen: WaitInOpen = .constant(.seconds(60)),
                automaticHalfOpen: Bool = false, permittedInHalfOpen: Int = 10, maxWaitInHalfOpen: TimeSpan = .zero,
                afterMaxWait: AfterMaxWait = .open, record: [AnswerMatch]? = nil, ignore: [AnswerMatch] = []) {
        self.slidingWindow = slidingWindow
        self.minimumCalls = minimumCalls
        self.failureRate = failureRate
        self.slowCallRate = slowCallRate
        self.slowCallDuration = slowCallDuration
        self.waitInOpen = waitInOpen
        self.automaticHalfOpen = automaticHalfOpen
        self.permittedInHalfOpen = permittedInHalfOpen
        self.maxWaitInHalfOpen = maxWaitInHalfOpen
        self.afterMaxWait = afterMaxWait
        self.record = record
        self.ignore = ignore
    }

    /// `minimumCalls` as the closed state applies it: capped by the size of a count window.
    public var effectiveMinimumCalls: Int {
        slidingWindow.type == .count ? min(minimumCalls, slidingWindow.size) : minimumCalls
    }

    /// `minimumCalls` as the half-open state applies it (its window counts `permittedInHalfOpen` calls).
    public var halfOpenMinimumCalls: Int { min(minimumCalls, permittedInHalfOpen) }
}
