import Foundation
import Testing
@testable import Actors
import Scenarios

/// Replays every `Tests/LabTests/BreakerCases/resilience4j-*.json5` script straight against
/// `WindowBreaker` and compares each field its `.expected.json` gives, so the hand-worked
/// expectations and the machine agree before the lab's runner reads the same files.
@Suite struct WindowBreakerCaseTests {
    static let casesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("LabTests/BreakerCases")

    static var caseNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: casesFolder.path)) ?? []
        return names.filter { $0.hasPrefix("resilience4j-") && $0.hasSuffix(".json5") }
            .map { String($0.dropLast(".json5".count)) }.sorted()
    }

    @Test func test_thereAreEnoughUpstreamCases() {
        #expect(WindowBreakerCaseTests.caseNames.count >= 18)
    }

    @Test(arguments: WindowBreakerCaseTests.caseNames)
    func test_caseFileAgreesWithTheWindowBreaker(_ name: String) throws {
        let source = try String(contentsOf: WindowBreakerCaseTests.casesFolder.appendingPathComponent("\(name).json5"), encoding: .utf8)
        #expect(source.hasPrefix("// upstream: resilience4j "), "\(name): the first line names the upstream test")
        let expectedText = try String(contentsOf: WindowBreakerCaseTests.casesFolder.appendingPathComponent("\(name).expected.json"), encoding: .utf8)
        let scenario = try JSON5Parser.parse(source)
        let expected = try JSON5Parser.parse(expectedText)
        let actual = try ScriptReplay.run(scenario)
        guard case .array(let expectedSteps) = expected.value else { Issue.record("\(name): expected an array"); return }
        #expect(expectedSteps.count == actual.count, "\(name): one expected object per step")
        for (index, (want, got)) in zip(expectedSteps, actual).enumerated() {
            guard case .object(let fields) = want.value else { Issue.record("\(name) step \(index): expected an object"); continue }
            #expect(fields.contains { $0.key == "at_ms" } && fields.contains { $0.key == "state" }, "\(name) step \(index)")
            for field in fields {
                guard let value = got.first(where: { $0.key == field.key })?.value else {
                    Issue.record("\(name) step \(index): no \(field.key) in the replay")
                    continue
                }
                #expect(ScriptReplay.same(field.value.value, value, key: field.key), "\(name) step \(index) \(field.key): expected \(ScriptReplay.text(field.value.value)), replayed \(ScriptReplay.text(value))")
            }
        }
    }
}

/// A direct reading of the `script` contract (helper-notes SCRIPT-FORMAT) for one window breaker.
enum ScriptReplay {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// What the replay produced for one field.
    enum Replayed {
        case number(Double)
        case string(String)
        case bool(Bool)
        case strings([String])
        case metrics([(key: String, value: Double)])
    }

    typealias Fields = [(key: String, value: Replayed)]

    static func run(_ root: JSON5Node) throws -> [Fields] {
        let breakers = try member(root, "breakers")
        guard case .object(let clusters) = breakers.value, let first = clusters.first else { throw Failure(description: "no breaker") }
        var breaker = WindowBreaker(policy: try policy(first.value))
        let traffic = try member(root, "traffic")
        guard case .array(let sources) = traffic.value, let script = sources.first else { throw Failure(description: "no traffic") }
        guard case .array(let steps) = try member(try member(script, "script"), "steps").value else { throw Failure(description: "no steps") }
        var transitions: [String] = []
        var tries: [String: (at: Int64, admitted: Bool)] = [:]
        var results: [Fields] = []
        for step in steps {
            let at = try span(try member(step, "at"))
            var fields: Fields = [("at_ms", .number(Double(at) / 1e6))]
            let log: (BreakerTransition) -> Void = { transitions.append($0.description) }
            breaker.advance(to: at, onTransition: log)
            if let call = optional(step, "call") {
                let admission = breaker.admit(at: at, onTransition: log)
                fields += admissionFields(admission)
                if admission.admitted {
                    let duration = try optional(step, "duration").map(span) ?? 0
                    breaker.record(try verdict(call), duration: duration, at: at, onTransition: log)
                }
            } else if let name = optional(step, "try") {
                let admission = breaker.admit(at: at, onTransition: log)
                fields += admissionFields(admission)
                tries[try string(name)] = (at, admission.admitted)
            } else if let name = optional(step, "complete") {
                guard let attempt = tries[try string(name)] else { throw Failure(description: "complete of an unknown try") }
                if attempt.admitted {
                    let duration = try optional(step, "duration").map(span) ?? (at - attempt.at)
                    breaker.record(try verdict(try member(step, "outcome")), duration: duration, at: at, onTransition: log)
                } else {
                    fields.append(("error", .string("not_admitted")))
                }
            } else if let outcome = optional(step, "record") {
                breaker.record(try verdict(outcome), duration: try optional(step, "duration").map(span) ?? 0, at: at, onTransition: log)
            } else if optional(step, "release") != nil {
                breaker.release(at: at, onTransition: log)
            } else if let op = optional(step, "op") {
                if let error = breaker.apply(try operation(op, step), at: at, onTransition: log) {
                    fields.append(("error", .string(error.description)))
                }
            } else if optional(step, "check") == nil {
                throw Failure(description: "unknown step")
            }
            fields.append(("state", .string(breaker.state.description)))
            let m = breaker.snapshot(at: at)
            fields.append(("metrics", .metrics([
                ("failure_rate", Double(m.failureRate)), ("slow_call_rate", Double(m.slowCallRate)), ("buffered", Double(m.buffered)),
                ("successful", Double(m.successful)), ("failed", Double(m.failed)), ("slow", Double(m.slow)),
                ("not_permitted", Double(m.notPermitted)),
            ])))
            fields.append(("transitions", .strings(transitions)))
            results.append(fields)
        }
        return results
    }

    // MARK: Comparison

    /// Whether an expected JSON value matches what the replay produced; numbers under a `*_rate` key
    /// compare as Java floats (33.333332 is 100/3f); an expected metrics object must name every field.
    static func same(_ expected: JSON5Value, _ got: Replayed, key: String) -> Bool {
        switch (expected, got) {
        case (.number(let x), .number(let y)): return key.hasSuffix("_rate") ? Float(x) == Float(y) : x == y
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.array(let xs), .strings(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { if case .string(let x) = $0.value { return x == $1 } else { return false } }
        case (.object(let xs), .metrics(let ys)):
            return xs.count == ys.count && xs.allSatisfy { x in ys.contains { $0.key == x.key && same(x.value.value, .number($0.value), key: x.key) } }
        default: return false
        }
    }

    static func text(_ value: JSON5Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let n): return "\(n)"
        case .string(let s): return "\"\(s)\""
        case .array(let xs): return "[" + xs.map { text($0.value) }.joined(separator: ", ") + "]"
        case .object(let ms): return "{" + ms.map { "\($0.key): \(text($0.value.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func text(_ value: Replayed) -> String {
        switch value {
        case .number(let n): return "\(n)"
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return "\(b)"
        case .strings(let xs): return "[" + xs.joined(separator: ", ") + "]"
        case .metrics(let ms): return "{" + ms.map { "\($0.key): \(Float($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    // MARK: Reading the scenario

    static func policy(_ node: JSON5Node) throws -> WindowBreakerPolicy {
        var policy = WindowBreakerPolicy()
        guard case .object(let keys) = node.value else { throw Failure(description: "breaker is not an object") }
        for key in keys {
            let value = key.value
            switch key.key {
            case "type": guard try string(value) == "window" else { throw Failure(description: "not a window breaker") }
            case "slidingWindow":
                let type = try optional(value, "type").map(string) ?? "count"
                policy.slidingWindow = .init(type: type == "time" ? .time : .count, size: try optional(value, "size").map(integer) ?? 100)
            case "minimumCalls": policy.minimumCalls = try integer(value)
            case "failureRate": policy.failureRate = try number(value)
            case "slowCallRate": policy.slowCallRate = try number(value)
            case "slowCallDuration": policy.slowCallDuration = TimeSpan(nanoseconds: try span(value))
            case "waitInOpen":
                if case .string = value.value {
                    policy.waitInOpen = .constant(TimeSpan(nanoseconds: try span(value)))
                } else {
                    policy.waitInOpen = .exponential(initial: TimeSpan(nanoseconds: try span(try member(value, "initial"))),
                                                     multiplier: try optional(value, "multiplier").map(number) ?? 1.5,
                                                     max: try optional(value, "max").map { TimeSpan(nanoseconds: try span($0)) })
                }
            case "automaticHalfOpen": guard case .bool(let b) = value.value else { throw Failure(description: "automaticHalfOpen") }; policy.automaticHalfOpen = b
            case "permittedInHalfOpen": policy.permittedInHalfOpen = try integer(value)
            case "maxWaitInHalfOpen": policy.maxWaitInHalfOpen = TimeSpan(nanoseconds: try span(value))
            case "afterMaxWait": policy.afterMaxWait = try string(value) == "closed" ? .closed : .open
            default: throw Failure(description: "unknown window key \(key.key)")
            }
        }
        return policy
    }

    static func operation(_ node: JSON5Node, _ step: JSON5Node) throws -> BreakerOperation {
        switch try string(node) {
        case "transition_to_open": return .transitionToOpen
        case "transition_to_open_for": return .transitionToOpenFor(wait: try span(try member(step, "wait")))
        case "transition_to_half_open": return .transitionToHalfOpen
        case "transition_to_closed": return .transitionToClosed
        case "force_open": return .forceOpen
        case "disable": return .disable
        case "metrics_only": return .metricsOnly
        case "reset": return .reset
        case let other: throw Failure(description: "unknown op \(other)")
        }
    }

    static func verdict(_ node: JSON5Node) throws -> CallVerdict {
        switch try string(node) {
        case "success": return .success
        case "failure": return .failure
        case "ignored": return .ignored
        case let other: throw Failure(description: "unknown verdict \(other)")
        }
    }

    static func admissionFields(_ admission: Admission) -> Fields {
        var fields: Fields = [("admitted", .bool(admission.admitted))]
        if let refusal = admission.refusal { fields.append(("rejected_with", .string(refusal.description))) }
        return fields
    }

    static func optional(_ node: JSON5Node, _ key: String) -> JSON5Node? {
        guard case .object(let members) = node.value else { return nil }
        return members.first { $0.key == key }?.value
    }

    static func member(_ node: JSON5Node, _ key: String) throws -> JSON5Node {
        guard let value = optional(node, key) else { throw Failure(description: "missing \(key) at \(node.location)") }
        return value
    }

    static func string(_ node: JSON5Node) throws -> String {
        guard case .string(let s) = node.value else { throw Failure(description: "expected a string at \(node.location)") }
        return s
    }

    static func number(_ node: JSON5Node) throws -> Double {
        guard case .number(let n) = node.value else { throw Failure(description: "expected a number at \(node.location)") }
        return n
    }

    static func integer(_ node: JSON5Node) throws -> Int { Int(try number(node)) }

    static func span(_ node: JSON5Node) throws -> Int64 {
        guard let span = TimeSpan(parsing: try string(node)) else { throw Failure(description: "expected a duration at \(node.location)") }
        return span.nanoseconds
    }
}
