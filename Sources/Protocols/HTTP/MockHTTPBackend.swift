/// The behaviour of a mock HTTP backend: what it answers to a request, given the status the
/// simulation decided. Pure; `HTTPResponder` turns the lab's verdict into its answer.
public struct MockHTTPBackend: Sendable {
    public let cluster: String
    public let body: BodyTemplate
    public let routePattern: PathPattern?

    public init(cluster: String, body: String, routePattern: PathPattern? = nil) {
        self.cluster = cluster
        self.body = BodyTemplate(body)
        self.routePattern = routePattern
        readsRequest = !self.body.variables.allSatisfy(Self.requestFree.contains)
    }

    /// Whether a healthy body reads the request (path captures, `{path}`), beyond the cluster,
    /// status and method: such bodies differ per request, the others are the same for a status.
    public let readsRequest: Bool
    private static let requestFree: Set<String> = ["cluster", "status", "method"]

    /// The response to `request`: the body template filled with the path's captures, the
    /// cluster's name and the status; error statuses carry a JSON error body instead.
    public func respond(to request: HTTPRequest, status: Int) -> HTTPResponse {
        let headers: HTTPHeaders = [("content-type", "application/json")]
        if status >= 400 {
            return HTTPResponse(status: status, headers: headers, text: MockAnswer.errorBody(status: status))
        }
        var variables: [(name: String, value: String)] = routePattern?.captures(request.path) ?? []
        variables.append(("cluster", cluster))
        variables.append(("status", String(status)))
        variables.append(("path", request.path))
        variables.append(("method", request.method))
        return HTTPResponse(status: status, headers: headers, text: body.render(variables))
    }
}
