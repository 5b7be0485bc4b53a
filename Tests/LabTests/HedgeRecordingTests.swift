import Foundation
import Testing
@testable import Actors
import Recorder
import Scenarios

/// A hedging run's recording: one final row per completed request (the answer the client got),
/// a `cancelled` row for every hedge that lost, and every attempt sent accounted for.
@Suite struct HedgeRecordingTests {
    @Test func test_eachRequestHasOneFinalRowAndEachLoserACancelledRow() throws {
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/hedging.json5")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-hedge-\(getpid())-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Laboratory(scenario: scenario).run(RunOptions(duration: .seconds(20), recordingPath: path, keepEvents: true))
        #expect(result.recording?.error == nil)
        let db = try SQLiteDatabase(path: path, readOnly: true)
        let events = result.events ?? []
        let completed = events.filter { $0.kind == .requestCompleted }.count
        #expect(try db.rows("SELECT COUNT(*) FROM exchanges WHERE final = 1") == [[String(completed)]])
        #expect(try db.rows("SELECT COUNT(*) FROM (SELECT request_id FROM exchanges GROUP BY request_id HAVING SUM(final) > 1)") == [["0"]])
        let cancelled = events.filter { $0.kind == .attemptCancelled }.count
        #expect(cancelled > 0)
        #expect(try db.rows("SELECT COUNT(*) FROM exchange_view WHERE outcome = 'cancelled' AND status = 499 AND final = 0") == [[String(cancelled)]])
        // The final row of a hedged request is the answer the client got: same status, answered at its completion.
        let finals = try db.rows("SELECT request_id, status, answered_ns FROM exchanges WHERE final = 1 ORDER BY request_id")
        let byRequest = Dictionary(uniqueKeysWithValues: events.filter { $0.kind == .requestCompleted }.map { ($0.request, $0) })
        for row in finals {
            let done = try #require(byRequest[Int64(row[0]!)!])
            #expect(Int(row[1]!) == Int(done.status) && Int64(row[2]!) == done.time, "request \(row[0]!)")
        }
    }
}
