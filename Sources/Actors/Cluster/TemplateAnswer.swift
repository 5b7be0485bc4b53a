import Protocols
import Scenarios

/// How one cluster answers one request template in the lab's books: the status of a healthy
/// answer, and how long the call holds a backend beyond the service time (a server-streaming gRPC
/// method streams its messages one interval apart). Both are read from the template's responder,
/// the one that decides what goes on the wire, so the books and the wire come from one decision.
struct TemplateAnswer: Sendable {
    var status: Int16
    var hold: Int64

    /// The answers of `cluster` to every template of the run, by global template index.
    static func table(for cluster: ClusterSpec, templates: [RequestTemplate]) -> [TemplateAnswer] {
        templates.map { template in
            let responder = TemplateResponder(cluster: cluster, template: template)
            return TemplateAnswer(status: responder.bookedStatus, hold: responder.hold)
        }
    }
}

/// The responder of one cluster for one request template — or of the gateway, when no cluster
/// answered — with the template's request filled by the id: where the lab's verdict becomes what
/// goes on the wire. The cluster books its statuses from it, the recorder writes its answers, a
/// daemon sends them.
struct TemplateResponder: Sendable {
    enum Responder: Sendable {
        case http(HTTPResponder, path: PathTemplate)
        case grpc(GRPCResponder)
        case graphql(GraphQLResponder, GraphQLCall, stream: String)
        case websocket(WebSocketResponder)
    }

    let responder: Responder
    let method: String
    /// The status the lab books for an answer the backend serves healthily.
    let bookedStatus: Int16
    /// Nanoseconds the call holds its backend beyond the service time.
    let hold: Int64

    /// The responder of `cluster` (nil: the gateway alone) for `template`.
    init(cluster: ClusterSpec?, template: RequestTemplate) {
        let healthy = cluster?.successStatus ?? 200
        method = template.method
        var hold: Int64 = 0
        switch template.kind {
        case .http:
            let backend = cluster.map { MockHTTPBackend(cluster: $0.name, body: $0.response.body, routePattern: PathPattern(template.path)) }
            responder = .http(HTTPResponder(backend: backend), path: PathTemplate(template.path))
            bookedStatus = Int16(healthy)
        case .grpc(let call):
            var method: MockGRPCMethod?
            if case .grpc(let methods)? = cluster?.mock { method = methods.first { $0.path == call.method } }
            let grpc = GRPCResponder(method: method, cluster: cluster?.name)
            responder = .grpc(grpc)
            bookedStatus = Int16(grpc.bookedStatus(healthy: healthy))
            hold = grpc.hold
        case .graphql(let call):
            var schema: GraphQLMockSchema?
            if case .graphql(let served)? = cluster?.mock { schema = served }
            responder = .graphql(GraphQLResponder(schema: schema), call, stream: "graphql:\(cluster?.name ?? "")")
            bookedStatus = Int16(healthy)
        case .websocket:
            var behaviour: MockWebSocketBehaviour?
            if case .websocket(let served)? = cluster?.mock { behaviour = served }
            responder = .websocket(WebSocketResponder(behaviour: behaviour, cluster: cluster?.name ?? ""))
            bookedStatus = Int16(healthy)
        }
        self.hold = hold
    }

    /// What goes on the wire for the request `parameter` filled, under the lab's `verdict`; the run's
    /// `seed` decides GraphQL's generated data, through the cluster's own named stream
    /// (`graphql:CLUSTER`), so two clusters serving one schema answer with different data.
    func answer(parameter: Int64, verdict: MockVerdict, seed: UInt64) -> MockAnswer {
        switch responder {
        case .http(let http, let path):
            return http.answer(to: HTTPRequest(method: method, path: path.render(id: parameter)), verdict: verdict)
        case .grpc(let grpc):
            return grpc.answer(verdict: verdict)
        case .graphql(let graphql, let call, let stream):
            var data = SeededGenerator(seed: seed, stream: stream)
            return graphql.answer(document: call.document, operationName: call.operationName,
                                  variables: call.variables(filledWith: String(parameter)), seed: data.next(), verdict: verdict)
        case .websocket(let websocket):
            return websocket.answer(verdict: verdict)
        }
    }

    /// Whether the answer to `verdict` depends on the parameter, not only on the verdict.
    func readsRequest(for verdict: MockVerdict) -> Bool {
        switch responder {
        case .http(let http, _): return http.readsRequest(for: verdict)
        case .graphql(let graphql, _, _): return graphql.readsRequest(for: verdict)
        case .grpc, .websocket: return false
        }
    }
}

extension MockVerdict {
    /// The verdict of the lab's books: a status and the outcome behind it.
    @inline(__always)
    init(status: Int16, outcome: Outcome) {
        self.init(status: Int(status), reason: outcome)
    }
}
