import Protocols
import Scenarios

/// Rebuilds the text of every WebSocket message from the session events: the recorder replays
/// each session's mock behaviour with the same calls in the same order as the cluster made
/// them (receive on a delivered message, pushDue on a push), so the texts come out identical.
struct SessionTranscripts {
    struct Transcript {
        var mock: MockWebSocketSession
        var template: Int
        var parameter: Int64
        var replies: [String] = []
        var onConnect: [String] = []
    }

    /// A line of the transcript, as `ws_messages` stores it.
    struct Line {
        var direction: String
        var kind: String
        var text: String
    }

    let clusters: [ClusterSpec]
    let templates: [RequestTemplate]
    private var opened: [Int64: (template: Int, parameter: Int64)] = [:]
    private var transcripts: [Int64: Transcript] = [:]

    init(clusters: [ClusterSpec], templates: [RequestTemplate]) {
        self.clusters = clusters
        self.templates = templates
    }

    /// A handshake completed with 101: the session's events follow.
    mutating func handshakeSucceeded(request: Int64, template: Int, parameter: Int64) {
        guard case .websocket = templates[template].kind else { return }
        opened[request] = (template, parameter)
    }

    /// The line a message event stands for.
    mutating func message(cluster: Int32, request: Int64, kind: SessionMessageKind, messageIndex: Int64) -> Line? {
        guard var transcript = transcript(cluster: cluster, request: request) else { return nil }
        defer { transcripts[request] = transcript }
        switch kind {
        case .clientDelivered, .clientDropped:
            guard case .websocket(let script) = templates[transcript.template].kind, script.messages.indices.contains(Int(messageIndex)) else { return nil }
            let text = BodyTemplate(script.messages[Int(messageIndex)]).render([("id", String(transcript.parameter))])
            if kind == .clientDropped { return Line(direction: "in", kind: "dropped", text: text) }
            for case .send(let reply) in transcript.mock.receive(text) { transcript.replies.append(reply) }
            return Line(direction: "in", kind: "message", text: text)
        case .serverReply:
            guard !transcript.replies.isEmpty else { return nil }
            return Line(direction: "out", kind: "reply", text: transcript.replies.removeFirst())
        case .serverPush:
            for case .send(let text) in transcript.mock.pushDue() { return Line(direction: "out", kind: "push", text: text) }
            return nil
        case .serverOnConnect:
            guard !transcript.onConnect.isEmpty else { return nil }
            return Line(direction: "out", kind: "connect", text: transcript.onConnect.removeFirst())
        }
    }

    /// The session ended: its transcript is done.
    mutating func closed(request: Int64) {
        transcripts.removeValue(forKey: request)
        opened.removeValue(forKey: request)
    }

    private mutating func transcript(cluster: Int32, request: Int64) -> Transcript? {
        if let existing = transcripts[request] { return existing }
        guard let start = opened[request], clusters.indices.contains(Int(cluster)),
              case .websocket(let behaviour) = clusters[Int(cluster)].mock else { return nil }
        var transcript = Transcript(mock: MockWebSocketSession(behaviour: behaviour, cluster: clusters[Int(cluster)].name),
                                    template: start.template, parameter: start.parameter)
        for case .send(let text) in transcript.mock.connected() { transcript.onConnect.append(text) }
        return transcript
    }
}
