/// What chaos (its windows and the cluster's mode) does to one attempt; the transport applies it,
/// the cluster applies a backend's. Plain values, returned by value on every struck attempt.
///
/// Faults compose: a refusal (`down`) wins over everything, then a hang, then the earliest end
/// the gateway gives without delivering (a reset, a timeout's close, a mode's error); otherwise the
/// attempt is delivered after the summed delays, the first replaced answer in window order wins,
/// and the delays after the answer add up.
struct ChaosEffect {
    /// The first window that struck, if any (a mode's strikes name none).
    var window: Int32?
    /// Added before the attempt reaches its cluster (or, for a backend's fault, to its service time).
    var extraDelay: Int64 = 0
    /// The status that replaces the backend's answer, or 0; its outcome is `outcome`.
    var status: Int16 = 0
    var outcome: Outcome = .chaos
    /// A healthy answer keeps its status and takes this outcome instead (`truncated`, or `chaos`
    /// for a GraphQL answer with failed fields).
    var relabel: Outcome?
    /// The attempt is held and never answered.
    var hang = false
    /// The gateway answers `endStatus` (`endOutcome`) `endAfter` after the delays, without
    /// delivering the attempt; 0: the attempt is delivered.
    var endStatus: Int16 = 0
    var endOutcome: Outcome = .reset
    var endAfter: Int64 = 0
    /// Added after the backend's answer: the body arrives (or the connection closes) later.
    var answerDelay: Int64 = 0
    /// A WebSocket session's chaos: close with this code (0: none); drop the client's message or
    /// the server's replies.
    var sessionClose: UInt16 = 0
    var dropClientMessage = false
    var dropReplies = false

    /// Whether the answer needs more than the plain replaced status a ticket carries.
    @inline(__always)
    var needsLedger: Bool { (status != 0 && outcome != .chaos) || relabel != nil || answerDelay > 0 }

    /// A refusal, or an earlier end than the one already set.
    @inline(__always)
    mutating func end(_ status: Int16, _ outcome: Outcome, after: Int64) {
        if endStatus != 0 && (endOutcome == .refused || (outcome != .refused && endAfter <= after)) { return }
        endStatus = status
        endOutcome = outcome
        endAfter = after
    }

    /// The first replacement wins.
    @inline(__always)
    mutating func replace(_ status: Int16, _ outcome: Outcome) {
        if self.status == 0 { self.status = status; self.outcome = outcome }
    }

    /// Settles the precedence: a refusal ends at once, even a hung attempt; a hang never ends.
    @inline(__always)
    mutating func settle() {
        if endStatus != 0 && endOutcome == .refused { hang = false; endAfter = 0; extraDelay = 0 }
        if hang { endStatus = 0 }
    }
}
