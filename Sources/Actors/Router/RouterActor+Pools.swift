/// Connection pools: an attempt that finds every connection of its cluster busy waits among the
/// pending requests; a finished attempt hands its connection to the oldest one still wanted.
///
/// https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking
extension RouterActor {
    /// An attempt to `cluster` stopped holding its connection.
    func releaseConnection(cluster: Int32) {
        let c = Int(cluster)
        guard state.guards.pools[c] != nil, state.guards.pools[c]!.finished() else { return }
        while let next = state.guards.pending[c].popFirst() {
            // A request that completed while it waited already gave its pending place back.
            guard state.requests[next.request].id == next.requestID, state.requests[next.request].pendingCluster == cluster else {
                // Not wanted any more: the connection it was handed goes to the next one.
                guard state.guards.pools[c]!.finished() else { return }
                continue
            }
            state.requests[next.request].pendingCluster = -1
            return send(next.request, position: next.position, cluster: cluster, ticket: next.ticket, kind: next.kind)
        }
    }

    /// A request that completed while its attempt waited for a connection gives the place back.
    func abandonPending(_ request: RequestState, cluster: Int32) {
        state.guards.pools[Int(cluster)]!.abandonPending()
        // The queued entry stays and is skipped when reached; its breaker admission is released now.
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
