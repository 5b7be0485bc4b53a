import Protocols
import Scenarios
import Synchronization

/// The WebSocket sessions open on one cluster: each follows its client's script (messages one
/// interval apart, then a normal close) and the cluster's mock behaviour (replies after a
/// service-time draw, pushes, server closes), all in virtual time. Chaos strikes the client's
/// messages: a fault that ends an attempt (an error, a reset, a refusal, a bad answer) drops the
/// connection (1006), a hang or a `websocket` drop of the client drops the message, a drop of the
/// server drops the replies to it, a `websocket` close closes the session with its code, a
/// latency fault delays the replies. Each session's replies are kept with the message they answer and
/// sent with it, and every message's text goes to the run's `SessionTextLog` when it is recorded.
struct WebSocketSessions {
    /// The steps a session timer carries in its low byte.
    enum Step: Int64 {
        case clientMessage = 0, serverSend, push, closeDue, clientClose, serverClose
    }

    struct Session {
        var template: Int
        var parameter: Int64
        var openedAt: Int64
        var mock: MockWebSocketSession
        /// Replies decided on receiving a client message, sent after the service time, by message index.
        var replies: [(message: Int64, texts: [String])] = []
    }

    let behaviour: MockWebSocketBehaviour?
    let clusterName: String
    let scripts: [WebSocketScript?]
    let chaos: ChaosActor
    var open: [Int64: Session] = [:]

    init(cluster: ClusterSpec, templates: [RequestTemplate], chaos: ChaosActor) {
        if case .websocket(let behaviour) = cluster.mock { self.behaviour = behaviour } else { behaviour = nil }
        clusterName = cluster.name
        scripts = templates.map { template in
            if case .websocket(let script) = template.kind { return script }
            return nil
        }
        self.chaos = chaos
    }

    var count: Int { open.count }

    /// The text of client message `index` of a template, with `{id}` filled.
    func clientText(template: Int, index: Int, parameter: Int64) -> String {
        BodyTemplate(scripts[template]?.messages[index] ?? "").render([("id", String(parameter))])
    }
}

extension ClusterActor {
    private func scheduleStep(_ step: WebSocketSessions.Step, request: Int64, at time: Int64, argument: Int64 = 0) {
        schedule(.sessionStep(request: request, word: step.rawValue | argument << 8), at: time)
    }

    /// Emits a message event; its text goes to the log first, so the recorder finds it with the event.
    private func emitMessage(_ kind: SessionMessageKind, request: Int64, value: Int64 = 0, text: @autoclosure () -> String) {
        timeline.trace.sessionTexts?.append(text())
        timeline.emit(.sessionMessage(at: timeline.now, cluster: index, request: request, kind: kind, messageIndex: value))
    }

    private func close(_ request: Int64, code: UInt16, by initiator: SessionInitiator) {
        guard let session = state.sessions.open.removeValue(forKey: request) else { return }
        timeline.emit(.sessionClosed(at: timeline.now, cluster: index, request: request, code: code, initiator: initiator,
                                     length: timeline.now - session.openedAt))
    }

    /// A handshake this cluster answered 101 opens a session.
    func openSession(request: Int64, template: Int32, parameter: Int64) {
        guard let behaviour = state.sessions.behaviour, let script = state.sessions.scripts[Int(template)] else { return }
        var mock = MockWebSocketSession(behaviour: behaviour, cluster: spec.name)
        let now = timeline.now
        var onConnect: [String] = []
        for action in mock.connected() {
            switch action {
            case .send(let text): onConnect.append(text)
            case .schedulePush(let after): scheduleStep(.push, request: request, at: now + after)
            case .scheduleClose(let after): scheduleStep(.closeDue, request: request, at: now + after)
            case .close: break
            }
        }
        state.sessions.open[request] = WebSocketSessions.Session(template: Int(template), parameter: parameter, openedAt: now, mock: mock)
        for text in onConnect { emitMessage(.serverOnConnect, request: request, text: text) }
        let every = script.every.nanoseconds
        scheduleStep(script.messages.isEmpty ? .clientClose : .clientMessage, request: request, at: now + every)
    }

    /// A session timer fired.
    func sessionStep(request: Int64, word: Int64) {
        guard let step = WebSocketSessions.Step(rawValue: word & 0xFF), state.sessions.open[request] != nil else { return }
        let argument = word >> 8
        switch step {
        case .clientMessage: clientMessage(request: request, index: Int(argument))
        case .serverSend:
            guard let batch = state.sessions.open[request]!.replies.firstIndex(where: { $0.message == argument }) else { return }
            let texts = state.sessions.open[request]!.replies.remove(at: batch).texts
            for text in texts { emitMessage(.serverReply, request: request, text: text) }
        case .push:
            let actions = state.sessions.open[request]!.mock.pushDue()
            for action in actions {
                switch action {
                case .send(let text): emitMessage(.serverPush, request: request, text: text)
                case .schedulePush(let after): scheduleStep(.push, request: request, at: timeline.now + after)
                default: break
                }
            }
        case .closeDue:
            for case .close(let code, _) in state.sessions.open[request]!.mock.closeDue() { close(request, code: code.rawValue, by: .server) }
        case .clientClose:
            close(request, code: WebSocketCloseCode.normalClosure.rawValue, by: .client)
        case .serverClose:
            close(request, code: UInt16(truncatingIfNeeded: argument), by: .server)
        }
    }

    private func clientMessage(request: Int64, index messageIndex: Int) {
        let session = state.sessions.open[request]!
        let script = state.sessions.scripts[session.template]!
        let now = timeline.now
        let effect = calls.strike(state.sessions.chaos, index, Int32(session.template))
        if effect.sessionClose != 0 {
            close(request, code: effect.sessionClose, by: .server)
            return
        }
        if effect.status != 0 || effect.endStatus != 0 {
            close(request, code: WebSocketCloseCode.abnormalClosure.rawValue, by: .abnormal)
            return
        }
        if effect.hang || effect.dropClientMessage {
            emitMessage(.clientDropped, request: request, value: Int64(messageIndex),
                        text: state.sessions.clientText(template: session.template, index: messageIndex, parameter: session.parameter))
        } else {
            let text = state.sessions.clientText(template: session.template, index: messageIndex, parameter: session.parameter)
            emitMessage(.clientDelivered, request: request, value: Int64(messageIndex), text: text)
            let actions = state.sessions.open[request]!.mock.receive(text)
            let replyAt = now + state.serviceTime() + effect.extraDelay
            let sends = effect.dropReplies ? []
                : actions.compactMap { action -> String? in if case .send(let reply) = action { return reply }; return nil }
            if !sends.isEmpty {
                state.sessions.open[request]!.replies.append((Int64(messageIndex), sends))
                scheduleStep(.serverSend, request: request, at: replyAt, argument: Int64(messageIndex))
            }
            for case .close(let code, _) in actions {
                scheduleStep(.serverClose, request: request, at: replyAt, argument: Int64(code.rawValue))
            }
        }
        let next = messageIndex + 1
        scheduleStep(next < script.messages.count ? .clientMessage : .clientClose, request: request, at: now + script.every.nanoseconds,
                     argument: next < script.messages.count ? Int64(next) : 0)
    }
}

/// The texts of a recorded run's WebSocket messages, in the order of the message events that
/// stand for them (delivered or dropped client messages, replies, pushes, greetings on connect):
/// the clusters append a text on the lab's thread just before emitting its event, the recorder
/// takes them on its own thread after the batch holding the events reached it, and reads one per
/// message event. What it holds is bounded by the batches not yet recorded.
final class SessionTextLog: Sendable {
    private let texts = Mutex<[String]>([])

    func append(_ text: String) { texts.withLock { $0.append(text) } }

    /// Every text appended since the last call, oldest first.
    func take() -> [String] {
        texts.withLock { texts in
            let taken = texts
            texts = []
            return taken
        }
    }
}
