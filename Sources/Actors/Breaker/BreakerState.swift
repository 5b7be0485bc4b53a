import Scenarios

/// A breaker's state. The raw values are the trace's encoding (fixed: trace hashes depend on them);
/// `metricValue` is what `circuit_breaker_state` exports.
public enum BreakerState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case closed = 0
    case open = 1
    case halfOpen = 2
    /// resilience4j's FORCED_OPEN: refuses everything until an operation moves it.
    case forcedOpen = 3
    /// resilience4j's DISABLED: admits everything, records nothing.
    case disabled = 4
    /// resilience4j's METRICS_ONLY: admits everything, records, never moves by itself.
    case metricsOnly = 5

    public var description: String {
        switch self {
        case .closed: return "closed"
        case .open: return "open"
        case .halfOpen: return "half_open"
        case .forcedOpen: return "forced_open"
        case .disabled: return "disabled"
        case .metricsOnly: return "metrics_only"
        }
    }

    /// `circuit_breaker_state`: 0 closed, 1 half-open, 2 open, 3 forced open, 4 disabled, 5 metrics only.
    public var metricValue: Int {
        switch self {
        case .closed: return 0
        case .halfOpen: return 1
        case .open: return 2
        case .forcedOpen: return 3
        case .disabled: return 4
        case .metricsOnly: return 5
        }
    }

    public init(_ name: BreakerStateName) {
        switch name {
        case .closed: self = .closed
        case .open: self = .open
        case .halfOpen: self = .halfOpen
        case .forcedOpen: self = .forcedOpen
        case .disabled: self = .disabled
        case .metricsOnly: self = .metricsOnly
        }
    }
}

/// A state change, returned so the owner can trace it.
public struct BreakerTransition: Sendable, Equatable, CustomStringConvertible {
    public var from: BreakerState
    public var to: BreakerState

    public init(from: BreakerState, to: BreakerState) {
        self.from = from
        self.to = to
    }

    /// `closed->open`, as `script_results` and reports write it.
    public var description: String { "\(from)->\(to)" }
}
