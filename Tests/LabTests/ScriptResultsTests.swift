import Foundation
import Testing

/// `script_results` of several scripts: scripts in file order, each step naming its script, and a
/// shortened run reporting only the steps before its end.
@Suite struct ScriptResultsTests {
    static let scenario = """
    { name: "two-scripts", duration: "1m",
      clusters: [ { name: "a" }, { name: "b" } ],
      breakers: { a: { type: "window", minimumCalls: 1, failureRate: 100 }, b: { type: "consecutive" } },
      traffic: [ { name: "second-in-time", script: { target: "a", steps: [ { at: "30s", call: "failure" }, { at: "40s", check: true } ] } },
                 { name: "first-in-time", script: { target: "b", steps: [ { at: "1s", op: "force_open" } ] } } ] }
    """

    func run(_ extra: [String] = []) throws -> [[String: Any]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-two-scripts-\(getpid())-\(UUID().uuidString).json5")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let out = try LabBinary.run(["run", file.path, "--json", "--no-record", "--no-bundle"] + extra)
        return try #require(out.json?["script_results"] as? [[String: Any]], "\(out.stdout) \(out.stderr)")
    }

    @Test func test_eachStepNamesItsScriptAndScriptsKeepFileOrder() throws {
        let results = try run()
        #expect(results.map { $0["script"] as? String } == ["second-in-time", "second-in-time", "first-in-time"])
        #expect(results.map { $0["state"] as? String } == ["open", "open", "closed"])
        #expect(results[2]["error"] as? String == "unsupported_operation")
        #expect(results[0]["metrics"] != nil && results[2]["counts"] != nil)
    }

    @Test func test_aShortenedRunReportsOnlyTheStepsBeforeItsEnd() throws {
        let results = try run(["--duration", "35s"])
        #expect(results.map { $0["at_ms"] as? Int } == [30000, 1000])
    }
}
