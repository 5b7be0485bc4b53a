import Foundation
import Testing
@testable import Actors
import Scenarios

@Suite struct DeterminismTests {
    static var quickstart: Scenario {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            return try ScenarioLoader.load(path: root + "/Scenarios/quickstart.json5")
        }
    }

    @Test func test_sameSeedGivesIdenticalEventsAndHash() throws {
        let scenario = try Self.quickstart
        let first = try Fixtures.run(scenario, seed: 5)
        let second = try Fixtures.run(scenario, seed: 5)
        #expect(first.traceHash == second.traceHash)
        #expect(TraceDivergence.first(first.events!, second.events!) == nil)
        #expect(first.eventCount == first.events!.count)
    }

    @Test func test_differentSeedsGiveDifferentHashes() throws {
        let scenario = try Self.quickstart
        let hashes = try (1...4).map { try Fixtures.run(scenario, seed: $0).traceHash }
        #expect(Set(hashes).count == 4)
    }

    @Test func test_divergenceNamesTheFirstDifferingEvent() {
        let a = [LabEvent(time: 1, kind: .requestArrived, subject: 0, request: 0), LabEvent(time: 2, kind: .attemptSent, subject: 0, request: 0)]
        var b = a
        b[1].subject = 1
        let d = TraceDivergence.first(a, b)
        #expect(d?.index == 1 && d?.first == a[1] && d?.second == b[1])
        #expect(TraceDivergence.first(a, Array(a.prefix(1)))?.index == 1)
    }

    @Test func test_labsRunConcurrentlyWithoutDisturbingEachOther() async throws {
        let scenario = try Self.quickstart
        let expected = try Fixtures.run(scenario, seed: 9).traceHash
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<3 { group.addTask { try Laboratory(scenario: scenario).run(RunOptions(seed: 9)).traceHash } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(hashes == [expected, expected, expected])
    }
}
