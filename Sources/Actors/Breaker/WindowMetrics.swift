import Scenarios

/// What a `window` breaker's metrics show at one instant: resilience4j's `CircuitBreaker.Metrics`.
///
/// Rates are percentages as resilience4j computes them (Java `float`, `failed * 100f / buffered`),
/// and -1 while fewer calls than the minimum are buffered (`CircuitBreakerMetrics.getFailureRate`:
/// `buffered == 0 || buffered < minimumNumberOfCalls`).
public struct WindowSnapshot: Sendable, Equatable {
    public var failureRate: Float
    public var slowCallRate: Float
    /// Calls in the window (resilience4j's `getNumberOfBufferedCalls`).
    public var buffered: Int
    public var successful: Int
    public var failed: Int
    /// Slow calls, successful or failed (`getNumberOfSlowCalls`).
    public var slow: Int
    /// Calls refused while this state's metrics were current (`getNumberOfNotPermittedCalls`).
    public var notPermitted: Int

    public init(failureRate: Float, slowCallRate: Float, buffered: Int, successful: Int, failed: Int, slow: Int, notPermitted: Int) {
        self.failureRate = failureRate
        self.slowCallRate = slowCallRate
        self.buffered = buffered
        self.successful = successful
        self.failed = failed
        self.slow = slow
        self.notPermitted = notPermitted
    }
}

/// Totals over some calls: resilience4j-core's `AbstractAggregation` (one call in a count window's
/// slot, one second in a time window's bucket, or a whole window's total).
struct CallAggregate: Sendable, Equatable {
    var calls = 0
    var failed = 0
    /// Slow calls, failed or not; a slow error counts in `failed`, `slow` and `slowFailed` (AbstractAggregation.record, SLOW_ERROR).
    var slow = 0
    var slowFailed = 0
    /// Durations truncated to whole milliseconds before they are summed (`TimeUnit.toMillis` per call).
    var durationMilliseconds: Int64 = 0

    static let empty = CallAggregate()

    mutating func add(failed isFailure: Bool, slow isSlow: Bool, duration: Int64) {
        calls += 1
        durationMilliseconds += duration / 1_000_000
        if isFailure { failed += 1 }
        if isSlow {
            slow += 1
            if isFailure { slowFailed += 1 }
        }
    }

    /// `TotalAggregation.removeBucket`: subtracts an evicted slot or bucket.
    mutating func remove(_ other: CallAggregate) {
        calls -= other.calls
        failed -= other.failed
        slow -= other.slow
        slowFailed -= other.slowFailed
        durationMilliseconds -= other.durationMilliseconds
    }

    /// `SnapshotImpl.getFailureRate`: 0 when empty, else `failed * 100f / calls` in single precision.
    var failureRate: Float { calls == 0 ? 0 : Float(failed) * 100 / Float(calls) }
    /// `SnapshotImpl.getSlowCallRate`.
    var slowCallRate: Float { calls == 0 ? 0 : Float(slow) * 100 / Float(calls) }
    /// `SnapshotImpl.getAverageDuration`: integer millisecond division.
    var averageDurationMilliseconds: Int64 { calls == 0 ? 0 : durationMilliseconds / Int64(calls) }
}

/// What one recorded outcome means for the state that owns the metrics: resilience4j's
/// `CircuitBreakerMetrics.Result`.
enum MetricsVerdict: Sendable, Equatable {
    case belowMinimumCalls
    case belowThresholds
    /// At least one rate reached its threshold (`Result.hasExceededThresholds`).
    case exceeded
}

/// One state's metrics: resilience4j's `CircuitBreakerMetrics` — a sliding window, the minimum
/// number of calls, both thresholds, and the not-permitted counter. Preallocated; recording never
/// allocates.
struct WindowMetrics: Sendable {
    private let isTime: Bool
    private var countWindow: SlidingCountWindow
    private var timeWindow: SlidingTimeWindow
    /// Calls needed before the rates mean anything.
    let minimumCalls: Int
    private let failureRateThreshold: Float
    private let slowCallRateThreshold: Float
    private let slowCallDuration: Int64
    private(set) var notPermitted = 0

    /// `CircuitBreakerMetrics.forClosed` (and `forMetricsOnly`): the policy's window; a count window
    /// caps the minimum at its size, a time window does not.
    static func closed(_ policy: WindowBreakerPolicy, at now: Int64) -> WindowMetrics {
        WindowMetrics(policy, time: policy.slidingWindow.type == .time, size: policy.slidingWindow.size,
                      minimumCalls: policy.effectiveMinimumCalls, at: now)
    }

    /// `CircuitBreakerMetrics.forHalfOpen`: a count window of `permittedInHalfOpen` calls, so the
    /// minimum is `min(minimumCalls, permittedInHalfOpen)`.
    static func halfOpen(_ policy: WindowBreakerPolicy, at now: Int64) -> WindowMetrics {
        WindowMetrics(policy, time: false, size: policy.permittedInHalfOpen, minimumCalls: policy.halfOpenMinimumCalls, at: now)
    }

    /// `CircuitBreakerMetrics.forForcedOpen` / `forDisabled`: a count window of size 0 (rates -1, counts 0).
    static func empty(_ policy: WindowBreakerPolicy, at now: Int64) -> WindowMetrics {
        WindowMetrics(policy, time: false, size: 0, minimumCalls: 0, at: now)
    }

    private init(_ policy: WindowBreakerPolicy, time: Bool, size: Int, minimumCalls: Int, at now: Int64) {
        isTime = time
        countWindow = SlidingCountWindow(size: time ? 0 : size)
        timeWindow = SlidingTimeWindow(seconds: time ? size : 0, at: now)
        self.minimumCalls = minimumCalls
        failureRateThreshold = Float(policy.failureRate)
        slowCallRateThreshold = Float(policy.slowCallRate)
        slowCallDuration = policy.slowCallDuration.nanoseconds
    }

    /// A fresh metrics object in place (resilience4j builds a new one with each new state object).
    mutating func reset(at now: Int64) {
        countWindow.reset()
        timeWindow.reset(at: now)
        notPermitted = 0
    }

    /// `CircuitBreakerMetrics.onSuccess` / `onError`: slow when `duration > slowCallDurationThreshold`
    /// compared in nanoseconds (strict), then the thresholds are checked on the window's new total.
    mutating func record(failed: Bool, duration: Int64, at now: Int64) -> MetricsVerdict {
        let slow = duration > slowCallDuration
        let total: CallAggregate
        if isTime {
            total = timeWindow.record(failed: failed, slow: slow, duration: duration, at: now)
        } else {
            total = countWindow.record(failed: failed, slow: slow, duration: duration)
        }
        return verdict(total)
    }

    /// `CircuitBreakerMetrics.onCallNotPermitted`.
    mutating func callNotPermitted() { notPermitted += 1 }

    /// The window's total at `now`; a time window first moves to `now`'s second, as
    /// `SlidingTimeWindowMetrics.getSnapshot` does.
    mutating func total(at now: Int64) -> CallAggregate {
        isTime ? timeWindow.total(at: now) : countWindow.total
    }

    mutating func snapshot(at now: Int64) -> WindowSnapshot {
        let total = total(at: now)
        return WindowSnapshot(failureRate: rate(total.failureRate, total), slowCallRate: rate(total.slowCallRate, total),
                              buffered: total.calls, successful: total.calls - total.failed, failed: total.failed,
                              slow: total.slow, notPermitted: notPermitted)
    }

    /// -1 below the minimum (`CircuitBreakerMetrics.getFailureRate(Snapshot)`).
    private func rate(_ value: Float, _ total: CallAggregate) -> Float {
        total.calls == 0 || total.calls < minimumCalls ? -1 : value
    }

    /// `CircuitBreakerMetrics.checkIfThresholdsExceeded`: either rate `>=` its threshold.
    private func verdict(_ total: CallAggregate) -> MetricsVerdict {
        let failureRate = rate(total.failureRate, total)
        let slowCallRate = rate(total.slowCallRate, total)
        if failureRate == -1 || slowCallRate == -1 { return .belowMinimumCalls }
        if failureRate >= failureRateThreshold || slowCallRate >= slowCallRateThreshold { return .exceeded }
        return .belowThresholds
    }
}
