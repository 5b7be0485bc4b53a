/// The lab's verdict on one answer, as a responder reads it: the status in the lab's books (the
/// one routes, retries and breakers act on) and why the answer ended so. Every protocol's
/// responder turns the same verdict into its own terms, so a recording and a daemon say the same.
public struct MockVerdict: Sendable, Hashable {
    /// Why an answer ended as it did — the lab's `Outcome` is this type, so the books and the
    /// responders cannot disagree on what a number means.
    public enum Reason: Int32, Sendable, CaseIterable, BitwiseCopyable {
        /// The backend answered with the status it decided.
        case ok = 0
        /// The backend answered with its own error.
        case internalError = 1
        /// A chaos window replaced the backend's answer with `status`.
        case chaos = 2
        /// The backend's queue was full: the gateway answered.
        case serviceUnavailable = 3
        /// No answer came before the deadline: the gateway answered.
        case timeout = 4
        /// No cluster's breaker admitted the call: the gateway answered.
        case circuitBreaker = 5
    }

    public var status: Int
    public var reason: Reason

    public init(status: Int, reason: Reason) {
        self.status = status
        self.reason = reason
    }

    /// A healthy answer with `status`.
    public static func ok(_ status: Int) -> MockVerdict { MockVerdict(status: status, reason: .ok) }

    /// Whether the gateway answered instead of a backend: a timeout, a full queue or an open breaker
    /// leave no backend answer to send, only the status.
    public var byGateway: Bool { reason == .timeout || reason == .serviceUnavailable || reason == .circuitBreaker }
}
