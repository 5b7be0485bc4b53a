/// The router's two deadlines: an attempt's per-try timeout (Envoy's `per_try_timeout`), after
/// which the request may retry, and the request's own (Envoy's route `timeout`), after which the
/// client gets 504 whatever is still out.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/http/http_routing#timeouts
extension RouterActor {
    /// An attempt's per-try deadline: if it is still unanswered, it fails with 504 and the request moves on.
    func attemptDeadline(attemptSlot: Int32, serial: Int64) {
        let attempt = state.attempts[attemptSlot]
        guard attempt.serial == serial, !attempt.timedOut else { return }
        expire(attemptSlot, attempt)
        let route = state.rules[Int(state.requests[attempt.request].route)]
        endRetry(attempt)
        settle(attempt.request, status: 504, outcome: .timeout, retryable: route.retryOn.matches(status: 504, outcome: .timeout))
        releaseConnection(cluster: attempt.cluster)
    }

    /// The request's deadline: every attempt still out times out and the client gets 504.
    func requestDeadline(requestSlot slot: Int32, id: Int64) {
        let request = state.requests[slot]
        guard request.id == id else { return }
        // Nothing here hands a connection on until the client has its 504: no attempt of this
        // request can go out (or answer) after its deadline.
        var freed: [Int32] = []
        for i in 0..<Int(request.live) {
            let attemptSlot = request.liveSlot(i)
            let attempt = state.attempts[attemptSlot]
            expire(attemptSlot, attempt)
            endRetry(attempt)
            freed.append(attempt.cluster)
        }
        complete(slot, status: 504, outcome: .timeout)
        for cluster in freed { releaseConnection(cluster: cluster) }
    }

    /// Traces an attempt's timeout and tells its breaker. A hung attempt is dropped (no answer
    /// will come); another stays to record its late answer.
    private func expire(_ attemptSlot: Int32, _ attempt: AttemptState) {
        let now = timeline.now
        timeline.emit(.attemptTimedOut(at: now, cluster: attempt.cluster, request: attempt.requestID, attempt: attempt.number,
                                       latency: now - attempt.sentAt, hung: attempt.hung))
        calls.record(breakers[Int(attempt.cluster)], BreakerActor.AttemptResult(status: 504, outcome: .timeout, duration: now - attempt.sentAt,
                                                                                ticket: attempt.ticket))
        if attempt.hung {
            state.outstanding[Int(attempt.cluster)] -= 1
            state.attempts.remove(attemptSlot)
            state.attempts[attemptSlot].serial = -1
        } else {
            state.attempts[attemptSlot].timedOut = true
        }
        state.requests[attempt.request].removeLive(attemptSlot)
    }
}
