import Testing
@testable import Protocols

@Suite struct GraphQLParserTests {
    /// Documents every GraphQL parser must accept.
    static let accepted: [String] = [
        "{ a }",
        "{}",
        "query { a b c }",
        "query Q($id: ID!, $first: Int = 10, $tags: [String!]! = [\"a\"], $f: Float = -1.5e3) { node(id: $id) { id } }",
        "mutation M { like(story: 123) @onField { story { id } } }",
        "subscription S($input: In @dir) @onSub { s(input: $input) { count } }",
        "fragment f on User @d { id ...g ... on Friend { name } ... @include(if: $x) { z } }",
        "{ a: b(x: 1, y: 2.5, z: \"s\", w: true, v: false, u: null, t: ENUM, s: [1, [2]], r: {k: {l: $v}}, q: $q) }",
        "{ user(id: 4) { ...on User { name } } }",
        "query ($v: Int! = 1) { a }",
        "\"described\" query { a }",
        "\"\"\"block\n  description\"\"\" fragment f on T { a }",
        "query (\"var\" $a: Int) { a }",
        "{ a(s: \"\\u00e9\\u{1F600}\\uD83D\\uDE00\\n\\t\\\"\\\\\\/\\b\\f\\r\") }",
        "{ a(s: \"\"\"\n    first\n      indented\n    \\\"\"\" quote\n  \"\"\") }",
        "# comment\n{ a, b,, c } # trailing\r\n{ d }\r{ e }",
        "\u{FEFF}{ a }",
        "query query { on }",
        "{ a @skip(if: true) @include(if: false) }",
        "{ a(x: -0, y: 0.0, z: 1E+2, w: 1e-2) }",
    ]

    /// Documents a parser must reject, with where graphql-core says the problem is.
    static let rejected: [(String, GraphQLSourceLocation)] = [
        ("", .init(line: 1, column: 1)),
        ("{", .init(line: 1, column: 2)),
        ("{ a", .init(line: 1, column: 4)),
        ("query", .init(line: 1, column: 6)),
        ("{ a(x: ) }", .init(line: 1, column: 8)),
        ("{ a() }", .init(line: 1, column: 5)),
        ("query Q() { a }", .init(line: 1, column: 9)),
        ("query ($v: Int = $w) { a }", .init(line: 1, column: 18)),
        ("query ($v: Int @d(x: $y)) { a }", .init(line: 1, column: 22)),
        ("{ a(x: 1.) }", .init(line: 1, column: 10)),
        ("{ a(x: 00) }", .init(line: 1, column: 9)),
        ("{ a(x: .5) }", .init(line: 1, column: 8)),
        ("{ a(x: 1_000) }", .init(line: 1, column: 9)),
        ("{ ..a }", .init(line: 1, column: 3)),
        ("{ a(x: 'b') }", .init(line: 1, column: 8)),
        ("{ a(x: \"\n\") }", .init(line: 1, column: 9)),
        ("{ a(x: \"unterminated) }", .init(line: 1, column: 24)),
        ("{ a(x: \"\\x\") }", .init(line: 1, column: 9)),
        ("{ a(x: \"\\uD83D\") }", .init(line: 1, column: 9)),
        ("{ a(x: \"\\u{110000}\") }", .init(line: 1, column: 9)),
        ("{ é }", .init(line: 1, column: 3)),
        ("{ a? }", .init(line: 1, column: 4)),
        ("fragment on on T { a }", .init(line: 1, column: 10)),
        ("fragment f T { a }", .init(line: 1, column: 12)),
        ("fragment f($v: Int) on T { a }", .init(line: 1, column: 11)),
        ("{ ... on T }", .init(line: 1, column: 12)),
        ("{ ...on }", .init(line: 1, column: 9)),
        ("\"d\" { a }", .init(line: 1, column: 1)),
        ("\"d\" Query { a }", .init(line: 1, column: 1)),
        ("Query { a }", .init(line: 1, column: 1)),
        ("{ a }\n}", .init(line: 2, column: 1)),
        ("{ a(x: [1, 2) }", .init(line: 1, column: 13)),
        ("{ a(x: {b 1}) }", .init(line: 1, column: 11)),
        ("query Q($a: [Int) { a }", .init(line: 1, column: 17)),
        ("{ a @ }", .init(line: 1, column: 7)),
        ("{\n  a(x: \"\"\"never closed\n}", .init(line: 3, column: 2)),
        ("{ a }\n\n  { b(c: 1.5.1) }", .init(line: 3, column: 13)),
        ("{ a(x: -) }", .init(line: 1, column: 9)),
    ]

    @Test func test_acceptsEveryExecutableConstruct() throws {
        for text in Self.accepted {
            #expect(throws: Never.self, "\(text.debugDescription)") { _ = try GraphQLParser.parse(text) }
        }
    }

    @Test func test_rejectsBrokenDocumentsAtTheRightPlace() {
        for (text, location) in Self.rejected {
            do {
                _ = try GraphQLParser.parse(text)
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                #expect(error.location == location, "\(text.debugDescription): \(error)")
            }
        }
    }

    @Test func test_documentTreeHoldsWhatWasWritten() throws {
        let document = try GraphQLParser.parse("""
            query Items($first: Int = 2, $skip: Boolean!) @live {
              list: items(first: $first, filter: {tag: "x", min: 1.5}) {
                id
                ... on Book @skip(if: $skip) { title }
                ...Extra
              }
            }
            fragment Extra on Item { price }
            """)
        let operation = try #require(document.operations.first)
        #expect(operation.kind == .query && operation.name == "Items")
        #expect(operation.variables.map(\.name) == ["first", "skip"])
        #expect(operation.variables[0].defaultValue == .int("2") && operation.variables[1].type == .nonNull(.named("Boolean")))
        #expect(operation.directives.map(\.name) == ["live"])
        guard case .field(let items) = operation.selections.first else { Issue.record("no field"); return }
        #expect(items.alias == "list" && items.name == "items" && items.responseKey == "list")
        #expect(items.location == GraphQLSourceLocation(line: 2, column: 3))
        #expect(items.arguments[1].value == .object([GraphQLArgument(name: "tag", value: .string("x")), GraphQLArgument(name: "min", value: .float("1.5"))]))
        #expect(items.selections?.count == 3)
        #expect(document.fragments.first?.typeCondition == "Item")
    }

    @Test func test_blockStringsLoseCommonIndentAndBlankEdges() throws {
        let document = try GraphQLParser.parse("{ a(s: \"\"\"\n\n    Hello,\n      World!\n\n    Yours, \\\"\"\"GraphQL.\n  \"\"\") }")
        guard case .field(let field) = document.operations[0].selections[0] else { Issue.record("no field"); return }
        #expect(field.arguments[0].value == .string("Hello,\n  World!\n\nYours, \"\"\"GraphQL."))
    }

    @Test func test_typeSystemDefinitionsAreRefusedWithAReason() {
        #expect(throws: GraphQLSyntaxError.self) { try GraphQLParser.parse("type Query { a: Int }") }
        let deep = String(repeating: "{ a ", count: 201) + String(repeating: "}", count: 201)
        #expect(throws: GraphQLSyntaxError.self) { try GraphQLParser.parse(deep) }
    }

    @Test func test_hundredThousandMutatedDocumentsGiveOnlyTypedErrors() {
        let bases = (GraphQLPeerTests.conformance + Self.accepted).map { Array($0.utf8) }
        var mutator = ByteMutator(seed: 52, alphabet: Array("{}()[]:$@!=.\"\\#,\n \t0123456789eE-on...".utf8) + [0xC3, 0xA9, 0xFF, 0x00])
        var outcomes = [0, 0]
        for _ in 0..<100_000 {
            let input = mutator.mutate(mutator.random.pick(bases))
            do {
                _ = try GraphQLParser.parse(bytes: input)
                outcomes[0] += 1
            } catch {
                #expect(error.location.line >= 1 && error.location.column >= 1)
                outcomes[1] += 1
            }
        }
        #expect(outcomes[0] > 1_000 && outcomes[1] > 1_000)
    }
}
