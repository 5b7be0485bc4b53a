/// How a mock backend answers one gRPC method: with messages (unary: one; server streaming:
/// several, one per interval) and a final status, or with an error status alone.
public struct MockGRPCMethod: Sendable, Equatable {
    public enum Reply: Sendable, Equatable {
        /// Messages built from a JSON description (strings may hold `{variables}`).
        case described(JSONValue)
        /// Messages given as raw bytes.
        case bytes([UInt8])
    }

    public var path: GRPCMethodPath
    public var reply: Reply
    /// How many messages the method streams; 1 for unary.
    public var messageCount: Int
    /// The virtual time between streamed messages, in nanoseconds.
    public var streamInterval: Int64
    /// The status the call ends with (OK unless the mock fails on purpose).
    public var status: GRPCStatus

    public init(path: GRPCMethodPath, reply: Reply = .bytes([]), messageCount: Int = 1, streamInterval: Int64 = 0,
                status: GRPCStatus = .ok) {
        self.path = path
        self.reply = reply
        self.messageCount = messageCount
        self.streamInterval = streamInterval
        self.status = status
    }

    public var isStreaming: Bool { messageCount > 1 }

    /// The payload of message `index` (0-based): the description with `{index}`, `{cluster}`,
    /// `{service}` and `{method}` filled in, encoded as protobuf.
    public func message(index: Int, cluster: String) -> [UInt8] {
        switch reply {
        case .bytes(let bytes):
            return bytes
        case .described(let description):
            let variables = [(name: "index", value: String(index)), (name: "cluster", value: cluster),
                             (name: "service", value: path.service), (name: "method", value: path.method)]
            return (try? ProtobufWire.encode(Self.fill(description, variables))) ?? []
        }
    }

    /// The whole answer as a gRPC-Web body when the call succeeds, or the trailers alone
    /// (with `status`) when the simulation failed it.
    public func webResponseBody(cluster: String, failure: GRPCStatus? = nil) -> [UInt8] {
        if let failure { return GRPCFrame.webResponseBody(messages: [], status: failure) }
        if status.code != .ok { return GRPCFrame.webResponseBody(messages: [], status: status) }
        let messages = (0..<messageCount).map { message(index: $0, cluster: cluster) }
        return GRPCFrame.webResponseBody(messages: messages, status: status)
    }

    static func fill(_ value: JSONValue, _ variables: [(name: String, value: String)]) -> JSONValue {
        switch value {
        case .string(let text): return .string(BodyTemplate(text).render(variables))
        case .array(let items): return .array(items.map { fill($0, variables) })
        case .object(let members): return .object(members.map { JSONMember($0.key, fill($0.value, variables)) })
        default: return value
        }
    }
}
