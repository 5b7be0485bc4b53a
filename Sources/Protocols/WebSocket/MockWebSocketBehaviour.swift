/// How a mock WebSocket backend behaves in a session: messages on connect, scripted replies to
/// matching messages (or echo), periodic pushes in virtual time, and a close with a code.
///
/// Text may hold `{variables}`: `{cluster}`, `{count}` (messages received so far), `{seq}`
/// (messages sent so far), `{message}` (the message replied to) and a reply pattern's captures.
public struct MockWebSocketBehaviour: Sendable, Equatable {
    public struct Reply: Sendable, Equatable {
        /// A glob over the received text (`*`, `{name}` captures), as route paths use.
        public var match: String
        public var send: [String]
        public init(match: String, send: [String]) {
            self.match = match
            self.send = send
        }
    }

    public struct Push: Sendable, Equatable {
        public var every: Int64
        public var text: String
        public init(every: Int64, text: String) {
            self.every = every
            self.text = text
        }
    }

    public struct Close: Sendable, Equatable {
        /// Close after this many messages received, if set.
        public var afterMessages: Int?
        /// Close this long after the connection opened, if set (nanoseconds of virtual time).
        public var after: Int64?
        public var code: WebSocketCloseCode
        public var reason: String
        public init(afterMessages: Int? = nil, after: Int64? = nil, code: WebSocketCloseCode = .normalClosure, reason: String = "") {
            self.afterMessages = afterMessages
            self.after = after
            self.code = code
            self.reason = reason
        }
    }

    public var echo: Bool
    public var onConnect: [String]
    public var replies: [Reply]
    public var push: Push?
    public var close: Close?

    public init(echo: Bool = true, onConnect: [String] = [], replies: [Reply] = [], push: Push? = nil, close: Close? = nil) {
        self.echo = echo
        self.onConnect = onConnect
        self.replies = replies
        self.push = push
        self.close = close
    }
}

/// What a mock session does in answer to an event.
public enum WebSocketAction: Sendable, Equatable {
    case send(String)
    /// Ask to be woken for the next push after this many nanoseconds of virtual time.
    case schedulePush(after: Int64)
    /// Ask to be woken to close after this many nanoseconds of virtual time.
    case scheduleClose(after: Int64)
    case close(WebSocketCloseCode, String)
}

/// One connection's state under a `MockWebSocketBehaviour`: pure, so the headless lab and the
/// daemon drive the same script and a recording replays it.
public struct MockWebSocketSession: Sendable {
    public let behaviour: MockWebSocketBehaviour
    public let cluster: String
    public private(set) var received = 0
    public private(set) var sent = 0
    public private(set) var closed = false
    private let patterns: [PathPattern]

    public init(behaviour: MockWebSocketBehaviour, cluster: String) {
        self.behaviour = behaviour
        self.cluster = cluster
        patterns = behaviour.replies.map { PathPattern($0.match) }
    }

    public mutating func connected() -> [WebSocketAction] {
        var actions = behaviour.onConnect.map { send($0, []) }
        if let push = behaviour.push, push.every > 0 { actions.append(.schedulePush(after: push.every)) }
        if let after = behaviour.close?.after { actions.append(.scheduleClose(after: after)) }
        return actions
    }

    public mutating func receive(_ message: String) -> [WebSocketAction] {
        guard !closed else { return [] }
        received += 1
        var actions: [WebSocketAction] = []
        let context = [(name: "message", value: message)]
        if let index = patterns.firstIndex(where: { $0.matches(message) }) {
            let captures = patterns[index].captures(message) ?? []
            actions += behaviour.replies[index].send.map { send($0, context + captures) }
        } else if behaviour.echo {
            actions.append(send("{message}", context))
        }
        if let close = behaviour.close, let limit = close.afterMessages, received >= limit {
            actions.append(closeAction(close))
        }
        return actions
    }

    /// The push timer fired.
    public mutating func pushDue() -> [WebSocketAction] {
        guard !closed, let push = behaviour.push else { return [] }
        return [send(push.text, []), .schedulePush(after: push.every)]
    }

    /// The close timer fired.
    public mutating func closeDue() -> [WebSocketAction] {
        guard !closed, let close = behaviour.close else { return [] }
        return [closeAction(close)]
    }

    private mutating func closeAction(_ close: MockWebSocketBehaviour.Close) -> WebSocketAction {
        closed = true
        return .close(close.code, close.reason)
    }

    private mutating func send(_ template: String, _ variables: [(name: String, value: String)]) -> WebSocketAction {
        sent += 1
        let all = variables + [("cluster", cluster), ("count", String(received)), ("seq", String(sent))]
        return .send(BodyTemplate(template).render(all))
    }
}
