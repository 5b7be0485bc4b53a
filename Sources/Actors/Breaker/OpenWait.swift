import Scenarios

/// How long an open `window` breaker waits, by attempt: resilience4j's
/// `waitIntervalFunctionInOpenState`, an `IntervalFunction` in whole milliseconds.
///
/// Constant: `IntervalFunction.of(waitDurationInOpenState)`. Exponential:
/// `IntervalFunction.ofExponentialBackoff(initial, multiplier[, max])`, which starts at the initial
/// wait and applies `x -> (long)(x * multiplier)` once per further attempt — truncating at every step,
/// so 5000 ms × 1.5 gives 5000, 7500, 11250, 16875, 25312, … — and caps the result by `max`.
/// Durations become milliseconds by truncation (`Duration.toMillis`).
public struct OpenWait: Sendable, Equatable {
    private let initialMilliseconds: Int64
    /// nil: constant.
    private let multiplier: Double?
    private let maxMilliseconds: Int64?

    public init(_ wait: WindowBreakerPolicy.WaitInOpen) {
        switch wait {
        case .constant(let span):
            initialMilliseconds = span.nanoseconds / 1_000_000
            multiplier = nil
            maxMilliseconds = nil
        case .exponential(let initial, let multiplier, let max):
            initialMilliseconds = initial.nanoseconds / 1_000_000
            self.multiplier = multiplier
            maxMilliseconds = max.map { $0.nanoseconds / 1_000_000 }
        }
    }

    /// The wait for the `attempt`-th opening since the breaker last closed (counted from 1;
    /// resilience4j rejects attempt 0, the lab reads it as 1).
    ///
    /// The iteration stops early once the value can no longer change the answer (it reached `max`,
    /// or `(long)(x * multiplier) == x`), so a large attempt count costs no more than the climb.
    public func milliseconds(forAttempt attempt: Int) -> Int64 {
        guard let multiplier else { return initialMilliseconds }
        var wait = initialMilliseconds
        var step = 1
        while step < attempt {
            if let maxMilliseconds, wait >= maxMilliseconds { break }
            let next = OpenWait.javaLong(Double(wait) * multiplier)
            if next == wait { break }
            wait = next
            step += 1
        }
        if let maxMilliseconds { return min(wait, maxMilliseconds) }
        return wait
    }

    /// The same wait in nanoseconds of virtual time (saturating).
    public func nanoseconds(forAttempt attempt: Int) -> Int64 {
        OpenWait.nanoseconds(milliseconds: milliseconds(forAttempt: attempt))
    }

    static func nanoseconds(milliseconds: Int64) -> Int64 {
        let (product, overflow) = milliseconds.multipliedReportingOverflow(by: 1_000_000)
        if overflow { return milliseconds < 0 ? .min : .max }
        return product
    }

    /// Java's `(long) d`: truncation toward zero, NaN → 0, saturating at the `long` range.
    static func javaLong(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9_223_372_036_854_775_807.0 { return .max }
        if value <= -9_223_372_036_854_775_808.0 { return .min }
        return Int64(value)
    }
}
