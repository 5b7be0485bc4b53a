import Foundation
import Testing
@testable import Actors
import Scenarios

/// Replays every Tests/LabTests/BreakerCases/gobreaker-*.json5 `script` straight against
/// `ConsecutiveBreaker` and compares each step with the fields its `.expected.json` gives, so the case
/// files the lab's runner checks through `lab run --json` are known to agree with the value machine.
@Suite struct ConsecutiveBreakerCaseFileTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LabTests/BreakerCases").path

    static var caseNames: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasPrefix("gobreaker-") && $0.hasSuffix(".json5") }.map { String($0.dropLast(".json5".count)) }.sorted()
    }

    @Test func test_thereAreAtLeastEighteenGobreakerCases() {
        #expect(Self.caseNames.count >= 18)
    }

    @Test(arguments: caseNames)
    func test_caseFileAgreesWithTheConsecutiveBreaker(name: String) throws {
        let text = try String(contentsOfFile: "\(Self.folder)/\(name).json5", encoding: .utf8)
        #expect(text.hasPrefix("// upstream: "), "\(name): the first line names the upstream test")
        let scenario = try JSON5Parser.parse(text)
        let expected = try JSON5Parser.parse(String(contentsOfFile: "\(Self.folder)/\(name).expected.json", encoding: .utf8))
        #expect(field(scenario, "name")?.text == name)
        let duration = try span(field(scenario, "duration"), "duration")
        guard case .object(let breakers) = field(scenario, "breakers")?.value, breakers.count == 1 else { throw CaseFault("one breaker") }
        let policy = try consecutivePolicy(breakers[0].value)
        guard let traffic = field(scenario, "traffic")?.list, let script = traffic.lazy.compactMap({ field($0, "script") }).first,
              field(script, "target")?.text == breakers[0].key, let steps = field(script, "steps")?.list
        else { throw CaseFault("a script aimed at the breaker's cluster") }
        guard let wanted = expected.list else { throw CaseFault("an array of expected steps") }
        #expect(wanted.count == steps.count, "\(name): one expected object per step")

        var replay = CaseReplay(policy: policy)
        for (index, step) in steps.enumerated() {
            let at = try span(field(step, "at"), "at").nanoseconds
            #expect(at < duration.nanoseconds, "\(name) step \(index): before the duration")
            let observed = try replay.run(step, at: at)
            guard index < wanted.count, case .object(let fields) = wanted[index].value else { continue }
            for member in fields {
                let where_ = "\(name) step \(index) (\(member.key))"
                guard let actual = observed.first(where: { $0.key == member.key })?.value else {
                    Issue.record("\(where_): expected \(member.value.value.kindDescription), the step has no such field")
                    continue
                }
                #expect(actual.matches(member.value), "\(where_): got \(actual)")
            }
        }
    }

    private func consecutivePolicy(_ node: JSON5Node) throws -> ConsecutiveBreakerPolicy {
        guard field(node, "type")?.text == "consecutive" else { throw CaseFault("type: \"consecutive\"") }
        var policy = ConsecutiveBreakerPolicy()
        if let value = field(node, "maxRequests")?.number { policy.maxRequests = Int(value) }
        if let value = field(node, "interval") { policy.interval = try span(value, "interval") }
        if let value = field(node, "bucketPeriod") { policy.bucketPeriod = try span(value, "bucketPeriod") }
        if let value = field(node, "timeout") { policy.timeout = try span(value, "timeout") }
        if let rule = field(node, "readyToTrip") {
            if let limit = field(rule, "consecutiveFailures")?.number {
                policy.readyToTrip = .consecutiveFailures(Int(limit))
            } else if let ratio = field(rule, "failureRatio")?.number, let minimum = field(rule, "minRequests")?.number {
                policy.readyToTrip = .failureRatio(ratio, minRequests: Int(minimum))
            } else {
                throw CaseFault("readyToTrip: { consecutiveFailures } or { failureRatio, minRequests }")
            }
        }
        return policy
    }
}

/// One case's breaker and what its steps remembered: the transitions so far and the named admissions.
private struct CaseReplay {
    var breaker: ConsecutiveBreaker
    var transitions: [String] = []
    var tries: [(name: String, admission: Admission)] = []

    init(policy: ConsecutiveBreakerPolicy) { breaker = ConsecutiveBreaker(policy: policy, at: 0) }

    /// Runs one step as SCRIPT-FORMAT.md describes it and returns its `script_results` fields.
    mutating func run(_ step: JSON5Node, at: Int64) throws -> [(key: String, value: Observed)] {
        var fields: [(key: String, value: Observed)] = [("at_ms", .number(Double(at) / 1e6))]
        var happened: [String] = []
        func note(_ transition: BreakerTransition) { happened.append(transition.description) }
        if let verdict = field(step, "call")?.text {
            let admission = breaker.admit(at: at, onTransition: note)
            if admission.admitted { breaker.record(try Self.verdict(verdict), ticket: admission.ticket, at: at, onTransition: note) }
            fields += Self.admissionFields(admission)
        } else if let name = field(step, "try")?.text {
            let admission = breaker.admit(at: at, onTransition: note)
            tries.append((name, admission))
            fields += Self.admissionFields(admission)
        } else if let name = field(step, "complete")?.text {
            guard let admission = tries.last(where: { $0.name == name })?.admission else { throw CaseFault("complete of an unknown try \(name)") }
            let outcome = try Self.verdict(field(step, "outcome")?.text ?? "")
            if admission.admitted {
                breaker.record(outcome, ticket: admission.ticket, at: at, onTransition: note)
            } else {
                fields.append(("error", .text("not_admitted")))
            }
        } else if let verdict = field(step, "record")?.text {
            breaker.recordUnasked(try Self.verdict(verdict), at: at, onTransition: note)
        } else if field(step, "release") != nil {
            fields.append(("error", .text(BreakerOperationError.unsupportedOperation.description)))
        } else if field(step, "check") != nil {
            _ = breaker.look(at: at, onTransition: note)
        } else if let name = field(step, "op")?.text {
            if let error = breaker.apply(try Self.operation(name, wait: field(step, "wait")), at: at, onTransition: note) {
                fields.append(("error", .text(error.description)))
            }
        } else {
            throw CaseFault("a step with call, try, complete, record, release, check or op")
        }
        transitions += happened
        fields.append(("state", .text(breaker.state.description)))
        fields.append(("counts", .counts(breaker.counts)))
        fields.append(("transitions", .texts(transitions)))
        return fields
    }

    private static func admissionFields(_ admission: Admission) -> [(key: String, value: Observed)] {
        var fields: [(key: String, value: Observed)] = [("admitted", .flag(admission.admitted))]
        if let refusal = admission.refusal { fields.append(("rejected_with", .text(refusal.description))) }
        return fields
    }

    private static func verdict(_ name: String) throws -> CallVerdict {
        guard let verdict = CallVerdict.allCases.first(where: { "\($0)" == name }) else { throw CaseFault("verdict \(name)") }
        return verdict
    }

    private static func operation(_ name: String, wait: JSON5Node?) throws -> BreakerOperation {
        let waitSpan = try wait.map { try span($0, "wait").nanoseconds }
        let all: [BreakerOperation] = [.transitionToOpen, .transitionToOpenFor(wait: waitSpan ?? 0), .transitionToHalfOpen,
                                       .transitionToClosed, .forceOpen, .disable, .metricsOnly, .reset]
        guard let operation = all.first(where: { $0.name == name }) else { throw CaseFault("operation \(name)") }
        if case .transitionToOpenFor = operation, waitSpan == nil { throw CaseFault("transition_to_open_for needs wait") }
        return operation
    }
}

/// A value a step produced, compared with the expected JSON.
private enum Observed: CustomStringConvertible {
    case number(Double)
    case flag(Bool)
    case text(String)
    case texts([String])
    case counts(ConsecutiveCounts)

    func matches(_ node: JSON5Node) -> Bool {
        switch (self, node.value) {
        case (.number(let value), .number(let wanted)): return value == wanted
        case (.flag(let value), .bool(let wanted)): return value == wanted
        case (.text(let value), .string(let wanted)): return value == wanted
        case (.texts(let values), .array(let wanted)): return values == wanted.map { $0.text ?? "" }
        case (.counts(let counts), .object(let wanted)):
            let actual: [(String, Int)] = [("requests", counts.requests), ("totalSuccesses", counts.totalSuccesses),
                                           ("totalFailures", counts.totalFailures), ("totalExclusions", counts.totalExclusions),
                                           ("consecutiveSuccesses", counts.consecutiveSuccesses), ("consecutiveFailures", counts.consecutiveFailures)]
            return wanted.allSatisfy { member in actual.first { $0.0 == member.key }.map { Double($0.1) == member.value.number } ?? false }
        default: return false
        }
    }

    var description: String {
        switch self {
        case .number(let value): return "\(value)"
        case .flag(let value): return "\(value)"
        case .text(let value): return "\"\(value)\""
        case .texts(let values): return "\(values)"
        case .counts(let counts): return "\(counts)"
        }
    }
}

private struct CaseFault: Error, CustomStringConvertible {
    var description: String
    init(_ expected: String) { description = "the case file needs \(expected)" }
}

private func field(_ node: JSON5Node?, _ key: String) -> JSON5Node? {
    guard case .object(let members)? = node?.value else { return nil }
    return members.first { $0.key == key }?.value
}

private func span(_ node: JSON5Node?, _ key: String) throws -> TimeSpan {
    guard let text = node?.text, let span = TimeSpan(parsing: text) else { throw CaseFault("\(key) as a duration string") }
    return span
}

private extension JSON5Node {
    var text: String? { if case .string(let value) = value { return value } else { return nil } }
    var number: Double? { if case .number(let value) = value { return value } else { return nil } }
    var list: [JSON5Node]? { if case .array(let values) = value { return values } else { return nil } }
}
