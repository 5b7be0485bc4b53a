import Testing
@testable import Scenarios

@Suite struct JSON5ParserTests {
    @Test func test_acceptsCommentsUnquotedKeysTrailingCommasAndSingleQuotes() throws {
        let node = try JSON5Parser.parse("""
        // a comment
        { name: 'lab', /* inline */ count: 3, list: [1, 2,], "quoted key": .5, hex: 0x1F, plus: +1, }
        """)
        guard case .object(let members) = node.value else { Issue.record("expected an object"); return }
        #expect(members.map(\.key) == ["name", "count", "list", "quoted key", "hex", "plus"])
        guard case .number(let hex) = members[4].value.value else { Issue.record("hex"); return }
        #expect(hex == 31)
        guard case .number(let half) = members[3].value.value else { Issue.record("half"); return }
        #expect(half == 0.5)
    }

    @Test func test_keepsLineAndColumnOfEveryValue() throws {
        let node = try JSON5Parser.parse("{\n  a: 1,\n  b: [true, \"x\"]\n}")
        guard case .object(let members) = node.value, case .array(let items) = members[1].value.value else {
            Issue.record("shape"); return
        }
        #expect(members[0].keyLocation == SourceLocation(line: 2, column: 3))
        #expect(members[1].value.location == SourceLocation(line: 3, column: 6))
        #expect(items[1].location == SourceLocation(line: 3, column: 13))
    }

    @Test func test_decodesEscapes() throws {
        let node = try JSON5Parser.parse(#""a\nb\t\u00e9\x41\'\"\\ \uD83D\uDE00""#)
        guard case .string(let text) = node.value else { Issue.record("string"); return }
        #expect(text == "a\nb\téA'\"\\ 😀")
    }

    @Test(arguments: [
        ("{ a: 1 ", 1, "end of input"),
        ("{ a: 1, a: 2 }", 1, "duplicate key 'a'"),
        ("{\n  a: tru }", 2, "unexpected word 'tru'"),
        ("[1 2]", 1, "expected ',' or ']'"),
        ("{ a: 'open }", 1, "never closed"),
        ("/* never", 1, "never closed"),
        ("{ a: 1e400 }", 1, "too large"),
        ("{ a: 012 }", 1, "leading zeros"),
        ("", 1, "empty"),
        ("{} {}", 1, "after the end of the document"),
    ])
    func test_reportsSyntaxErrorsWithPosition(text: String, line: Int, fragment: String) {
        do {
            _ = try JSON5Parser.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.location.line == line)
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func test_rejectsDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(throws: JSON5SyntaxError.self) { try JSON5Parser.parse(deep) }
    }
}
