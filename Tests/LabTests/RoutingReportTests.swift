import Foundation
import Testing
@testable import Actors
import Scenarios

/// The report's routing line and `--json`'s `routing` object agree with the trace they come from.
@Suite struct RoutingReportTests {
    @Test func test_routingCountsAgreeWithTheTrace() throws {
        let out = try LabBinary.run(["run", "Scenarios/all-features.json5", "--no-record", "--no-bundle", "--json", "--duration", "70s"])
        let json = try #require(out.json)
        let routing = try #require(json["routing"] as? [String: Int])
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/all-features.json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(duration: .seconds(70), keepEvents: true))
        let events = result.events ?? []
        let completed = events.filter { $0.kind == .requestCompleted }
        #expect(routing["hedges"] == events.filter(\.hedged).count)
        #expect(routing["cancelled"] == events.filter { $0.kind == .attemptCancelled }.count)
        #expect(routing["overflowed"] == completed.filter { $0.detail == Outcome.overflow.rawValue }.count)
        #expect(routing["rate_limited"] == completed.filter { $0.detail == Outcome.rateLimit.rawValue }.count)
        #expect(routing["ejections"] == events.filter { $0.kind == .backendEjected }.count)
        // The catalog route (index 2) caches: its requests answered without an attempt and ok are hits.
        let catalog = completed.filter { $0.subject == 2 && $0.detail != Outcome.rateLimit.rawValue }
        #expect(routing["cache_hits"] == catalog.filter { $0.attempt == 0 && $0.detail == Outcome.ok.rawValue }.count)
        #expect(routing["cache_hits"]! + routing["cache_misses"]! == catalog.count)
        #expect(routing["hedges"]! > 0 && routing["cache_hits"]! > 0)
        let text = try LabBinary.run(["run", "Scenarios/all-features.json5", "--no-record", "--no-bundle", "--duration", "70s"]).stdout
        #expect(text.contains("routing    hedges \(routing["hedges"]!) (\(routing["cancelled"]!) cancelled) · cache \(routing["cache_hits"]!) hits"))
    }
}
