/// A cluster's backend balancer and outlier detection
/// (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier).
///
/// - Every answer a backend gives goes to the detector before it leaves for the router (Envoy calls
///   `putHttpResponseCode` before the router sees the response, so a retry already avoids a backend
///   that answer ejected): the status the router will get — chaos's replacement if a window replaced
///   it — and, as a gateway (local-origin) failure, a reset or a refusal (Envoy's unsplit mode counts
///   them as 5xx and gateway failures). A full queue's 503 counts for the backend whose queue was full.
///   The router's timeouts are the router's: the cluster counts the answer the backend gives later.
/// - Latency (for the latency rule) runs from the cluster accepting the attempt to its answer.
/// - The interval sweep fires every `interval` from the cluster's start, in virtual time.
/// - Every ejection and return is emitted at its instant (`backendEjected`, `backendReturned`) and
///   changes the backends the balancer may choose at once.
extension ClusterActor {
    /// The backend of a new attempt when `choosing`: the balancer's pick among the backends not
    /// ejected (all of them when every one is).
    @inline(__always)
    func chooseBackend(key: UInt32) -> Int {
        switch state.choice.balancer {
        case .leastOutstanding:
            // The heap keeps ejected backends excluded; the scan skips them.
            if state.load != nil || state.choice.ejectedCount == 0 || state.choice.panics { return leastLoaded() }
            return leastLoadedAvailable()
        case .leastRequest:
            let backends = state.backends
            return state.choice.pick(key: key) { backends[$0].outstanding }
        default:
            return state.choice.pick(key: key) { _ in 0 }
        }
    }

    /// The least loaded backend not ejected, ties to the lowest index: the scan of a small cluster.
    private func leastLoadedAvailable() -> Int {
        var chosen = -1
        var fewest = Int.max
        for i in state.backends.indices where !state.choice.excludes(i) {
            let outstanding = state.backends[i].outstanding
            if outstanding < fewest { fewest = outstanding; chosen = i }
        }
        return chosen
    }

    /// A served attempt's answer, as the router will receive it (chaos's replaced status included).
    func observeServed(_ answer: Answer) {
        let ticket = answer.ticket
        var status = answer.status
        var outcome = answer.outcome
        if ticket.chaosStatus > 0 {
            status = ticket.chaosStatus
            outcome = .chaos
        } else if ticket.chaosStatus == ChaosLedger.mark, let entry = chaosLedger.entry(ticket.serial), entry.status != 0 {
            status = entry.status
            outcome = entry.outcome
        }
        let latency = state.acceptTimes != nil ? state.acceptTimes!.release(ticket.key, now: timeline.now) : 0
        observe(backend: Int(answer.backend), status: Int(status), gatewayFailure: Self.isLocalOrigin(outcome), latency: latency)
    }

    /// Envoy's local-origin failures: the connection was reset or refused, or timed out.
    @inline(__always)
    static func isLocalOrigin(_ outcome: Outcome) -> Bool { outcome == .reset || outcome == .refused || outcome == .timeout }

    /// One answer of `backend` for the detector; an ejection it causes takes effect at once.
    func observe(backend: Int, status: Int, gatewayFailure: Bool, latency: Int64) {
        if let ejection = state.outlier!.record(backend: backend, status: status, gatewayFailure: gatewayFailure, latency: latency, now: timeline.now) {
            apply(ejection.event)
        }
    }

    /// The interval sweep: returns, interval ejections, and the next sweep.
    func sweep() {
        let now = timeline.now
        for event in state.outlier!.tick(now: now) { apply(event) }
        schedule(.outlierSweep, at: now + spec.outlier.unsafelyUnwrapped.interval)
    }

    private func apply(_ event: OutlierEvent) {
        switch event {
        case .ejected(let backend, let reason, let ejections, let until):
            state.choice.setEjected(backend, true)
            state.load?.exclude(backend)
            timeline.emit(.backendEjected(at: timeline.now, cluster: index, backend: Int32(backend), reason: reason,
                                          ejections: Int32(clamping: ejections), until: until))
        case .returned(let backend):
            state.choice.setEjected(backend, false)
            state.load?.include(backend)
            timeline.emit(.backendReturned(at: timeline.now, cluster: index, backend: Int32(backend)))
        }
    }
}
