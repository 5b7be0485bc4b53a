import Testing
import Scenarios

/// Traffic sources and chaos windows draw from seeded streams named after them: two with one
/// name would draw the same numbers, so names must be unique.
@Suite struct StreamNameTests {
    func issues(_ text: String) -> [String] {
        do {
            _ = try ScenarioLoader.decode(text, file: "s.json5")
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    let base = """
    name: "s", duration: "1m",
    clusters: [{ name: "a", backends: 1, concurrency: 1, latency: { dist: "constant", value: "10ms" } }],
    routes: [{ name: "r", match: { path: "/*" }, clusters: ["a"] }],
    """

    @Test func test_twoTrafficSourcesWithOneNameAreRefused() {
        let text = "{" + base + """
        traffic: [{ name: "t", rate: 1, mix: [{ http: { path: "/x" } }] }, { name: "t", rate: 2, mix: [{ http: { path: "/y" } }] }] }
        """
        #expect(issues(text).contains { $0.contains("traffic[1].name: duplicate traffic name \"t\"") })
    }

    @Test func test_twoChaosWindowsWithOneNameAreRefused() {
        let text = "{" + base + """
        traffic: [{ name: "t", rate: 1, mix: [{ http: { path: "/x" } }] }],
        chaos: [{ name: "c", at: "1s", for: "1s", target: "a", fault: { kind: "error", rate: 0.5 } },
                { name: "c", at: "2s", for: "1s", target: "a", fault: { kind: "error", rate: 0.5 } }] }
        """
        #expect(issues(text).contains { $0.contains("chaos[1].name: duplicate chaos name \"c\"") })
    }
}
