/// What a GraphQL backend answers for the lab's verdict (GraphQL over HTTP): the operation
/// executed against the mock schema, in a 200 answer — a backend's failure (a 5xx in the lab's
/// books) travels inside it as errors on every root field, with `data` kept per the spec — or,
/// when no backend answered, the gateway's answer: the status on the wire and one error naming
/// it, with no `data`.
public struct GraphQLResponder: Sendable {
    /// The schema the backend serves; nil when the cluster has none (or no cluster answered).
    public let schema: GraphQLMockSchema?

    public init(schema: GraphQLMockSchema?) {
        self.schema = schema
    }

    /// The answer to an operation; `seed` decides the generated data (a pure function of it and
    /// each field's path), so every answer of a run agrees on the same user.
    public func answer(document: GraphQLDocument, operationName: String?, variables: [JSONMember], seed: UInt64,
                       verdict: MockVerdict) -> MockAnswer {
        if verdict.byGateway {
            let error = GraphQLError(HTTPResponse.reason(for: verdict.status), code: Self.errorCode(verdict.status))
            return MockAnswer(wireStatus: verdict.status, headers: Self.headers,
                              body: .text(GraphQLResponse(data: nil, errors: [error]).text), graphQLErrors: 1)
        }
        guard let schema else { return MockAnswer(wireStatus: verdict.status) }
        var failure: (message: String, code: String)?
        if verdict.status >= 500 {
            failure = ("upstream answered \(verdict.status) \(HTTPResponse.reason(for: verdict.status))", Self.errorCode(verdict.status))
        }
        let response = GraphQLExecutor(schema: schema, seed: seed)
            .execute(document: document, operationName: operationName, variables: variables, failure: failure)
        return MockAnswer(wireStatus: 200, headers: Self.headers, body: .text(response.text), graphQLErrors: response.errors.count)
    }

    /// Whether the answer to `verdict` depends on the request (its variables), not only on the
    /// verdict: every answer the backend executes. What a cache of answers keys on.
    public func readsRequest(for verdict: MockVerdict) -> Bool { schema != nil && !verdict.byGateway }

    /// `SERVICE_UNAVAILABLE` for 503: the reason phrase as an error code.
    static func errorCode(_ status: Int) -> String {
        HTTPResponse.reason(for: status).uppercased().replacingOccurrences(of: " ", with: "_")
    }

    static let headers: HTTPHeaders = [("content-type", "application/graphql-response+json")]
}
