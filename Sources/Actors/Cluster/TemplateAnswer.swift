import Protocols
import Scenarios

/// How one cluster answers one request template: the status of a healthy answer in the lab's
/// books, and how long the call holds a backend beyond the service time (a server-streaming gRPC
/// method streams its messages one interval apart).
struct TemplateAnswer: Sendable {
    var status: Int16
    var hold: Int64

    /// The answers of `cluster` to every template of the run, by global template index.
    static func table(for cluster: ClusterSpec, templates: [RequestTemplate]) -> [TemplateAnswer] {
        let healthy = Int16(cluster.successStatus)
        return templates.map { template in
            guard case .grpc(let call) = template.kind, case .grpc(let methods) = cluster.mock,
                  let method = methods.first(where: { $0.path == call.method }) else {
                return TemplateAnswer(status: healthy, hold: 0)
            }
            let status = method.status.code == .ok ? healthy : Int16(method.status.code.httpStatus)
            let hold = method.status.code == .ok ? Int64(method.messageCount - 1) * method.streamInterval : 0
            return TemplateAnswer(status: status, hold: hold)
        }
    }
}
