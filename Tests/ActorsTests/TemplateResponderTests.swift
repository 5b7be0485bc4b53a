import Foundation
import Testing
@testable import Actors
import Protocols
import Scenarios

/// The cluster's books and the wire come from one responder per (cluster, template).
@Suite struct TemplateResponderTests {
    @Test func test_outcomeLabelsAreTheRecordedAndExportedNames() {
        // Outcome is the responders' verdict reason itself; its labels name errors_total{type} and
        // the recording's outcomes table, so they must not drift.
        #expect(Outcome.allCases.map(\.label) == ["ok", "internal", "chaos", "service_unavailable", "timeout", "circuit_breaker",
                                                    "overflow", "rate_limit", "reset", "refused", "protocol_error", "truncated", "cancelled"])
        #expect(Outcome.allCases.map(\.rawValue) == Array(0...12))
        #expect(MockVerdict(status: 503, outcome: .chaos) == MockVerdict(status: 503, reason: .chaos))
    }

    @Test func test_theBooksAreTheRespondersBookedStatusAndHold() {
        let ms: Int64 = 1_000_000
        let list = GRPCMethodPath("/shop.Catalog/List")!, old = GRPCMethodPath("/shop.Catalog/Old")!
        let methods = [MockGRPCMethod(path: list, messageCount: 5, streamInterval: 20 * ms),
                       MockGRPCMethod(path: old, status: GRPCStatus(.unimplemented, "gone"))]
        let rpc = ClusterSpec(name: "rpc", backends: 1, concurrency: 1, latency: .constant(.milliseconds(1)), mock: .grpc(methods))
        let templates = [list, old].map { RequestTemplate(method: "POST", path: $0.description, kind: .grpc(GRPCCall(method: $0))) }
        let books = TemplateAnswer.table(for: rpc, templates: templates)
        #expect(books.map(\.status) == [200, 501] && books.map(\.hold) == [80 * ms, 0])
        // What the books hold for the retired method goes on the wire as its configured status.
        let answer = TemplateResponder(cluster: rpc, template: templates[1]).answer(parameter: 1, verdict: .init(status: 501, outcome: .internalError), seed: 1)
        #expect(answer.grpcStatus == GRPCStatus(.unimplemented, "gone") && answer.wireStatus == 200)
        let web = ClusterSpec(name: "web", backends: 1, concurrency: 1, latency: .constant(.milliseconds(1)))
        #expect(TemplateAnswer.table(for: web, templates: [RequestTemplate(path: "/x")]).map(\.status) == [Int16(web.successStatus)])
    }

    @Test func test_graphQLDataDrawsFromTheClustersOwnStream() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scenarios/graphql-social.json5").path
        let scenario = try ScenarioLoader.load(path: path)
        let served = try #require(scenario.clusters.first { if case .graphql = $0.mock { return true } else { return false } })
        var twin = served
        twin.name = served.name + "-twin"
        let template = try #require(scenario.traffic.flatMap(\.mix).first { if case .graphql = $0.kind { return true } else { return false } })
        let ok = MockVerdict.ok(200)
        func body(_ cluster: ClusterSpec, seed: UInt64) -> [UInt8] {
            TemplateResponder(cluster: cluster, template: template).answer(parameter: 7, verdict: ok, seed: seed).bodyBytes
        }
        #expect(body(served, seed: 3) == body(served, seed: 3), "the same run, the same data")
        #expect(body(served, seed: 3) != body(twin, seed: 3), "one schema on two clusters: two streams")
        #expect(body(served, seed: 3) != body(served, seed: 4), "another seed, other data")
    }
}
