import Actors
import Foundation
import Scenarios

/// `bundle.json`: how a failing run was made (seed, duration, the options that shape it), what it
/// gave (trace hash, what failed), by which lab and when. `lab replay` reads back the first part
/// to run it again and compares the trace hash.
struct BundleManifest {
    var labVersion: String
    var scenarioName: String
    /// The scenario file's path as the run was given it.
    var scenarioFile: String
    var seed: UInt64
    /// The `--duration` override; nil: the scenario's own.
    var duration: TimeSpan?
    var traceHash: String
    var passed: Bool
    var failedExpectations: [String]
    /// Everything that failed, one line each, for people.
    var failures: [String]
    /// When the bundle was written, ISO 8601 in UTC.
    var writtenAt: String
    /// Whether the bundle holds the run's recording.
    var recorded: Bool
    var inFlightLimit: InFlightLimit
    var checkDeterminism: Bool
    var interval: TimeSpan?

    /// The `lab run` options that make the same run from `scenario.json5`.
    var runArguments: [String] {
        var arguments = ["--seed", String(seed)]
        if let duration { arguments += ["--duration", duration.description] }
        if inFlightLimit != InFlightLimit() { arguments += ["--max-in-flight", String(inFlightLimit.requests)] }
        if checkDeterminism { arguments.append("--check-determinism") }
        if let interval { arguments += ["--interval", interval.description] }
        return arguments
    }

    var object: [String: Any] {
        [
            "format": ReproductionBundle.format,
            "lab_version": labVersion,
            "scenario": scenarioName,
            "scenario_file": scenarioFile,
            "seed": seed,
            "duration": duration.map { $0.description as Any } ?? NSNull(),
            "trace_hash": traceHash,
            "passed": passed,
            "failed_expectations": failedExpectations,
            "failures": failures,
            "written_at": writtenAt,
            "recording": recorded ? ReproductionBundle.recordingFile : NSNull(),
            "options": [
                "max_in_flight": inFlightLimit.requests,
                "check_determinism": checkDeterminism,
                "interval": interval.map { $0.description as Any } ?? NSNull(),
            ] as [String: Any],
        ]
    }

    /// The object as indented JSON, keys sorted, for people reading the bundle as much as for replays.
    var json: String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension BundleManifest {
    /// Reads `bundle.json`'s bytes (`file` names it in messages): the format first, then every key a
    /// replay needs, each checked for its kind.
    init(parsing data: Data, file: String) throws(InvalidBundle) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InvalidBundle(file: file, message: "is not valid JSON; expected the object `lab run` writes, {\"format\": 1, \"seed\": ..., ...}")
        }
        guard let object = parsed as? [String: Any] else {
            throw InvalidBundle(file: file, message: "expected a JSON object, {\"format\": 1, \"seed\": ..., ...}, found \(Self.kind(parsed))")
        }
        let fields = ManifestFields(object: object, file: file)
        let format = try fields.integer("format", of: Int.self, "the bundle format, 1")
        guard format == ReproductionBundle.format else {
            throw InvalidBundle(file: file, key: "format", message: "expected \(ReproductionBundle.format) "
                                + "(the format this lab reads), found \(format)")
        }
        let options = try fields.nested("options")
        self.init(labVersion: try fields.optionalString("lab_version") ?? "unknown",
                  scenarioName: try fields.optionalString("scenario") ?? "",
                  scenarioFile: try fields.optionalString("scenario_file") ?? ReproductionBundle.scenarioFile,
                  seed: try fields.integer("seed", of: UInt64.self, "a whole number from 0 to \(UInt64.max)"),
                  duration: try fields.span("duration", above: .zero, atMost: RunCommand.longestDuration),
                  traceHash: try fields.string("trace_hash"),
                  passed: try fields.optionalBool("passed") ?? false,
                  failedExpectations: [], failures: [], writtenAt: try fields.optionalString("written_at") ?? "",
                  recorded: false,
                  inFlightLimit: InFlightLimit(requests: try options.optionalInteger("max_in_flight", of: Int.self, "a whole number above 0", minimum: 1)
                                               ?? InFlightLimit.defaultRequests),
                  checkDeterminism: try options.optionalBool("check_determinism") ?? false,
                  interval: try options.span("interval", above: .zero, atMost: nil))
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case let number as NSNumber where String(cString: number.objCType) == "c": "a boolean (\(number.boolValue))"
        case let number as NSNumber: "the number \(number)"
        case let text as String: "the string \"\(text)\""
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        default: "\(value)"
        }
    }
}

/// A bundle `lab replay` cannot use: the file, the key (if the problem is one key) and what was expected.
struct InvalidBundle: Error, CustomStringConvertible {
    var file: String
    var key: String? = nil
    var message: String

    var description: String { "\(file): " + (key.map { "\($0): " } ?? "") + message }
}

/// The keys of one JSON object in `bundle.json` (`prefix` names nested ones, `options.`), read by kind.
private struct ManifestFields {
    var object: [String: Any]
    var file: String
    var prefix = ""

    func problem(_ key: String, _ message: String) -> InvalidBundle {
        InvalidBundle(file: file, key: prefix + key, message: message)
    }

    func string(_ key: String) throws(InvalidBundle) -> String {
        guard let text = try optionalString(key) else { throw problem(key, "missing; expected a string") }
        return text
    }

    func optionalString(_ key: String) throws(InvalidBundle) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw problem(key, "expected a string, found \(BundleManifest.kind(value))") }
        return text
    }

    func optionalBool(_ key: String) throws(InvalidBundle) -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else {
            throw problem(key, "expected true or false, found \(BundleManifest.kind(value))")
        }
        return number.boolValue
    }

    func integer<Whole: FixedWidthInteger>(_ key: String, of type: Whole.Type, _ expected: String) throws(InvalidBundle) -> Whole {
        guard let value = try optionalInteger(key, of: type, expected, minimum: 0) else { throw problem(key, "missing; expected \(expected)") }
        return value
    }

    func optionalInteger<Whole: FixedWidthInteger>(_ key: String, of type: Whole.Type, _ expected: String,
                                                   minimum: Whole) throws(InvalidBundle) -> Whole? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, let whole = Self.whole(number, as: type), whole >= minimum else {
            throw problem(key, "expected \(expected), found \(BundleManifest.kind(value))")
        }
        return whole
    }

    /// The number as a `Whole` when it is one exactly: a JSON integer in range, or a float with no fraction; never a boolean.
    static func whole<Whole: FixedWidthInteger>(_ number: NSNumber, as type: Whole.Type) -> Whole? {
        switch String(cString: number.objCType) {
        case "Q", "L", "I", "S", "C": Whole(exactly: number.uint64Value)
        case "q", "l", "i", "s": Whole(exactly: number.int64Value)
        case "d", "f": Whole(exactly: number.doubleValue)
        default: nil
        }
    }

    /// A duration written as the scenario files write them ("90s"); null or absent: none.
    func span(_ key: String, above lowest: TimeSpan, atMost highest: TimeSpan?) throws(InvalidBundle) -> TimeSpan? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String, let span = TimeSpan(parsing: text), span > lowest, highest.map({ span <= $0 }) ?? true else {
            let limit = highest.map { ", at most \($0)" } ?? ""
            throw problem(key, "expected null or a duration above \(lowest) like \"90s\"\(limit), found \(BundleManifest.kind(value))")
        }
        return span
    }

    func nested(_ key: String) throws(InvalidBundle) -> ManifestFields {
        guard let value = object[key], !(value is NSNull) else { return ManifestFields(object: [:], file: file, prefix: prefix + key + ".") }
        guard let inner = value as? [String: Any] else { throw problem(key, "expected an object, found \(BundleManifest.kind(value))") }
        return ManifestFields(object: inner, file: file, prefix: prefix + key + ".")
    }
}
