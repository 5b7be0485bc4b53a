/// Connection pools: an attempt that finds every connection of its cluster busy waits among the
/// pending requests; a finished attempt hands its connection to the oldest one waiting.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking
extension RouterActor {
    /// An attempt to `cluster` stopped holding its connection.
    func releaseConnection(cluster: Int32) {
        let c = Int(cluster)
        guard state.guards.pools[c] != nil, state.guards.pools[c]!.finished() else { return }
        // The pool counted one pending attempt, so the queue holds it: a request that gave up its
        // place took its entry out (`abandonPending`), so every entry is still wanted.
        let next = state.guards.pending[c].popFirst()!
        state.requests[next.request].pendingCluster = -1
        send(next.request, position: next.position, cluster: cluster, ticket: next.ticket, kind: next.kind)
    }

    /// A request that completed while its attempt waited for a connection gives the place back.
    func abandonPending(_ request: RequestState, cluster: Int32) {
        state.guards.pools[Int(cluster)]!.abandonPending()
        // Its entry leaves the queue now, and its breaker admission is released.
        var skipped = FIFOQueue<PendingAttempt>()
        while let entry = state.guards.pending[Int(cluster)].popFirst() {
            if entry.requestID == request.id {
                abandonTicket(entry.ticket, cluster: cluster)
                if entry.kind == .retry { state.guards.retryFinished(route: Int(request.route), cluster: Int(cluster)) }
            } else {
                skipped.append(entry)
            }
        }
        state.guards.pending[Int(cluster)] = skipped
    }
}
