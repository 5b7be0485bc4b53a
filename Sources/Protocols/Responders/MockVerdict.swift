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
        /// A cluster's connection pool or bulkhead was full (Envoy's `upstream_rq_pending_overflow`):
        /// the gateway answered 503 without sending the attempt.
        case overflow = 6
        /// The route's rate limiter had no token: the gateway answered 429.
        case rateLimit = 7
        /// The connection was reset by the peer before an answer (Toxiproxy `reset_peer`): the
        /// gateway answered 503.
        case reset = 8
        /// The backend refused the connection (chaos `down`): the gateway answered 503 at once.
        case refused = 9
        /// The backend's bytes were not a valid answer (an empty, malformed or random response):
        /// the gateway answered 502.
        case protocolError = 10
        /// The answer was cut short after some bytes (Toxiproxy `slicer`/`limit_data`): the status
        /// arrived, the body did not.
        case truncated = 11
        /// A hedged attempt lost the race: another attempt's answer was sent and this one was
        /// abandoned. Attempts only; no request ends so.
        case cancelled = 12
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
    /// leave no backend answer to send, only the status; so do pools, rate limits and broken
    /// connections.
    public var byGateway: Bool {
        switch reason {
        case .ok, .internalError, .chaos, .truncated: return false
        case .timeout, .serviceUnavailable, .circuitBreaker, .overflow, .rateLimit, .reset, .refused, .protocolError, .cancelled: return true
        }
    }
}
