/// When a consecutive-failure detection (consecutive 5xx, consecutive gateway failure) turns into an
/// ejection.
///
/// Envoy ejects inline: "Depending on the type of outlier detection, ejection either runs inline (for
/// example in the case of consecutive 5xx) or at a specified interval (for example in the case of
/// periodic success rate)." (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier,
/// "Ejection algorithm"). `atInterval` is the lab's alternative, kept as a separate rule so a scenario
/// can ask for the interval-aligned behaviour instead.
public enum ConsecutiveEjectionTiming: Sendable, Equatable {
    /// Envoy: the attempt that reaches the threshold ejects its backend at once.
    case immediate
    /// The detection is latched when the threshold is reached and the backend is ejected at the next
    /// interval sweep (unless it is already ejected by then), never before.
    case atInterval
}
