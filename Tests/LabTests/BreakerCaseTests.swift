import Foundation
import Testing

/// The upstream breaker libraries' unit tests, replayed as scenario files through the documented
/// `script` format and the real `lab run --json`: each `BreakerCases/NAME.json5` beside its
/// `NAME.expected.json` (one object per step; every field given there must match `script_results`).
@Suite struct BreakerCaseTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("BreakerCases")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json5") }.map { String($0.dropLast(".json5".count)) }.sorted()
    }

    @Test func test_theUpstreamSuitesArePortedAtLeastThirtyTimesAcrossBothLibraries() {
        #expect(Self.cases.filter { $0.hasPrefix("gobreaker-") }.count >= 12)
        #expect(Self.cases.filter { $0.hasPrefix("resilience4j-") }.count >= 12)
        #expect(Self.cases.filter { $0.hasPrefix("gobreaker-") || $0.hasPrefix("resilience4j-") }.count >= 30)
    }

    @Test(arguments: cases)
    func test_theCaseGivesTheUpstreamResults(_ name: String) throws {
        let scenario = Self.directory.appendingPathComponent("\(name).json5").path
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        #expect(text.hasPrefix("// upstream: "), "a case names the upstream test it ports on its first line")
        let expectedData = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [[String: Any]])
        let run = try LabBinary.run(["run", scenario, "--json", "--no-record", "--no-progress"])
        let report = try #require(run.json, "lab run printed no JSON: \(run.stderr)")
        let results = try #require(report["script_results"] as? [[String: Any]], "no script_results in \(run.stdout.prefix(400))")
        #expect(results.count == expected.count, "steps")
        for (index, (want, got)) in zip(expected, results).enumerated() {
            #expect(want["at_ms"] != nil && want["state"] != nil, "step \(index) of the expectation gives at_ms and state")
            for mismatch in Self.mismatches(want, got, path: "step \(index)") {
                Issue.record("\(name): \(mismatch)")
            }
            // A refusal or an error the case does not expect is a difference too, not an extra detail.
            for key in ["rejected_with", "error"] where got[key] != nil && want[key] == nil {
                Issue.record("\(name): step \(index).\(key): not expected, got \(got[key]!)")
            }
        }
    }

    /// Every field of `want` that `got` does not match, as "path: wanted X, got Y".
    static func mismatches(_ want: Any, _ got: Any?, path: String) -> [String] {
        switch want {
        case let object as [String: Any]:
            guard let other = got as? [String: Any] else { return ["\(path): wanted an object, got \(String(describing: got))"] }
            return object.keys.sorted().flatMap { mismatches(object[$0]!, other[$0], path: "\(path).\($0)") }
        case let array as [Any]:
            guard let other = got as? [Any], other.count == array.count else {
                return ["\(path): wanted \(array), got \(String(describing: got))"]
            }
            return zip(array, other).enumerated().flatMap { mismatches($1.0, $1.1, path: "\(path)[\($0)]") }
        case let number as NSNumber where !isBoolean(number):
            guard let other = got as? NSNumber else { return ["\(path): wanted \(number), got \(String(describing: got))"] }
            // Rates are Java floats: equal as Float; counts and instants are exact.
            return Float(number.doubleValue) == Float(other.doubleValue) ? [] : ["\(path): wanted \(number), got \(other)"]
        case let number as NSNumber:
            guard let other = got as? NSNumber, isBoolean(other), other.boolValue == number.boolValue else {
                return ["\(path): wanted \(number.boolValue), got \(String(describing: got))"]
            }
            return []
        default:
            return "\(want)" == got.map { "\($0)" } ? [] : ["\(path): wanted \(want), got \(String(describing: got))"]
        }
    }

    /// JSON's true and false, which Foundation hands over as NSNumber too (of type "c").
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
}
