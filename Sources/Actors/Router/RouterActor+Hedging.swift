/// Request hedging: while the attempts sent have not answered, another goes out every `delay`,
/// up to `max` extra; the first answer the retry conditions accept goes to the client and the
/// attempts still out are cancelled, each traced as such and never counted by its breaker.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_routing#request-hedging
/// https://github.com/grpc/proposal/blob/master/A6-client-retries.md#hedging-policy
extension RouterActor {
    /// A hedge is due: sent while the request waits on an attempt and has hedges left, and no
    /// attempt went out since the one that set this timer (each resets the delay, as gRPC's does).
    func hedgeDue(requestSlot slot: Int32, id: Int64, sent: Int32) {
        let request = state.requests[slot]
        guard request.id == id, Int32(request.attempts) == sent, request.live > 0, request.pendingCluster < 0 else { return }
        guard Int(request.hedges) < state.rules[Int(request.route)].hedgeMax else { return }
        dispatch(slot, kind: .hedge)
    }

    /// Cancels an attempt whose request was answered by another: traced, its breaker admission
    /// released unrecorded. The caller frees its connection; a late answer for it is dropped.
    /// Returns the attempt's cluster.
    func cancel(attemptSlot: Int32, route r: Int, now: Int64) -> Int32 {
        let attempt = state.attempts[attemptSlot]
        timeline.emit(.attemptCancelled(at: now, cluster: attempt.cluster, request: attempt.requestID, attempt: attempt.number,
                                        latency: now - attempt.sentAt))
        calls.record(breakers[Int(attempt.cluster)], BreakerActor.AttemptResult(status: 499, outcome: .cancelled, duration: now - attempt.sentAt,
                                                                                ticket: attempt.ticket))
        state.outstanding[Int(attempt.cluster)] -= 1
        state.attempts.remove(attemptSlot)
        state.attempts[attemptSlot].serial = -1
        if attempt.kind == .retry { state.guards.retryFinished(route: r, cluster: Int(attempt.cluster)) }
        return attempt.cluster
    }
}
