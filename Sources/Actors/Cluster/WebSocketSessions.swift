import Protocols
import Scenarios

/// The WebSocket sessions open on one cluster: each follows its client's script (messages one
/// interval apart, then a normal close) and the cluster's mock behaviour (replies after a
/// service-time draw, pushes, server closes), all in virtual time. Chaos strikes the client's
/// messages: an error fault drops the connection (1006), a hang drops the message, a latency
/// fault delays the replies.
struct WebSocketSessions {
    /// What the session events' `detail` says about a message.
    enum MessageKind: Int32, CaseIterable {
        case clientDelivered = 0, clientDropped = 1, serverReply = 2, serverPush = 3, serverOnConnect = 4
    }

    /// Who ended a session, in `sessionClosed`'s `detail`.
    enum Initiator: Int32 {
        case client = 0, server = 1, abnormal = 2
    }

    /// The steps a session timer carries in its low byte.
    enum Step: Int64 {
        case clientMessage = 0, serverSend, push, closeDue, clientClose, serverClose
    }

    struct Session {
        var template: Int
        var parameter: Int64
        var openedAt: Int64
        var mock: MockWebSocketSession
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
        kernel.queue.schedule(at: time, .sessionStep, a: index, c: request, d: step.rawValue | argument << 8)
    }

    private func emitMessage(_ kind: WebSocketSessions.MessageKind, request: Int64, value: Int64 = 0) {
        kernel.emit(LabEvent(time: kernel.now, kind: .sessionMessage, subject: index, request: request, detail: kind.rawValue, value: value))
    }

    private func close(_ request: Int64, code: UInt16, by initiator: WebSocketSessions.Initiator) {
        guard let session = sessions.open.removeValue(forKey: request) else { return }
        kernel.emit(LabEvent(time: kernel.now, kind: .sessionClosed, subject: index, request: request,
                             status: Int16(bitPattern: code), detail: initiator.rawValue, value: kernel.now - session.openedAt))
    }

    /// A handshake this cluster answered 101 opens a session.
    func openSession(request: Int64, template: Int32, parameter: Int64) {
        guard let behaviour = sessions.behaviour, let script = sessions.scripts[Int(template)] else { return }
        var mock = MockWebSocketSession(behaviour: behaviour, cluster: spec.name)
        let now = kernel.now
        var onConnect = 0
        for action in mock.connected() {
            switch action {
            case .send: onConnect += 1
            case .schedulePush(let after): scheduleStep(.push, request: request, at: now + after)
            case .scheduleClose(let after): scheduleStep(.closeDue, request: request, at: now + after)
            case .close: break
            }
        }
        sessions.open[request] = WebSocketSessions.Session(template: Int(template), parameter: parameter, openedAt: now, mock: mock)
        for _ in 0..<onConnect { emitMessage(.serverOnConnect, request: request) }
        let every = script.every.nanoseconds
        scheduleStep(script.messages.isEmpty ? .clientClose : .clientMessage, request: request, at: now + every)
    }

    /// A session timer fired.
    func sessionStep(request: Int64, word: Int64) {
        guard let step = WebSocketSessions.Step(rawValue: word & 0xFF), sessions.open[request] != nil else { return }
        let argument = word >> 8
        switch step {
        case .clientMessage: clientMessage(request: request, index: Int(argument))
        case .serverSend:
            for _ in 0..<argument { emitMessage(.serverReply, request: request) }
        case .push:
            let actions = sessions.open[request]!.mock.pushDue()
            for action in actions {
                switch action {
                case .send: emitMessage(.serverPush, request: request)
                case .schedulePush(let after): scheduleStep(.push, request: request, at: kernel.now + after)
                default: break
                }
            }
        case .closeDue:
            for case .close(let code, _) in sessions.open[request]!.mock.closeDue() { close(request, code: code.rawValue, by: .server) }
        case .clientClose:
            close(request, code: WebSocketCloseCode.normalClosure.rawValue, by: .client)
        case .serverClose:
            close(request, code: UInt16(truncatingIfNeeded: argument), by: .server)
        }
    }

    private func clientMessage(request: Int64, index messageIndex: Int) {
        let session = sessions.open[request]!
        let script = sessions.scripts[session.template]!
        let now = kernel.now
        let effect = calls.strike(sessions.chaos, index)
        if effect.status != 0 {
            close(request, code: WebSocketCloseCode.abnormalClosure.rawValue, by: .abnormal)
            return
        }
        if effect.hang {
            emitMessage(.clientDropped, request: request, value: Int64(messageIndex))
        } else {
            emitMessage(.clientDelivered, request: request, value: Int64(messageIndex))
            let text = sessions.clientText(template: session.template, index: messageIndex, parameter: session.parameter)
            let actions = sessions.open[request]!.mock.receive(text)
            let replyAt = now + sampler.draw(&rng) + effect.extraDelay
            let sends = actions.reduce(0) { count, action in if case .send = action { return count + 1 }; return count }
            if sends > 0 { scheduleStep(.serverSend, request: request, at: replyAt, argument: Int64(sends)) }
            for case .close(let code, _) in actions {
                scheduleStep(.serverClose, request: request, at: replyAt, argument: Int64(code.rawValue))
            }
        }
        let next = messageIndex + 1
        scheduleStep(next < script.messages.count ? .clientMessage : .clientClose, request: request, at: now + script.every.nanoseconds,
                     argument: next < script.messages.count ? Int64(next) : 0)
    }
}
