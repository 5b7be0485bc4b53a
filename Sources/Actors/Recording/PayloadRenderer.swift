import Protocols
import Recorder
import Scenarios

/// Renders what each recorded exchange carried on the wire, from the scenario alone: the mocks
/// are pure, so the recorder can rebuild every payload off the simulation's thread. Bodies are
/// cached by what decides them (cluster, template, parameter, status, outcome) and written once.
struct PayloadRenderer {
    struct Key: Hashable {
        var cluster: Int32
        var template: Int32
        var parameter: Int64
        var status: Int16
        var outcome: Int32
    }

    /// What an exchange row adds to the lab's own status.
    struct Rendered {
        var wireStatus: Int
        var protocolStatus: Int?
        var body: Body?
    }

    let scenario: Scenario
    let templates: [RequestTemplate]
    let seed: UInt64
    private let executors: [GraphQLExecutor?]
    private let backends: [[MockHTTPBackend]]
    typealias Entry = (wireStatus: Int, protocolStatus: Int?, bodyID: Int64?)
    /// Bodies that depend on the request's id, by everything that decides them.
    private var cache: [Key: Entry] = [:]
    /// Bodies that do not: per (cluster + 1, template), a short list by (status, outcome).
    private var fixed: [[[(status: Int16, outcome: Int32, entry: Entry)]]]
    /// Per (cluster + 1, template): whether a healthy answer's body depends on the id.
    private let dependsOnParameter: [[Bool]]
    static let cacheLimit = 100_000

    init(scenario: Scenario, templates: [RequestTemplate], seed: UInt64) {
        self.scenario = scenario
        self.templates = templates
        self.seed = seed
        executors = scenario.clusters.map { cluster in
            if case .graphql(let schema) = cluster.mock { return GraphQLExecutor(schema: schema, seed: seed) }
            return nil
        }
        backends = scenario.clusters.map { cluster in
            templates.map { MockHTTPBackend(cluster: cluster.name, body: cluster.response.body, routePattern: PathPattern($0.path)) }
        }
        let fixedNames: Set<String> = ["cluster", "status", "method"]
        dependsOnParameter = [templates.map { _ in false }] + scenario.clusters.map { cluster in
            templates.map { template in
                switch template.kind {
                case .http: return !PathTemplate(cluster.response.body).placeholders.allSatisfy(fixedNames.contains)
                case .graphql: return true
                case .grpc, .websocket: return false
                }
            }
        }
        fixed = Array(repeating: Array(repeating: [], count: templates.count), count: scenario.clusters.count + 1)
    }

    /// The request body a template sends, with `RecordingSchema.parameterMark` for the parameter.
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

    /// The wire status, protocol status and body id of an exchange, writing a new body when needed.
    mutating func render(cluster: Int?, template: Int, parameter: Int64, status: Int, outcome: Outcome,
                         writer: RecordingWriter) throws -> (wireStatus: Int, protocolStatus: Int?, bodyID: Int64?) {
        let row = (cluster ?? -1) + 1
        // An HTTP error body names only the status; a GraphQL answer always follows its variables.
        let keyed = dependsOnParameter[row][template] && (status < 400 || templates[template].kind.protocolKind == .graphql)
        let key = Key(cluster: Int32(cluster ?? -1), template: Int32(template), parameter: parameter, status: Int16(status), outcome: outcome.rawValue)
        if keyed {
            if let known = cache[key] { return known }
        } else {
            for known in fixed[row][template] where known.status == Int16(status) && known.outcome == outcome.rawValue { return known.entry }
        }
        let rendered = render(cluster: cluster, template: templates[template], templateIndex: template, parameter: parameter, status: status, outcome: outcome)
        let bodyID = try rendered.body.map { try writer.writeBody($0) }
        let entry = (rendered.wireStatus, rendered.protocolStatus, bodyID)
        if keyed {
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = entry
        } else {
            fixed[row][template].append((Int16(status), outcome.rawValue, entry))
        }
        return entry
    }

    private func render(cluster: Int?, template: RequestTemplate, templateIndex: Int, parameter: Int64, status: Int, outcome: Outcome) -> Rendered {
        let gateway = cluster == nil || outcome == .timeout || outcome == .serviceUnavailable || outcome == .circuitBreaker
        let path = PathTemplate(template.path).render(id: parameter)
        func httpBody(_ cluster: Int) -> Body? {
            let response = backends[cluster][templateIndex].respond(to: HTTPRequest(method: template.method, path: path), status: status)
            return response.body.isEmpty ? nil : .text(response.bodyText)
        }
        func gatewayError() -> Body {
            .text("{\"error\":{\"code\":\"\(status)\",\"message\":\"\(HTTPResponse.reason(for: status))\"}}")
        }
        switch template.kind {
        case .http:
            return Rendered(wireStatus: status, body: gateway || cluster == nil ? gatewayError() : httpBody(cluster!))
        case .websocket:
            if status == 101 { return Rendered(wireStatus: 101) }
            return Rendered(wireStatus: status, body: gatewayError())
        case .grpc(let call):
            var code = ProtocolStatus.grpcCode(status: Int16(status), outcome: outcome)
            var message = code == .ok ? "" : HTTPResponse.reason(for: status)
            var method: MockGRPCMethod?
            if let cluster, case .grpc(let methods) = scenario.clusters[cluster].mock {
                method = methods.first { $0.path == call.method }
            }
            if let configured = method?.status, configured.code != .ok, !gateway, outcome == .ok || outcome == .internalError,
               configured.code.httpStatus == status {
                code = configured.code
                message = configured.message
            }
            if outcome == .timeout { message = "deadline exceeded" }
            let failure = code == .ok ? nil : GRPCStatus(code, message)
            let body: [UInt8]
            if let method, let cluster {
                body = method.webResponseBody(cluster: scenario.clusters[cluster].name, failure: failure)
            } else {
                body = GRPCFrame.webResponseBody(messages: [], status: failure ?? .ok)
            }
            return Rendered(wireStatus: 200, protocolStatus: Int(code.rawValue), body: .bytes(body))
        case .graphql(let call):
            if gateway {
                let code = HTTPResponse.reason(for: status).uppercased().replacingOccurrences(of: " ", with: "_")
                let error = GraphQLError(HTTPResponse.reason(for: status), code: code)
                return Rendered(wireStatus: status, protocolStatus: 1, body: .text(GraphQLResponse(data: nil, errors: [error]).text))
            }
            guard let cluster, let executor = executors[cluster] else { return Rendered(wireStatus: status) }
            let variables = call.variables(filledWith: String(parameter))
            var failure: (message: String, code: String)?
            if status >= 500 {
                let reason = HTTPResponse.reason(for: status)
                failure = ("upstream answered \(status) \(reason)", reason.uppercased().replacingOccurrences(of: " ", with: "_"))
            }
            let response = executor.execute(document: call.document, operationName: call.operationName, variables: variables, failure: failure)
            return Rendered(wireStatus: 200, protocolStatus: response.errors.count, body: .text(response.text))
        }
    }
}
