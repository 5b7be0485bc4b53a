import Testing
@testable import Protocols

@Suite struct GraphQLExecutorTests {
    static let schema = GraphQLMockSchema(types: [
        ("Query", .object([
            .init(name: "user", type: .named("User"), arguments: [.init(name: "id", type: .nonNull(.named("ID")))]),
            .init(name: "users", type: .nonNull(.list(.nonNull(.named("User")))), arguments: [.init(name: "first", type: .named("Int"), defaultValue: .int("2"))], listSize: 2),
            .init(name: "broken", type: .named("String"), failure: "resolver exploded"),
            .init(name: "mustHave", type: .nonNull(.named("Story"))),
        ])),
        ("Mutation", .object([.init(name: "like", type: .named("Story"), arguments: [.init(name: "story", type: .nonNull(.named("Int")))])])),
        ("User", .object([
            .init(name: "id", type: .nonNull(.named("ID")), template: "user-{args.id}{index}"),
            .init(name: "name", type: .named("String")),
            .init(name: "age", type: .named("Int")),
            .init(name: "role", type: .named("Role")),
            .init(name: "friends", type: .list(.named("User")), listSize: 2),
        ])),
        ("Story", .object([
            .init(name: "id", type: .nonNull(.named("Int")), template: "null"),
            .init(name: "likes", type: .named("Int"), template: "{hash}"),
            .init(name: "title", type: .named("Int"), template: "not a number"),
        ])),
        ("Role", .enumeration(["ADMIN", "MEMBER"])),
    ])

    static func run(_ query: String, variables: [JSONMember] = [], operation: String? = nil, seed: UInt64 = 7) -> GraphQLResponse {
        GraphQLExecutor(schema: schema, seed: seed).execute(query: query, operationName: operation, variables: variables)
    }

    @Test func test_schemaDeclarationProblemsAreNamed() {
        #expect(Self.schema.problems().isEmpty)
        let broken = GraphQLMockSchema(types: [("User", .object([.init(name: "pet", type: .named("Pet"))])), ("Int", .enumeration([]))])
        #expect(broken.problems() == ["the schema needs an object type named Query", "User.pet has unknown type Pet",
                                      "Int is a built-in scalar and cannot be redeclared", "enum Int has no values"])
        #expect(GraphQLTypeReference(parsing: "[User!]!") == .nonNull(.list(.nonNull(.named("User")))))
        #expect(GraphQLTypeReference(parsing: "[User") == nil && GraphQLTypeReference(parsing: "9x") == nil)
    }

    @Test func test_dataFollowsTheSelectionWithAliasesFragmentsAndDirectives() {
        let response = Self.run("""
            query Q($skip: Boolean = false, $id: ID!) {
              me: user(id: $id) { id ...Names friends { id } role @skip(if: $skip) }
              users { __typename ... on User { id } id }
              other: user(id: "9") @include(if: false) { id }
            }
            fragment Names on User { name }
            """, variables: [JSONMember("id", .int(4))])
        #expect(response.errors.isEmpty)
        guard case .object(let data)? = response.data else { Issue.record("no data"); return }
        #expect(data.map(\.key) == ["me", "users"])
        guard case .object(let me) = data[0].value else { Issue.record("me is not an object"); return }
        #expect(me.map(\.key) == ["id", "name", "friends", "role"])
        #expect(me[0].value == .string("user-40"))
        #expect(me[2].value == .array([.object([JSONMember("id", .string("user-40"))]), .object([JSONMember("id", .string("user-41"))])]))
        guard case .string(let role) = me[3].value else { Issue.record("role"); return }
        #expect(["ADMIN", "MEMBER"].contains(role))
        guard case .array(let users) = data[1].value else { Issue.record("users"); return }
        #expect(users.count == 2 && users[1] == .object([JSONMember("__typename", .string("User")), JSONMember("id", .string("user-{args.id}1"))]), "a variable no enclosing field defines stays as written")
    }

    @Test func test_sameSeedSameDataAndOtherSeedsDiffer() {
        let query = "{ a: user(id: 1) { name age } b: user(id: 1) { name age } c: user(id: 2) { name age } }"
        let first = Self.run(query), again = Self.run(query), other = Self.run(query, seed: 8)
        #expect(first.text == again.text)
        #expect(first.text != other.text)
        #expect(first.data?["a"] == first.data?["b"] && first.data?["a"] != first.data?["c"])
    }

    @Test func test_fieldErrorsCarryPathsAndNullsBubbleToTheNearestNullableField() {
        let response = Self.run("{ broken mustHave { id } users { name } }")
        #expect(response.text == """
            {"errors":[{"message":"resolver exploded","locations":[{"line":1,"column":3}],"path":["broken"]},\
            {"message":"Cannot return null for non-nullable field Story.id.","locations":[{"line":1,"column":21}],"path":["mustHave","id"]}],"data":null}
            """)
        let leafError = Self.run("mutation { like(story: 3) { title likes } }")
        #expect(leafError.errors.map(\.message) == ["Int cannot represent value: \"not a number\""])
        #expect(leafError.errors.first?.path == [.key("like"), .key("title")])
        guard case .object(let like)? = leafError.data?["like"] else { Issue.record("like"); return }
        #expect(like.first?.value == .null)
    }

    @Test func test_injectedFailureAnswersEveryRootFieldWithACode() {
        let document = try! GraphQLParser.parse("{ user(id: 1) { id } broken }")
        let response = GraphQLExecutor(schema: Self.schema, seed: 1).execute(document: document, failure: ("backend unavailable", "UNAVAILABLE"))
        #expect(response.text == """
            {"errors":[{"message":"backend unavailable","locations":[{"line":1,"column":3}],"path":["user"],"extensions":{"code":"UNAVAILABLE"}},\
            {"message":"backend unavailable","locations":[{"line":1,"column":22}],"path":["broken"],"extensions":{"code":"UNAVAILABLE"}}],\
            "data":{"user":null,"broken":null}}
            """)
    }

    @Test func test_requestErrorsComeWithoutData() {
        let cases: [(String, [JSONMember], String?, String)] = [
            ("{ a", [], nil, "Syntax Error: Expected Name, found <EOF>."),
            ("{ nope }", [], nil, "Cannot query field \"nope\" on type \"Query\"."),
            ("{ user { id } }", [], nil, "Field \"user\" argument \"id\" of type \"ID!\" is required, but it was not provided."),
            ("{ user(id: 1, x: 2) { id } }", [], nil, "Unknown argument \"x\" on field \"Query.user\"."),
            ("{ user(id: 1) }", [], nil, "Field \"user\" of type \"User\" must have a selection of subfields. Did you mean \"user { ... }\"?"),
            ("{ user(id: 1) { id { x } } }", [], nil, "Field \"id\" must not have a selection since type \"ID!\" has no subfields."),
            ("{ ...f }", [], nil, "Unknown fragment \"f\"."),
            ("{ ...f } fragment f on Query { ...f }", [], nil, "Cannot spread fragment \"f\" within itself."),
            ("{ ... on User { id } }", [], nil, "Fragment cannot be spread here as objects of type \"Query\" can never be of type \"User\"."),
            ("{ user(id: $v) { id } }", [], nil, "Variable \"$v\" is not defined."),
            ("{ users @live { id } }", [], nil, "Unknown directive \"@live\"."),
            ("query ($n: Int!) { users(first: $n) { id } }", [], nil, "Variable \"$n\" of required type \"Int!\" was not provided."),
            ("query ($n: Int) { users(first: $n) { id } }", [JSONMember("n", .string("x"))], nil, "Variable \"$n\" got invalid value \"x\"; Int cannot represent \"x\"."),
            ("query A { users { id } } query B { users { id } }", [], nil, "Must provide operation name if query contains multiple operations."),
            ("query A { users { id } }", [], "C", "Unknown operation named \"C\"."),
            ("subscription { users { id } }", [], nil, "Schema is not configured to execute subscription operation."),
        ]
        for (query, variables, operation, message) in cases {
            let response = Self.run(query, variables: variables, operation: operation)
            #expect(response.data == nil, "\(query)")
            #expect(response.errors.first?.message == message, "\(query)")
        }
    }

    @Test func test_randomQueriesOverTheSchemaAlwaysAnswer() {
        var random = SeededRandom(seed: 61)
        func selection(_ type: String, depth: Int) -> String {
            guard let fields = Self.schema.fields(of: type) else { return "" }
            var parts: [String] = []
            for _ in 0..<random.int(1...4) {
                let field = random.pick(fields)
                var text = (random.chance(0.2) ? "x\(random.int(0...9)): " : "") + field.name
                if field.name == "user" { text += "(id: \(random.int(0...9)))" }
                if field.name == "like" { text += "(story: 1)" }
                if Self.schema.fields(of: field.type.namedType) != nil {
                    text += depth > 2 ? " { __typename }" : " { \(selection(field.type.namedType, depth: depth + 1)) }"
                }
                parts.append(text)
            }
            return parts.joined(separator: " ")
        }
        for _ in 0..<300 {
            let query = "{ \(selection("Query", depth: 0)) }"
            let response = Self.run(query)
            let again = Self.run(query)
            #expect(response == again)
            #expect(response.data != nil || !response.errors.isEmpty, "\(query)")
        }
    }
}

extension GraphQLExecutorTests {
    @Test func test_deepQueriesStayBounded() {
        // friends lists of 2 nested 20 deep would be a million users: the answer stops at the budget.
        let nested = String(repeating: "friends { ", count: 20) + "id" + String(repeating: " }", count: 20)
        let response = Self.run("{ user(id: 1) { \(nested) } }")
        #expect(response.errors.first?.message == "The answer would hold more than \(GraphQLExecution.maximumValues) values; ask for fewer nested lists.")
        #expect(response.errors.count == 1)
        let chain = (0..<150).map { "fragment F\($0) on User { ...F\($0 + 1) }" }.joined(separator: "\n") + "\nfragment F150 on User { id }"
        let spread = Self.run("{ user(id: 1) { ...F0 } }\n" + chain)
        #expect(spread.data == nil)
        #expect(spread.errors.map(\.message).contains("Fragment spreads nest deeper than 100 levels."))
    }
}
