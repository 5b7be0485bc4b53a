import Foundation
import Testing
@testable import Protocols

/// Our validation and execution next to graphql-core's on the same schema: what graphql-core
/// accepts we execute to a response of the same shape, and what we reject it rejects too.
@Suite struct GraphQLExecutionPeerTests {
    static let available = PythonPeer.has("graphql")

    static let schema = GraphQLMockSchema(types: [
        ("Query", .object([
            .init(name: "user", type: .named("User"), arguments: [.init(name: "id", type: .nonNull(.named("ID")))]),
            .init(name: "users", type: .nonNull(.list(.nonNull(.named("User")))), arguments: [.init(name: "first", type: .named("Int"))], listSize: 2),
            .init(name: "version", type: .named("String")),
            .init(name: "matrix", type: .list(.list(.named("Int"))), listSize: 2),
        ])),
        ("User", .object([
            .init(name: "id", type: .nonNull(.named("ID"))),
            .init(name: "name", type: .named("String")),
            .init(name: "score", type: .named("Float")),
            .init(name: "admin", type: .named("Boolean")),
            .init(name: "role", type: .named("Role")),
            .init(name: "friends", type: .list(.named("User")), listSize: 4),
        ])),
        ("Role", .enumeration(["ADMIN", "MEMBER"])),
    ])

    /// Every scalar replaced by "*": the part of a response that does not depend on resolvers.
    static func shape(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .array(let items): return .array(items.map(shape))
        case .object(let members): return .object(members.map { JSONMember($0.key, shape($0.value)) })
        default: return .string("*")
        }
    }

    static func shape(_ value: Any) -> JSONValue {
        switch value {
        case is NSNull: return .null
        case let items as [Any]: return .array(items.map { shape($0) })
        case let object as [String: Any]: return .object(object.keys.sorted().map { JSONMember($0, shape(object[$0]!)) })
        default: return .string("*")
        }
    }

    static func sortedKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(sortedKeys))
        case .object(let members): return .object(members.sorted { $0.key < $1.key }.map { JSONMember($0.key, sortedKeys($0.value)) })
        default: return value
        }
    }

    static func corpus() -> [(query: String, variables: [JSONMember])] {
        var random = SeededRandom(seed: 71)
        var documents: [(String, [JSONMember])] = [
            ("{ nope }", []), ("{ user { id } }", []), ("{ user(id: 1) }", []), ("{ version { x } }", []), ("{ ...f }", []),
            ("{ user(id: 1, x: 1) { id } }", []), ("{ users @live { id } }", []), ("{ user(id: $v) { id } }", []),
            ("{ ... on User { id } }", []), ("{ a: version a: version }", []), ("{ matrix }", []),
            ("query ($s: Boolean!) { version @skip(if: $s) users { id @include(if: $s) } }", [JSONMember("s", .bool(true))]),
            ("query ($s: Boolean!) { version @skip(if: $s) users { id @include(if: $s) } }", [JSONMember("s", .bool(false))]),
            ("query ($n: Int) { users(first: $n) { name } }", [JSONMember("n", .int(3))]),
            ("query ($id: ID!) { user(id: $id) { ...F friends { ...F } } } fragment F on User { id name role }", [JSONMember("id", .int(5))]),
            ("{ users { id ... on User { name friends { id } } ... { admin } } user(id: \"2\") { friends { friends { __typename } } } }", []),
        ]
        let userFields = ["id", "name", "score", "admin", "role", "__typename"]
        func userSelection(_ depth: Int) -> String {
            var parts = (0..<random.int(1...4)).map { _ in (random.chance(0.2) ? "k\(random.int(0...3)): " : "") + random.pick(userFields) }
            if depth < 3 && random.chance(0.4) { parts.append("friends { \(userSelection(depth + 1)) }") }
            if random.chance(0.2) { parts.append("... on User { \(random.pick(userFields)) }") }
            if random.chance(0.2) { parts.append("\(random.pick(userFields)) @skip(if: \(random.chance(0.5)))") }
            return parts.joined(separator: " ")
        }
        while documents.count < 200 {
            var roots: [String] = []
            for _ in 0..<random.int(1...3) {
                switch random.int(0...3) {
                case 0: roots.append("user(id: \(random.int(0...9))) { \(userSelection(0)) }")
                case 1: roots.append("users { \(userSelection(0)) }")
                case 2: roots.append(random.chance(0.5) ? "version" : "matrix")
                default: roots.append("u\(random.int(0...2)): user(id: \"x\") { \(userSelection(1)) }")
                }
            }
            documents.append(("{ " + roots.joined(separator: " ") + " }", []))
        }
        return documents
    }

    @Test(.enabled(if: available, "needs python3 with graphql-core (pip install graphql-core==3.3.2; .ci/run installs it)"))
    func test_validationAndResponseShapesMatchGraphQLCore() throws {
        let documents = Self.corpus()
        let sizes: [String: Int] = ["Query.users": 2, "Query.matrix": 2, "User.friends": 4]
        let cases: [[String: Any]] = documents.map { document in
            var variables: [String: Any] = [:]
            for member in document.variables {
                switch member.value {
                case .bool(let flag): variables[member.key] = flag
                case .int(let number): variables[member.key] = number
                default: variables[member.key] = member.value.text
                }
            }
            return ["query": document.query, "variables": variables]
        }
        let output = try #require(try PythonPeer.run("graphql_execution_peer.py", cases: ["sdl": Self.schema.sdl, "sizes": sizes, "documents": cases]) as? [[String: Any]])
        #expect(output.count == documents.count)
        var executed = 0
        for (document, theirs) in zip(documents, output) {
            let ours = GraphQLExecutor(schema: Self.schema, seed: 3).execute(query: document.query, variables: document.variables)
            let theirErrors = theirs["errors"] as? [String] ?? []
            if ours.data == nil {
                #expect(!theirErrors.isEmpty, "we reject, graphql-core accepts: \(document.query) (\(ours.errors.map(\.message)))")
                continue
            }
            #expect(theirErrors.isEmpty, "graphql-core rejects, we accept: \(document.query) (\(theirErrors))")
            guard let data = theirs["data"], theirErrors.isEmpty, let ourData = ours.data else { continue }
            #expect(Self.sortedKeys(Self.shape(ourData)) == Self.shape(data), "\(document.query)")
            executed += 1
        }
        #expect(executed > 150)
    }
}
