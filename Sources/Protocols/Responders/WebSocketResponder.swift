/// What a WebSocket backend answers for the lab's verdict: the handshake's `101 Switching
/// Protocols` and the session it opens (driven by `MockWebSocketSession`, whose sends are the
/// session's replies), or the status with a JSON error body when the handshake failed.
public struct WebSocketResponder: Sendable {
    /// The behaviour of the sessions the backend opens; nil when the cluster has none.
    public let behaviour: MockWebSocketBehaviour?
    /// The cluster whose name fills `{cluster}` in the session's texts.
    public let cluster: String

    public init(behaviour: MockWebSocketBehaviour?, cluster: String) {
        self.behaviour = behaviour
        self.cluster = cluster
    }

    /// The handshake's answer. A daemon adds `sec-websocket-accept` for the client's key
    /// (`WebSocketHandshake`); the lab's books have no key.
    public func answer(verdict: MockVerdict) -> MockAnswer {
        if verdict.status == 101 {
            return MockAnswer(wireStatus: 101, headers: [("upgrade", "websocket"), ("connection", "Upgrade")])
        }
        return MockAnswer(wireStatus: verdict.status, headers: MockAnswer.json, body: .text(MockAnswer.errorBody(status: verdict.status)))
    }

    /// The session a successful handshake opens; nil when the backend has no behaviour.
    public func session() -> MockWebSocketSession? {
        behaviour.map { MockWebSocketSession(behaviour: $0, cluster: cluster) }
    }
}
