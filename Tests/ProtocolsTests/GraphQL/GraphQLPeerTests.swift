import Foundation
import Testing
@testable import Protocols

/// Our parser accepts and rejects the same documents as graphql-core, at the same place: the
/// kitchen sinks of graphql-core and graphql-js, hand-made broken documents, and seeded
/// mutations of all of them.
@Suite struct GraphQLPeerTests {
    static let available = PythonPeer.has("graphql")

    static let conformanceNames = ["kitchen_sink.graphql", "kitchen_sink_no_descriptions.graphql", "kitchen_sink_graphql_js.graphql"]
    /// Where the kitchen sinks are looked for: $LAB_CONFORMANCE_DIR/graphql when the variable is
    /// set (and then only there), otherwise shared/conformance/graphql beside the checkout
    /// (`../shared` from the package root).
    static let conformanceFolder: String = {
        if let set = ProcessInfo.processInfo.environment["LAB_CONFORMANCE_DIR"], !set.isEmpty { return set + "/graphql" }
        return URL(fileURLWithPath: PythonPeer.root + "/../shared/conformance/graphql").standardizedFileURL.path
    }()

    static let conformance: [String] = {
        let texts = conformanceNames.compactMap { try? String(contentsOfFile: conformanceFolder + "/" + $0, encoding: .utf8) }
        return texts.count == conformanceNames.count ? texts : []
    }()

    /// Why the comparison does not run, naming the folder, the files and the variable tried.
    static let skipReason: String = {
        var missing: [String] = []
        if conformance.isEmpty {
            let variable = ProcessInfo.processInfo.environment["LAB_CONFORMANCE_DIR"].map { "LAB_CONFORMANCE_DIR is \"\($0)\"" }
                ?? "LAB_CONFORMANCE_DIR is not set"
            let absent = conformanceNames.filter { !FileManager.default.isReadableFile(atPath: conformanceFolder + "/" + $0) }
            missing.append("\(conformanceFolder) lacks \(absent.isEmpty ? "readable UTF-8 " + conformanceNames.joined(separator: ", ") : absent.joined(separator: ", ")) "
                           + "(\(variable); set it to the conformance folder holding graphql/, or keep shared/conformance beside the checkout)")
        }
        if !available { missing.append("python3 cannot import graphql (pip install graphql-core==3.3.2; .ci/run installs it)") }
        return "not compared with graphql-core: " + missing.joined(separator: "; ")
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

    @Test(.enabled(if: available && !conformance.isEmpty, Comment(rawValue: skipReason)))
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
