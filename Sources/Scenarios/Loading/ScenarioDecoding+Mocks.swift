import Protocols

/// The protocol sections of a cluster: `grpc`, `websocket` and `graphql` mock behaviours.
extension ScenarioDecoding {
    /// The cluster's behaviour: from its protocol section, or HTTP with `response`.
    func mockBehaviour(_ object: ObjectNode, response: HTTPResponseSpec) -> MockBehaviour? {
        let sections = ClusterProtocol.allCases.filter { $0 != .http && object[$0.rawValue] != nil }
        var declared: ClusterProtocol?
        if let node = object["protocol"] { declared = reader.choice(node, object.path("protocol"), ClusterProtocol.self) }
        if object["protocol"] != nil && declared == nil { return nil }
        if sections.count > 1 {
            reader.report(object.location, object.path, "give one protocol section, found \(sections.map(\.rawValue).joined(separator: " and "))")
            return nil
        }
        let kind = declared ?? sections.first ?? .http
        if let section = sections.first, section != kind {
            reader.report(object[section.rawValue]?.location, object.path(section.rawValue),
                          "a \(section.rawValue) section on a cluster whose protocol is \"\(kind.rawValue)\"")
            return nil
        }
        if kind != .http, let node = object["response"] {
            reader.report(node.location, object.path("response"), "only HTTP clusters take a response; a \(kind.rawValue) cluster answers from its \(kind.rawValue) section")
        }
        switch kind {
        case .http:
            return .http(response)
        case .grpc:
            guard let node = object.required("grpc", reader, expected: "the service's methods: { methods: [ { method: \"/pkg.Service/Method\", reply: {...} } ] }") else { return nil }
            return grpcMethods(node, object.path("grpc")).map(MockBehaviour.grpc)
        case .websocket:
            guard let node = object["websocket"] else { return .websocket(MockWebSocketBehaviour()) }
            return webSocketBehaviour(node, object.path("websocket")).map(MockBehaviour.websocket)
        case .graphql:
            guard let node = object.required("graphql", reader, expected: "{ schema: { Query: { ... } } }"),
                  let section = reader.object(node, object.path("graphql"), known: ["schema"]),
                  let schemaNode = section.required("schema", reader, expected: "the types the backend serves, with a Query type")
            else { return nil }
            return graphQLSchema(schemaNode, section.path("schema")).map(MockBehaviour.graphql)
        }
    }

    // MARK: gRPC

    func grpcMethods(_ node: JSON5Node, _ path: String) -> [MockGRPCMethod]? {
        guard let section = reader.object(node, path, known: ["methods"]),
              let listNode = section.required("methods", reader, expected: "an array of methods"),
              let elements = reader.array(listNode, section.path("methods")) else { return nil }
        var methods: [MockGRPCMethod] = []
        for (index, element) in elements.enumerated() {
            let itemPath = "\(section.path("methods"))[\(index)]"
            guard let method = grpcMethod(element, itemPath) else { continue }
            if methods.contains(where: { $0.path == method.path }) {
                reader.report(element.location, itemPath + ".method", "method \(method.path) is declared twice")
                continue
            }
            methods.append(method)
        }
        return methods.count == elements.count ? methods : nil
    }

    func grpcMethod(_ node: JSON5Node, _ path: String) -> MockGRPCMethod? {
        guard let object = reader.object(node, path, known: ["method", "reply", "replyBase64", "stream", "status", "message"]) else { return nil }
        let methodPath = object.required("method", reader, expected: "a method path like \"/shop.v1.Catalog/GetItem\"").flatMap { node -> GRPCMethodPath? in
            guard let text = reader.string(node, object.path("method")) else { return nil }
            guard let parsed = GRPCMethodPath(text) else {
                reader.report(node.location, object.path("method"), "expected a method path like \"/shop.v1.Catalog/GetItem\", found \"\(text)\"")
                return nil
            }
            return parsed
        }
        var reply = MockGRPCMethod.Reply.bytes([])
        switch (object["reply"], object["replyBase64"]) {
        case (.some, .some):
            reader.report(object.location, path, "give reply or replyBase64, not both")
            return nil
        case (.some(let described), .none):
            do {
                _ = try ProtobufWire.encode(described.jsonValue)
                reply = .described(described.jsonValue)
            } catch {
                reader.report(described.location, object.path("reply"), "\(error)")
                return nil
            }
        case (.none, .some(let encoded)):
            guard let text = reader.string(encoded, object.path("replyBase64"), nonEmpty: false) else { return nil }
            guard let bytes = Base64.decode(text) else {
                reader.report(encoded.location, object.path("replyBase64"), "expected padded base64, found \"\(text)\"")
                return nil
            }
            reply = .bytes(bytes)
        case (.none, .none):
            break
        }
        var count = 1
        var interval = TimeSpan.zero
        if let streamNode = object["stream"] {
            guard let stream = reader.object(streamNode, object.path("stream"), known: ["count", "every"]) else { return nil }
            guard let messages = stream.required("count", reader, expected: "how many messages the method streams").flatMap({
                reader.integer($0, stream.path("count"), in: 1...100_000, expected: "a message count from 1 to 100000")
            }) else { return nil }
            count = messages
            if let every = stream["every"] {
                guard let span = reader.duration(every, stream.path("every")) else { return nil }
                interval = span
            }
        }
        var status = GRPCStatus.ok
        if let statusNode = object["status"] {
            guard let text = statusText(statusNode, object.path("status")) else { return nil }
            guard let code = GRPCStatusCode(name: text) else {
                reader.report(statusNode.location, object.path("status"),
                              "expected a gRPC status name like \"UNAVAILABLE\" or a code from 0 to 16, found \"\(text)\"")
                return nil
            }
            status.code = code
        }
        if let messageNode = object["message"] {
            guard let text = reader.string(messageNode, object.path("message"), nonEmpty: false) else { return nil }
            status.message = text
        }
        guard let methodPath else { return nil }
        return MockGRPCMethod(path: methodPath, reply: reply, messageCount: count, streamInterval: interval.nanoseconds, status: status)
    }

    private func statusText(_ node: JSON5Node, _ path: String) -> String? {
        if case .number = node.value {
            return reader.integer(node, path, in: 0...16, expected: "a gRPC status code from 0 to 16").map(String.init)
        }
        return reader.string(node, path)
    }

    // MARK: WebSocket

    func webSocketBehaviour(_ node: JSON5Node, _ path: String) -> MockWebSocketBehaviour? {
        guard let object = reader.object(node, path, known: ["echo", "onConnect", "replies", "push", "close"]) else { return nil }
        var behaviour = MockWebSocketBehaviour()
        var valid = true
        if let echo = object["echo"] {
            if let flag = reader.bool(echo, object.path("echo")) { behaviour.echo = flag } else { valid = false }
        }
        if let list = object["onConnect"] {
            if let texts = strings(list, object.path("onConnect")) { behaviour.onConnect = texts } else { valid = false }
        }
        if let list = object["replies"], let elements = reader.array(list, object.path("replies")) {
            for (index, element) in elements.enumerated() {
                let itemPath = "\(object.path("replies"))[\(index)]"
                guard let reply = reader.object(element, itemPath, known: ["match", "send"]),
                      let match = reply.required("match", reader, expected: "a glob over the message, like \"subscribe {topic}\"").flatMap({ reader.string($0, reply.path("match")) }),
                      let send = reply.required("send", reader, expected: "an array of messages to send").flatMap({ strings($0, reply.path("send")) })
                else { valid = false; continue }
                behaviour.replies.append(.init(match: match, send: send))
            }
        } else if object["replies"] != nil {
            valid = false
        }
        if let pushNode = object["push"] {
            if let push = reader.object(pushNode, object.path("push"), known: ["every", "text"]),
               let every = push.required("every", reader, expected: "a duration like \"1s\"").flatMap({ reader.duration($0, push.path("every"), allowZero: false) }),
               let text = push.required("text", reader, expected: "the text to push, like \"tick {seq}\"").flatMap({ reader.string($0, push.path("text"), nonEmpty: false) }) {
                behaviour.push = .init(every: every.nanoseconds, text: text)
            } else {
                valid = false
            }
        }
        if let closeNode = object["close"] {
            if let close = webSocketClose(closeNode, object.path("close")) { behaviour.close = close } else { valid = false }
        }
        return valid ? behaviour : nil
    }

    private func webSocketClose(_ node: JSON5Node, _ path: String) -> MockWebSocketBehaviour.Close? {
        guard let object = reader.object(node, path, known: ["afterMessages", "after", "code", "reason"]) else { return nil }
        var close = MockWebSocketBehaviour.Close()
        if let count = object["afterMessages"] {
            guard let value = reader.integer(count, object.path("afterMessages"), in: 1...1_000_000, expected: "a message count from 1 up") else { return nil }
            close.afterMessages = value
        }
        if let after = object["after"] {
            guard let span = reader.duration(after, object.path("after"), allowZero: false) else { return nil }
            close.after = span.nanoseconds
        }
        if close.afterMessages == nil && close.after == nil {
            reader.report(object.location, path, "say when the server closes: afterMessages, after, or both")
            return nil
        }
        if let codeNode = object["code"] {
            guard let value = reader.integer(codeNode, object.path("code"), in: 1000...4999, expected: "a close code") else { return nil }
            let code = WebSocketCloseCode(UInt16(value))
            guard code.canBeSent else {
                reader.report(codeNode.location, object.path("code"),
                              "code \(value) is never sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999")
                return nil
            }
            close.code = code
        }
        if let reasonNode = object["reason"] {
            guard let reason = reader.string(reasonNode, object.path("reason"), nonEmpty: false) else { return nil }
            guard reason.utf8.count <= 123 else {
                reader.report(reasonNode.location, object.path("reason"), "a close reason fits 123 bytes; this one has \(reason.utf8.count)")
                return nil
            }
            close.reason = reason
        }
        return close
    }

    func strings(_ node: JSON5Node, _ path: String) -> [String]? {
        guard let elements = reader.array(node, path) else { return nil }
        let texts = elements.enumerated().compactMap { index, element in reader.string(element, "\(path)[\(index)]", nonEmpty: false) }
        return texts.count == elements.count ? texts : nil
    }
}
