import Foundation
import Testing
import Actors
import Scenarios

/// The metrics a run holds, in Prometheus text, checked by the real `promtool`.
@Suite struct MetricsTextTests {
    static let promtool = LabBinary.which("promtool")

    func metrics() throws -> RunResult {
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/quickstart.json5")
        return try Laboratory(scenario: scenario).run(RunOptions(seed: 2))
    }

    @Test func test_metricsAgreeWithTheSummary() throws {
        let result = try metrics()
        let text = result.metricsText
        #expect(text.contains("# TYPE http_requests_total counter"))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram"))
        var total = 0.0
        for line in text.split(separator: "\n") where line.hasPrefix("http_requests_total{") {
            total += Double(line.split(separator: " ").last!)!
        }
        #expect(Int(total) == result.summary.completed)
        #expect(text.contains("http_request_duration_seconds_count{route=\"orders\"} \(result.summary.routes[1].completed)"))
        #expect(text.contains("circuit_breaker_state{name=\"us-east\"}"))
    }

    @Test(.enabled(if: promtool != nil, "needs promtool (Debian package prometheus); .ci/run installs it"))
    func test_promtoolAcceptsTheMetrics() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-metrics-\(getpid()).prom")
        try metrics().metricsText.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.promtool!)
        process.arguments = ["check", "metrics"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }
}
