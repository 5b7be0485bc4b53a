import Foundation
import Testing
@testable import Protocols

/// Our parser accepts and rejects the same documents as graphql-core, at the same place: the
/// kitchen sinks of graphql-core and graphql-js, hand-made broken documents, and seeded
/// mutations of all of them.
@Suite struct GraphQLPeerTests {
    static let available = PythonPeer.has("graphql")

    static let conformance: [String] = {
        let folders = [PythonPeer.root + "/../shared/conformance/graphql", "/work/shared/conformance/graphql"]
        let names = ["kitchen_sink.graphql", "kitchen_sink_no_descriptions.graphql", "kitchen_sink_graphql_js.graphql"]
        for folder in folders {
            let texts = names.compactMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) }
            if texts.count == names.count { return texts }
        }
        return []
    }()

    static let handMade: [String] = GraphQLParserTests.accepted + GraphQLParserTests.rejected.map(\.0)

    static func corpus() -> [String] {
        let seeds = conformance + handMade
        var mutator = ByteMutator(seed: 51, alphabet: Array("{}()[]:$@!=.\"\\#,\n \tonquery fragment...\u{1}".utf8))
        var documents = seeds
        let bases = conformance + GraphQLParserTests.accepted
        while documents.count < seeds.count + 3_000 {
            let mutated = mutator.mutate(Array(mutator.random.pick(bases).utf8))
            if let text = String(validating: mutated, as: UTF8.self) { documents.append(text) }
        }
        return documents
    }

    @Test(.enabled(if: available && !conformance.isEmpty,
                   "needs python3 with graphql-core (pip install graphql-core==3.3.2; .ci/run installs it) and shared/conformance/graphql beside the checkout"))
    func test_verdictsAndLocationsMatchGraphQLCore() throws {
        let documents = Self.corpus()
        let output = try #require(try PythonPeer.run("graphql_peer.py", cases: ["documents": documents]) as? [String: Any])
        let verdicts = try #require(output["verdicts"] as? [[String: Any]])
        #expect(verdicts.count == documents.count)
        var accepted = 0, rejected = 0
        for (document, verdict) in zip(documents, verdicts) {
            let peerAccepts = verdict["ok"] as? Bool == true
            switch Result(catching: { () throws(GraphQLSyntaxError) in try GraphQLParser.parse(document) }) {
            case .success:
                #expect(peerAccepts, "we accept what graphql-core rejects (\(verdict["message"] ?? "")): \(document.debugDescription)")
                accepted += 1
            case .failure(let error):
                #expect(!peerAccepts, "we reject what graphql-core accepts (\(error)): \(document.debugDescription)")
                if !peerAccepts, let line = verdict["line"] as? Int, line > 0 {
                    #expect(error.location == GraphQLSourceLocation(line: line, column: verdict["column"] as? Int ?? 0),
                            "\(error) vs graphql-core's \(verdict["message"] ?? "") at \(line):\(verdict["column"] ?? 0) in \(document.debugDescription)")
                }
                rejected += 1
            }
        }
        #expect(accepted > 100 && rejected > 1_000)
    }
}
