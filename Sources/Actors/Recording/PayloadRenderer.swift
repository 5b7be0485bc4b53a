import Protocols
import Recorder
import Scenarios

/// The wire columns of exchange rows: the responder of each (cluster, template) — the one the
/// cluster booked its statuses from — called with exactly the verdict the event carries. Bodies
/// are cached by what decides them (the verdict, and the parameter when the responder reads the
/// request) and written once per distinct key, so the recorder's thread pays for each body once.
struct PayloadRenderer {
    struct Key: Hashable {
        var cluster: Int32
        var template: Int32
        var parameter: Int64
        var status: Int16
        var outcome: Int32
        /// The chaos window that shaped the answer (a cut, a gRPC status, failed GraphQL fields), or -1.
        var window: Int32 = -1
    }

    let scenario: Scenario
    let templates: [RequestTemplate]
    let seed: UInt64
    /// Per (cluster + 1, template): row 0 is the gateway's, for requests no cluster admitted.
    private let responders: [[TemplateResponder]]
    typealias Entry = (wireStatus: Int, protocolStatus: Int?, bodyID: Int64?)
    /// Answers that read the request, by everything that decides them.
    private var cache: [Key: Entry] = [:]
    /// Answers that do not: per (cluster + 1, template), a short list by (status, outcome).
    private var fixed: [[[(status: Int16, outcome: Int32, entry: Entry)]]]
    static let cacheLimit = 100_000

    init(scenario: Scenario, templates: [RequestTemplate], seed: UInt64) {
        self.scenario = scenario
        self.templates = templates
        self.seed = seed
        responders = ([nil] + scenario.clusters.map(Optional.some)).map { cluster in
            templates.map { TemplateResponder(cluster: cluster, template: $0) }
        }
        fixed = Array(repeating: Array(repeating: [], count: templates.count), count: scenario.clusters.count + 1)
    }

    /// The request body a template sends, with `RecordingSchema.parameterMark` for the parameter.
    /// Stores an answer's body, if it has one, and gives its id.
    private static func write(_ body: MockAnswer.Body, to writer: RecordingWriter) throws -> Int64? {
        switch body {
        case .none: return nil
        case .text(let text): return try writer.writeBody(.text(text))
        case .bytes(let bytes): return try writer.writeBody(.bytes(bytes))
        }
    }

    static func requestFill(_ template: RequestTemplate) -> String? {
        let mark = [(name: "id", value: RecordingSchema.parameterMark)]
        func filled(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text): return .string(BodyTemplate(text).render(mark))
            case .array(let items): return .array(items.map(filled))
            case .object(let members): return .object(members.map { JSONMember($0.key, filled($0.value)) })
            default: return value
            }
        }
        switch template.kind {
        case .http: return nil
        case .grpc(let call): return filled(call.message).text
        case .websocket(let script): return filled(.array(script.messages.map(JSONValue.string))).text
        case .graphql(let call):
            // A variable filled as a number shows as the bare number: drop the quotes around its mark.
            let mark = RecordingSchema.parameterMark
            var text = call.body(parameter: mark).text
            for member in call.variables(filledWith: "1") {
                guard case .int = member.value else { continue }
                var key = ""
                JSONValue.writeString(member.key, to: &key)
                text = text.replacingOccurrences(of: key + ":\"" + mark + "\"", with: key + ":" + mark)
            }
            return text
        }
    }

    /// The wire status, protocol status and body id of an exchange, writing a new body when needed;
    /// `window` is the chaos window that struck the attempt, if any (-1), for the answers a window
    /// shapes beyond its verdict (see `ChaosAnswerShape`).
    mutating func render(cluster: Int?, template: Int, parameter: Int64, status: Int, outcome: Outcome, window: Int32 = -1,
                         writer: RecordingWriter) throws -> (wireStatus: Int, protocolStatus: Int?, bodyID: Int64?) {
        let row = (cluster ?? -1) + 1
        let verdict = MockVerdict(status: Int16(status), outcome: outcome)
        if let cluster, window >= 0 || outcome == .truncated, let (shaping, shape) = shapingWindow(window, cluster: cluster, outcome: outcome) {
            return try shaped(shape, cluster: cluster, template: template, parameter: parameter, verdict: verdict, window: shaping, writer: writer)
        }
        let keyed = responders[row][template].readsRequest(for: verdict)
        let key = Key(cluster: Int32(cluster ?? -1), template: Int32(template), parameter: parameter, status: Int16(status), outcome: outcome.rawValue)
        if keyed {
            if let known = cache[key] { return known }
        } else {
            for known in fixed[row][template] where known.status == Int16(status) && known.outcome == outcome.rawValue { return known.entry }
        }
        let answer = responders[row][template].answer(parameter: parameter, verdict: verdict, seed: seed)
        let bodyID = try Self.write(answer.body, to: writer)
        let entry = (answer.wireStatus, answer.protocolStatus, bodyID)
        if keyed {
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = entry
        } else {
            fixed[row][template].append((Int16(status), outcome.rawValue, entry))
        }
        return entry
    }

    /// The window that shaped the answer: the one that struck the attempt at send, or — for a cut
    /// that window did not make (a backend's window strikes after the send) — the first
    /// `limit_data` window on the cluster.
    private func shapingWindow(_ window: Int32, cluster: Int, outcome: Outcome) -> (Int32, ChaosAnswerShape)? {
        if window >= 0, let shape = ChaosAnswerShape(scenario.chaos[Int(window)].fault.kind, outcome: outcome) { return (window, shape) }
        guard outcome == .truncated else { return nil }
        let name = scenario.clusters[cluster].name
        for (i, chaos) in scenario.chaos.enumerated() where chaos.target.cluster == name {
            if let shape = ChaosAnswerShape(chaos.fault.kind, outcome: outcome) { return (Int32(i), shape) }
        }
        return nil
    }

    /// An answer a chaos window shaped: rendered as the verdict says, then cut, or given the
    /// window's gRPC status, or executed against the schema with the window's fields failing.
    private mutating func shaped(_ shape: ChaosAnswerShape, cluster: Int, template: Int, parameter: Int64, verdict: MockVerdict,
                                 window: Int32, writer: RecordingWriter) throws -> Entry {
        var responder = responders[cluster + 1][template]
        if case .failing(let fields, let message) = shape, case .graphql(let schema) = scenario.clusters[cluster].mock {
            var spec = scenario.clusters[cluster]
            spec.mock = .graphql(schema.failing(fields, message: message))
            responder = TemplateResponder(cluster: spec, template: templates[template])
        }
        let key = Key(cluster: Int32(cluster), template: Int32(template), parameter: responder.readsRequest(for: verdict) ? parameter : 0,
                      status: Int16(verdict.status), outcome: verdict.reason.rawValue, window: window)
        if let known = cache[key] { return known }
        var answer = responder.answer(parameter: parameter, verdict: verdict, seed: seed)
        switch shape {
        case .cut(let bytes): answer.body = .bytes(Array(answer.bodyBytes.prefix(bytes)))
        case .grpcStatus(let status): answer.grpcStatus = status; answer.body = .bytes(GRPCFrame.webResponseBody(messages: [], status: status))
        case .failing: break
        }
        let bodyID = try Self.write(answer.body, to: writer)
        let entry = (answer.wireStatus, answer.protocolStatus, bodyID)
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[key] = entry
        return entry
    }
}

/// What a chaos window changes in the answer a client sees, beyond the verdict in the books: a
/// `limit_data` cut (outcome `truncated`), a gRPC fault's status and message, a GraphQL fault's
/// failed fields (outcome `chaos`).
enum ChaosAnswerShape {
    case cut(bytes: Int)
    case grpcStatus(GRPCStatus)
    case failing(fields: [String], message: String)

    init?(_ kind: ChaosFaultKind, outcome: Outcome) {
        switch (kind, outcome) {
        case (.limitData(let bytes), .truncated): self = .cut(bytes: bytes)
        case (.grpc(let code, let message), .chaos): self = .grpcStatus(GRPCStatus(code, message))
        case (.graphql(let fields, let message), .chaos): self = .failing(fields: fields, message: message)
        default: return nil
        }
    }
}

extension GraphQLMockSchema {
    /// The schema with the fields named `Type.field` failing with `message`.
    func failing(_ fields: [String], message: String) -> GraphQLMockSchema {
        GraphQLMockSchema(types: types.map { type in
            guard case .object(let declared) = type.definition else { return type }
            return (type.name, .object(declared.map { field in
                var field = field
                if fields.contains("\(type.name).\(field.name)") { field.failure = message }
                return field
            }))
        })
    }
}
