import Foundation
import Testing
import Actors
import Recorder
import Scenarios

/// Breaker operations and the transitions they make reach the recording.
@Suite struct BreakerRecordingTests {
    @Test func test_operationsAreRecordedWithTheirWaitAndWhyTheyWereRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-ops-\(getpid())-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Tests/LabTests/BreakerCases/lab-count-every-step-kind.json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(recordingPath: path))
        #expect(result.recording?.error == nil)
        let db = try SQLiteDatabase(path: path, readOnly: true)
        #expect(try db.rows("SELECT at_ns, operation, wait_ns, refused FROM breaker_operations ORDER BY id") == [
            ["1000000000", "transition_to_open_for", "3000000000", nil],
            ["13000000000", "transition_to_half_open", nil, "illegal_state_transition"],
            ["14000000000", "force_open", nil, "unsupported_operation"],
        ])
        #expect(try db.rows("SELECT count(*) FROM breaker_events") == [[String(result.summary.transitions.count)]])
        #expect(result.summary.transitions.count == 3)
    }
}
