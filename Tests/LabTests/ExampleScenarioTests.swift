import Foundation
import Testing
@testable import Actors
import Scenarios

/// Every example under Scenarios/: two separate processes give the same trace hash, the Swift API
/// gives it too, and the books balance — each request that arrived completed at most once, and
/// each completion was of a request that arrived. (Shortened to their first 40s.)
@Suite struct ExampleScenarioTests {
    static let examples: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: LabBinary.root + "/Scenarios")) ?? []
        return names.filter { $0.hasSuffix(".json5") && $0 != "reference.json5" }.sorted()
    }()

    @Test func test_theExamplesAreThere() {
        #expect(Self.examples.contains("retry-storm.json5") && Self.examples.contains("hedging.json5"))
    }

    @Test(arguments: examples)
    func test_twoProcessesAndTheSwiftAPIGiveTheSameTrace(_ name: String) throws {
        let args = ["run", "Scenarios/\(name)", "--no-record", "--no-bundle", "--json", "--duration", "40s"]
        let a = try #require(try LabBinary.run(args).json), b = try #require(try LabBinary.run(args).json)
        let hash = try #require(a["trace_hash"] as? String)
        #expect(b["trace_hash"] as? String == hash)
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name)")
        let result = try Laboratory(scenario: scenario).run(RunOptions(duration: .seconds(40), keepEvents: true))
        #expect(result.traceHash == hash)
        var arrived = Set<Int64>(), completed = Set<Int64>()
        for event in result.events ?? [] {
            if event.kind == .requestArrived { arrived.insert(event.request) }
            if event.kind == .requestCompleted {
                #expect(arrived.contains(event.request), "request \(event.request) completed without arriving")
                #expect(completed.insert(event.request).inserted, "request \(event.request) completed twice")
            }
        }
        #expect(!completed.isEmpty)
    }
}
