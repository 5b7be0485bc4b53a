import Testing
import Protocols
@testable import Scenarios

/// Protocol sections and protocol traffic: what loads, and the errors a wrong one gets.
@Suite struct ProtocolValidationTests {
    static let base = """
    {
      name: "p", duration: "10s",
      clusters: [
        { name: "rpc", protocol: "grpc", latency: { dist: "constant", value: "5ms" },
          grpc: { methods: [ { method: "/shop.Catalog/Get", reply: { "1": "x" } }, { method: "/shop.Catalog/List", stream: { count: 3, every: "10ms" } } ] } },
        { name: "ws", websocket: { replies: [ { match: "ping", send: ["pong"] } ], close: { afterMessages: 2, code: 4000 } }, latency: { dist: "constant", value: "1ms" } },
        { name: "gql", protocol: "graphql", latency: { dist: "constant", value: "1ms" },
          graphql: { schema: { Query: { user: { type: "User", args: { id: "ID!" } } }, User: { id: "ID!", name: "String" } } } },
        { name: "web", latency: { dist: "constant", value: "1ms" } },
      ],
      routes: [
        { name: "rpc", match: { path: "/shop.Catalog/*" }, clusters: ["rpc"] },
        { name: "ws", match: { path: "/ws" }, clusters: ["ws"] },
        { name: "gql", match: { path: "/graphql" }, clusters: ["gql"] },
        { name: "web", match: { path: "/*" }, clusters: ["web"] },
      ],
      traffic: [ { rate: 10, mix: [
        { grpc: { method: "/shop.Catalog/Get", message: { "1": "{id}" } } },
        { websocket: { path: "/ws", messages: ["ping", "hi"], every: "100ms" } },
        { graphql: { query: "query Q($id: ID!) { user(id: $id) { name } }", variables: { id: "{id}" } } },
        { http: { path: "/index.html" } },
      ] } ],
    }
    """

    func issues(_ text: String) -> [ScenarioIssue] {
        do {
            _ = try ScenarioLoader.decode(text, file: "p.json5")
            return []
        } catch {
            return error.issues
        }
    }

    func replacing(_ old: String, _ new: String) -> [ScenarioIssue] {
        precondition(Self.base.contains(old), old)
        return issues(Self.base.replacingOccurrences(of: old, with: new))
    }

    @Test func test_everyProtocolLoads() throws {
        let scenario = try ScenarioLoader.decode(Self.base)
        #expect(scenario.clusters.map(\.protocolKind) == [.grpc, .websocket, .graphql, .http])
        guard case .grpc(let methods) = scenario.clusters[0].mock else { Issue.record("not grpc"); return }
        #expect(methods[1].messageCount == 3 && methods[1].streamInterval == 10_000_000)
        guard case .websocket(let behaviour) = scenario.clusters[1].mock else { Issue.record("not websocket"); return }
        #expect(behaviour.close?.code == WebSocketCloseCode(4000) && behaviour.echo)
        #expect(scenario.traffic[0].mix.map(\.kind.protocolKind) == [.grpc, .websocket, .graphql, .http])
        #expect(scenario.traffic[0].mix.map(\.operation) == ["/shop.Catalog/Get", "/ws", "Q", "GET /index.html"])
        #expect(scenario.clusters.map(\.successStatus) == [200, 101, 200, 200])
    }

    @Test func test_requestsMustReachClustersOfTheirProtocol() {
        let found = replacing("{ http: { path: \"/index.html\" } }", "{ http: { path: \"/graphql\" } }")
        #expect(found.map(\.path) == ["traffic[0].mix[3].http"])
        #expect(found.first?.message.contains("a http request, but route \"gql\" sends it to cluster \"gql\", which speaks graphql") == true)
    }

    @Test func test_routesMayNotMixProtocols() {
        let found = replacing("clusters: [\"gql\"] }", "clusters: [\"gql\", \"web\"] }")
        #expect(found.contains { $0.path == "routes[2].clusters" && $0.message.contains("gql (graphql), web (http)") })
    }

    @Test func test_grpcMistakesAreNamed() {
        #expect(replacing("/shop.Catalog/Get\", message", "/shop.Catalog/Gone\", message").first?.message
            .contains("cluster \"rpc\" declares no method /shop.Catalog/Gone") == true)
        #expect(replacing("{ method: \"/shop.Catalog/Get\", reply", "{ method: \"shop.Catalog/Get\", reply").map(\.path)
            == ["clusters[0].grpc.methods[0].method"])
        #expect(replacing("reply: { \"1\": \"x\" }", "reply: { name: \"x\" }").first?.message.contains("\"name\" is not a field number") == true)
        #expect(replacing("stream: { count: 3", "stream: { count: 0").map(\.path) == ["clusters[0].grpc.methods[1].stream.count"])
        #expect(replacing("{ method: \"/shop.Catalog/List\", stream", "{ method: \"/shop.Catalog/List\", status: \"BROKEN\", stream").first?.message
            .contains("expected a gRPC status name") == true)
        #expect(replacing("protocol: \"grpc\", latency", "latency").isEmpty, "the grpc section implies the protocol")
        #expect(replacing("protocol: \"grpc\", latency", "protocol: \"http\", latency").first?.message.contains("a grpc section on a cluster whose protocol is \"http\"") == true)
    }

    @Test func test_websocketMistakesAreNamed() {
        #expect(replacing("code: 4000", "code: 1006").first?.message.contains("never sent in a close frame") == true)
        #expect(replacing("close: { afterMessages: 2, code: 4000 }", "close: { code: 4000 }").map(\.path) == ["clusters[1].websocket.close"])
        #expect(replacing("replies: [ { match: \"ping\", send: [\"pong\"] } ]", "replies: [ { match: \"ping\" } ]").map(\.path)
            == ["clusters[1].websocket.replies[0].send"])
    }

    @Test func test_graphqlMistakesAreNamedWithTheQueryPosition() {
        let syntax = replacing("query Q($id: ID!) { user(id: $id) { name } }", "query Q($id: ID!) { user(id: $id) { name }")
        #expect(syntax.map(\.path) == ["traffic[0].mix[2].graphql.query"])
        #expect(syntax.first?.message.contains("GraphQL syntax error at 1:43") == true)
        let unknown = replacing("{ user(id: $id) { name } }", "{ user(id: $id) { nickname } }")
        #expect(unknown.first?.message == "invalid for cluster \"gql\": Cannot query field \"nickname\" on type \"User\". (query 1:37)")
        #expect(replacing("name: \"String\" } } } }", "name: \"Strin\" } } } }").first?.message == "User.name has unknown type Strin")
        #expect(replacing("User: { id: \"ID!\"", "User: { __id: \"ID!\"").map(\.path) == ["clusters[2].graphql.schema.User.__id"])
        #expect(replacing("args: { id: \"ID!\" }", "args: { id: \"User\" }").first?.message.contains("not a scalar or enum") == true)
    }

    @Test func test_mixEntryNeedsExactlyOneRequest() {
        let both = replacing("{ http: { path: \"/index.html\" } }", "{ http: { path: \"/index.html\" }, grpc: { method: \"/shop.Catalog/Get\" } }")
        #expect(both.first?.message == "give one request per mix entry, found http and grpc")
        #expect(replacing("{ http: { path: \"/index.html\" } }", "{ weight: 2 }").first?.message.hasPrefix("missing; expected one request") == true)
    }
}

extension ProtocolValidationTests {
    @Test func test_tooManyRequestTemplatesAreRefused() {
        let entries = Array(repeating: "{ http: { path: \"/index.html\" } }", count: Scenario.maximumRequestTemplates + 1).joined(separator: ", ")
        let found = replacing("{ http: { path: \"/index.html\" } },", "\(entries),")
        #expect(found.map(\.path) == ["traffic"])
    }
}
