import Actors
import Scenarios
import Foundation
let s = try ScenarioLoader.load(path: CommandLine.arguments[1])
let t0 = ContinuousClock.now
let r = try Laboratory(scenario: s).run(RunOptions(recordingPath: CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil))
print(ContinuousClock.now - t0)
print(r.summary.requests, r.summary.completed, r.summary.ok, r.summary.failed, r.summary.retries, r.successRatio, r.p50Milliseconds, r.p99Milliseconds, r.breakerOpens("a"), r.answers(from: "a"), r.traceHash, r.eventCount, r.recording as Any)
