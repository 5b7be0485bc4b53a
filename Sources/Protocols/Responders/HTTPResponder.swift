/// What an HTTP backend answers for the lab's verdict: the backend's own answer (its body
/// template filled from the request, or its JSON error body for an error status), or the
/// gateway's JSON error body when no backend answered (timeout, full queue, open breaker, no
/// cluster at all). The status on the wire is the status in the lab's books.
public struct HTTPResponder: Sendable {
    /// The backend behind the route; nil for the gateway alone.
    public let backend: MockHTTPBackend?

    public init(backend: MockHTTPBackend?) {
        self.backend = backend
    }

    public func answer(to request: HTTPRequest, verdict: MockVerdict) -> MockAnswer {
        guard let backend, !verdict.byGateway else {
            return MockAnswer(wireStatus: verdict.status, headers: MockAnswer.json, body: .text(MockAnswer.errorBody(status: verdict.status)))
        }
        let response = backend.respond(to: request, status: verdict.status)
        return MockAnswer(wireStatus: verdict.status, headers: response.headers,
                          body: response.body.isEmpty ? .none : .text(response.bodyText))
    }

    /// Whether the answer to `verdict` depends on the request, not only on the verdict: a
    /// healthy answer whose body template reads the path. What a cache of answers keys on.
    public func readsRequest(for verdict: MockVerdict) -> Bool {
        guard let backend, !verdict.byGateway else { return false }
        return backend.readsRequest && verdict.status < 400
    }
}
