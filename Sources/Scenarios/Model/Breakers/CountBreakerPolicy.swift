/// A count-based circuit breaker's settings, as the reference workload defines them (`type: "count"`,
/// the default type).
///
/// Closed: the last `windowSize` outcomes are kept; once at least `minimumCalls` are in the window and
/// the failure ratio reaches `failureRate`, it opens. Open: calls are refused for `openFor`; the first call
/// after that turns it half-open. Half-open: `halfOpenCalls` trial calls are admitted; when all have
/// answered it closes if their failure ratio is below `failureRate`, and opens again otherwise.
public struct CountBreakerPolicy: Sendable, Equatable {
    public var windowSize: Int
    public var minimumCalls: Int
    public var failureRate: Double
    public var openFor: TimeSpan
    public var halfOpenCalls: Int

    public init(windowSize: Int = 50, minimumCalls: Int = 20, failureRate: Double = 0.5,
                openFor: TimeSpan = .seconds(10), halfOpenCalls: Int = 5) {
        self.windowSize = windowSize
        self.minimumCalls = minimumCalls
        self.failureRate = failureRate
        self.openFor = openFor
        self.halfOpenCalls = halfOpenCalls
    }
}
