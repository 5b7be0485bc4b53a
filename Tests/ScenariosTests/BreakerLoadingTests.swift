import Testing
@testable import Scenarios

/// The breakers section's three types, scripts, actions and scripted failures, as files write them:
/// every default as each library has it, every limit as each library checks it.
@Suite struct BreakerLoadingTests {
    static func scenario(breaker: String, steps: String = #"{ at: "0s", check: true }"#, extra: String = "") -> String {
        """
        {
          name: "t", duration: "10m",
          clusters: [ { name: "pay", backends: 1 } ],
          breakers: { pay: \(breaker) },
          traffic: [ { name: "s", script: { target: "pay", steps: [ \(steps) ] } } ],
          \(extra)
        }
        """
    }

    static func load(_ text: String) throws -> Scenario { try ScenarioLoader.decode(text, file: "t.json5") }

    static func problems(_ text: String) -> [String] { Load.described(Load.issues(text)) }

    // MARK: Defaults

    @Test func test_aBreakerWithoutATypeIsTheCountBreakerWithItsDefaults() throws {
        let s = try Self.load(Self.scenario(breaker: "{}"))
        #expect(s.breakers.policy(for: "pay") == .count(CountBreakerPolicy()))
    }

    @Test func test_aConsecutiveBreakerHasGobreakersDefaults() throws {
        let s = try Self.load(Self.scenario(breaker: #"{ type: "consecutive" }"#))
        guard case .consecutive(let p)? = s.breakers.policy(for: "pay") else { Issue.record("not consecutive"); return }
        #expect(p == ConsecutiveBreakerPolicy())
        #expect(p.effectiveMaxRequests == 1)               // MaxRequests 0 → 1
        #expect(p.effectiveTimeout == .seconds(60))        // Timeout 0 → 60 s
        #expect(p.interval == .zero && p.buckets == nil)   // counts never cleared while closed
        #expect(p.readyToTrip == .consecutiveFailures(5))  // trips on the 6th failure in a row
        #expect(p.exclude.isEmpty)
    }

    @Test func test_aWindowBreakerHasResilience4jsDefaults() throws {
        let s = try Self.load(Self.scenario(breaker: #"{ type: "window" }"#))
        guard case .window(let p)? = s.breakers.policy(for: "pay") else { Issue.record("not window"); return }
        #expect(p == WindowBreakerPolicy())
        #expect(p.failureRate == 50 && p.slowCallRate == 100 && p.slowCallDuration == .seconds(60))
        #expect(p.slidingWindow == WindowBreakerPolicy.SlidingWindow(type: .count, size: 100) && p.minimumCalls == 100)
        #expect(p.permittedInHalfOpen == 10 && p.waitInOpen == .constant(.seconds(60)))
        #expect(!p.automaticHalfOpen && p.maxWaitInHalfOpen == .zero && p.afterMaxWait == .open)
        #expect(p.record == nil && p.ignore.isEmpty)
    }

    @Test func test_minimumCallsIsCappedByACountWindowButNotByATimeWindow() throws {
        #expect(WindowBreakerPolicy(slidingWindow: .init(type: .count, size: 5), minimumCalls: 10).effectiveMinimumCalls == 5)
        #expect(WindowBreakerPolicy(slidingWindow: .init(type: .time, size: 5), minimumCalls: 10).effectiveMinimumCalls == 10)
        #expect(WindowBreakerPolicy(minimumCalls: 100, permittedInHalfOpen: 10).halfOpenMinimumCalls == 10)
        #expect(WindowBreakerPolicy(minimumCalls: 3, permittedInHalfOpen: 10).halfOpenMinimumCalls == 3)
    }

    @Test func test_rollingBucketsRoundTheIntervalUpToAWholeNumberOfBuckets() {
        let p = ConsecutiveBreakerPolicy(interval: .seconds(10), bucketPeriod: .seconds(3))
        #expect(p.buckets?.count == 4)
        #expect(p.buckets?.interval == .seconds(12))
        #expect(ConsecutiveBreakerPolicy(interval: .seconds(9), bucketPeriod: .seconds(3)).buckets?.count == 3)
    }

    @Test func test_everyKeyOfEachTypeIsRead() throws {
        let s = try Self.load(Self.scenario(breaker: """
            { type: "window", slidingWindow: { type: "time", size: 10 }, minimumCalls: 5, failureRate: 25.5, slowCallRate: 80,
              slowCallDuration: "2s", waitInOpen: { initial: "5s", multiplier: 2, max: "1m" }, automaticHalfOpen: true,
              permittedInHalfOpen: 3, maxWaitInHalfOpen: "30s", afterMaxWait: "closed", record: [503, "5xx", "timeout"], ignore: [404] }
            """))
        #expect(s.breakers.policy(for: "pay") == .window(WindowBreakerPolicy(
            slidingWindow: .init(type: .time, size: 10), minimumCalls: 5, failureRate: 25.5, slowCallRate: 80, slowCallDuration: .seconds(2),
            waitInOpen: .exponential(initial: .seconds(5), multiplier: 2, max: .seconds(60)), automaticHalfOpen: true, permittedInHalfOpen: 3,
            maxWaitInHalfOpen: .seconds(30), afterMaxWait: .closed, record: [.status(503), .statusClass(5), .outcome(.timeout)],
            ignore: [.status(404)])))
        let g = try Self.load(Self.scenario(breaker: """
            { type: "consecutive", maxRequests: 3, interval: "30s", bucketPeriod: "5s", timeout: "90s",
              readyToTrip: { failureRatio: 0.6, minRequests: 3 }, exclude: ["4xx", "chaos"] }
            """))
        #expect(g.breakers.policy(for: "pay") == .consecutive(ConsecutiveBreakerPolicy(
            maxRequests: 3, interval: .seconds(30), bucketPeriod: .seconds(5), timeout: .seconds(90),
            readyToTrip: .failureRatio(0.6, minRequests: 3), exclude: [.statusClass(4), .outcome(.chaos)])))
    }

    // MARK: Validation as each library validates

    @Test(arguments: [
        (#"{ type: "window", failureRate: 0 }"#, "breakers.pay.failureRate", "expected a percentage above 0 and at most 100"),
        (#"{ type: "window", failureRate: 100.5 }"#, "breakers.pay.failureRate", "expected a percentage above 0 and at most 100"),
        (#"{ type: "window", slowCallRate: 0 }"#, "breakers.pay.slowCallRate", "expected a percentage above 0 and at most 100"),
        (#"{ type: "window", waitInOpen: "500us" }"#, "breakers.pay.waitInOpen", "expected at least 1ms"),
        (#"{ type: "window", slowCallDuration: "0" }"#, "breakers.pay.slowCallDuration", "expected a duration above 0s"),
        (#"{ type: "window", permittedInHalfOpen: 0 }"#, "breakers.pay.permittedInHalfOpen", "expected a whole number from 1"),
        (#"{ type: "window", slidingWindow: { size: 0 } }"#, "breakers.pay.slidingWindow.size", "expected a window size from 1"),
        (#"{ type: "window", minimumCalls: 0 }"#, "breakers.pay.minimumCalls", "expected a whole number from 1"),
        (#"{ type: "window", maxWaitInHalfOpen: "10us" }"#, "breakers.pay.maxWaitInHalfOpen", "expected 0 (wait forever) or at least 1ms"),
        (#"{ type: "window", afterMaxWait: "half_open" }"#, "breakers.pay.afterMaxWait", #"expected one of "open", "closed""#),
        (#"{ type: "window", waitInOpen: { initial: "5s", max: "1s" } }"#, "breakers.pay.waitInOpen.max", "expected at least the initial wait"),
        (#"{ type: "window", waitInOpen: { initial: "5s", multiplier: 0.5 } }"#, "breakers.pay.waitInOpen.multiplier", "expected a multiplier from 1"),
        (#"{ type: "window", record: ["6xx"] }"#, "breakers.pay.record[0]", "expected a status (503), a class"),
        (#"{ type: "window", openFor: "10s" }"#, "breakers.pay.openFor", "unknown key"),
        (#"{ type: "consecutive", readyToTrip: { consecutiveFailures: -1 } }"#, "breakers.pay.readyToTrip.consecutiveFailures", "expected a whole number from 0"),
        (#"{ type: "consecutive", readyToTrip: { failureRatio: 1.5 } }"#, "breakers.pay.readyToTrip.failureRatio", "expected a ratio from 0 to 1"),
        (#"{ type: "consecutive", readyToTrip: {} }"#, "breakers.pay.readyToTrip", "expected exactly one of"),
        (#"{ type: "consecutive", readyToTrip: { consecutiveFailures: 3, minRequests: 2 } }"#, "breakers.pay.readyToTrip.minRequests", "goes with failureRatio"),
        (#"{ type: "consecutive", bucketPeriod: "1s" }"#, "breakers.pay.bucketPeriod", "rolling buckets need an interval above 0s"),
        (#"{ type: "consecutive", interval: "1h", bucketPeriod: "1ms" }"#, "breakers.pay.bucketPeriod", "expected at most 100000 buckets"),
        (#"{ type: "consecutive", exclude: [42] }"#, "breakers.pay.exclude[0]", "expected an HTTP status from 100 to 599"),
        (#"{ type: "consecutive", failureRate: 0.5 }"#, "breakers.pay.failureRate", "unknown key"),
        (#"{ type: "consecutve" }"#, "breakers.pay.type", #"did you mean "consecutive"?"#),
        (#"{ window: { type: "time" } }"#, "breakers.pay.window.type", #"for a time window use type "window""#),
    ])
    func test_aSettingOutsideItsLibrarysRangeIsReportedWithItsPath(breaker: String, path: String, message: String) {
        let found = Self.problems(Self.scenario(breaker: breaker))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("\(path): ") == true, "\(found)")
        #expect(found.first?.contains(message) == true, "\(found)")
    }

    @Test func test_aHandBuiltPolicyIsCheckedByTheSameRules() {
        var s = Scenario(name: "t", duration: .seconds(10), clusters: [ClusterSpec(name: "pay", backends: 1, concurrency: 1, latency: .constant(.zero))],
                         routes: [], traffic: [], scripts: [BreakerScript(name: "s", target: "pay", steps: [ScriptStep(at: .zero, .check)])])
        s.breakers = BreakerPolicies(overrides: [("pay", .window(WindowBreakerPolicy(failureRate: 0, waitInOpen: .constant(TimeSpan(nanoseconds: 10)))))])
        #expect(Load.described(ScenarioValidation.issues(of: s)) == [
            "breakers.pay.failureRate: expected a percentage above 0 and at most 100, found 0",
            "breakers.pay.waitInOpen: expected at least 1ms, found 10ns",
        ])
    }

    // MARK: Scripts

    @Test func test_everyStepKindIsRead() throws {
        let s = try Self.load(Self.scenario(breaker: #"{ type: "window" }"#, steps: """
            { at: "0s", call: "success", duration: "2s" }, { at: "1s", try: "h1" }, { at: "2s", complete: "h1", outcome: "failure" },
            { at: "2s", complete: "h1b", outcome: "ignored", duration: "5ms" }, { at: "3s", record: "failure", duration: "1s" },
            { at: "3s", release: true }, { at: "4s", check: true }, { at: "5s", op: "transition_to_open_for", wait: "10s" },
            { at: "6s", op: "reset" }
            """.replacingOccurrences(of: #"complete: "h1b""#, with: #"try: "h1b" }, { at: "2s", complete: "h1b""#)))
        #expect(s.scripts.count == 1 && s.traffic.isEmpty && s.routes.isEmpty)
        #expect(s.scripts[0].steps.map(\.action) == [
            .call(.success, duration: .seconds(2)), .attempt(name: "h1"), .complete(name: "h1", verdict: .failure, duration: nil),
            .attempt(name: "h1b"), .complete(name: "h1b", verdict: .ignored, duration: .milliseconds(5)), .record(.failure, duration: .seconds(1)),
            .release, .check, .operation(.transitionToOpenFor(wait: 10_000_000_000)), .operation(.reset),
        ])
    }

    @Test(arguments: [
        (#"{ at: "0s" }"#, "traffic[0].script.steps[0]", #"expected one of the keys "call""#),
        (#"{ at: "0s", call: "success", check: true }"#, "traffic[0].script.steps[0]", #"expected one step kind, found "call" and "check""#),
        (#"{ at: "0s", call: "sucess" }"#, "traffic[0].script.steps[0].call", #"did you mean "success"?"#),
        (#"{ at: "0s", check: true, duration: "1s" }"#, "traffic[0].script.steps[0].duration", #"not used by a "check" step"#),
        (#"{ at: "0s", check: false }"#, "traffic[0].script.steps[0].check", "expected true"),
        (#"{ at: "0s", op: "transition_to_open_for" }"#, "traffic[0].script.steps[0].wait", "missing; expected how long"),
        (#"{ at: "0s", op: "reset", wait: "1s" }"#, "traffic[0].script.steps[0].wait", "only transition_to_open_for takes a wait"),
        (#"{ at: "0s", op: "force_opn" }"#, "traffic[0].script.steps[0].op", #"did you mean "force_open"?"#),
        (#"{ at: "0s", complete: "h1", outcome: "success" }"#, "traffic[0].script.steps[0].complete", #"no earlier step tries "h1""#),
        (#"{ at: "0s", try: "h1" }, { at: "0s", try: "h1" }"#, "traffic[0].script.steps[1].try", #"duplicate attempt name "h1""#),
        (#"{ at: "0s", try: "h1" }, { at: "1s", complete: "h1", outcome: "success" }, { at: "2s", complete: "h1", outcome: "success" }"#,
         "traffic[0].script.steps[2].complete", "already completed"),
        (#"{ at: "2s", check: true }, { at: "1s", check: true }"#, "traffic[0].script.steps[1].at", "steps run in order"),
        (#"{ at: "10m", check: true }"#, "traffic[0].script.steps[0].at", "expected an instant before the end of the run (10m)"),
        (#"{ at: "0s", complete: "h1" }"#, "traffic[0].script.steps[0].outcome", "missing"),
    ])
    func test_aBrokenStepIsReportedWithItsPath(steps: String, path: String, message: String) {
        let found = Self.problems(Self.scenario(breaker: "{}", steps: steps))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("\(path): ") == true, "\(found)")
        #expect(found.first?.contains(message) == true, "\(found)")
    }

    @Test func test_aScriptNeedsAClusterWithABreaker() {
        let text = """
        { name: "t", duration: "1m", clusters: [ { name: "pay" }, { name: "bare" } ], breakers: { pay: {} },
          traffic: [ { name: "s", script: { target: "bare", steps: [ { at: "0s", check: true } ] } },
                     { name: "u", script: { target: "py", steps: [ { at: "0s", check: true } ] } } ] }
        """
        #expect(Self.problems(text) == [
            #"traffic[0].script.target: cluster "bare" has no breaker, and a script drives a cluster's breaker: add breakers.bare (or breakers.default)"#,
            #"traffic[1].script.target: unknown cluster "py" (did you mean "pay"?); clusters are: pay, bare"#,
        ])
    }

    @Test func test_routesMayBeLeftOutOnlyWhenEveryTrafficSourceIsScripted() {
        let text = """
        { name: "t", duration: "1m", clusters: [ { name: "pay" } ], breakers: { pay: {} },
          traffic: [ { name: "s", script: { target: "pay", steps: [ { at: "0s", check: true } ] } },
                     { name: "o", rate: 1, mix: [ { http: { path: "/x" } } ] } ] }
        """
        #expect(Self.problems(text).first == "routes: missing; expected an array of routes")
        #expect(Self.problems(Self.scenario(breaker: "{}")).isEmpty)
    }

    @Test func test_aScriptAndAnOpenLoopSourceMayNotShareAName() {
        let text = Self.scenario(breaker: "{}").replacingOccurrences(of: "traffic: [", with: """
            routes: [ { name: "r", match: { path: "/*" }, clusters: ["pay"] } ],
            traffic: [ { name: "s", rate: 1, mix: [ { http: { path: "/x" } } ] },
            """)
        #expect(Self.problems(text) == [#"traffic[1].name: duplicate traffic name "s""#])
    }

    // MARK: Actions and scripted failures

    @Test func test_actionsAreReadAndChecked() throws {
        let s = try Self.load(Self.scenario(breaker: "{}", extra: #"actions: [ { at: "30s", breaker: "pay", op: "force_open" }, { at: "1m", breaker: "pay", op: "transition_to_open_for", wait: "5s" } ],"#))
        #expect(s.actions == [BreakerAction(at: .seconds(30), breaker: "pay", operation: .forceOpen),
                              BreakerAction(at: .seconds(60), breaker: "pay", operation: .transitionToOpenFor(wait: 5_000_000_000))])
        #expect(Self.problems(Self.scenario(breaker: "{}", extra: #"actions: [ { at: "11m", breaker: "pya", op: "reset" } ],"#)) == [
            "actions[0].at: expected an instant before the end of the run (10m), found 11m",
            #"actions[0].breaker: unknown cluster "pya" (did you mean "pay"?); clusters are: pay"#,
        ])
    }

    @Test func test_scriptedFailuresAreReadAndNeedFirstOrEvery() throws {
        let text = Self.scenario(breaker: "{}").replacingOccurrences(of: #"backends: 1 }"#, with: #"backends: 1, fail: { first: 3, every: 5, status: 503 } }"#)
        #expect(try Self.load(text).clusters[0].fail == ScriptedFailures(first: 3, every: 5, status: 503))
        let bare = Self.scenario(breaker: "{}").replacingOccurrences(of: #"backends: 1 }"#, with: #"backends: 1, fail: { status: 503 } }"#)
        #expect(Self.problems(bare) == [#"clusters[0].fail: expected "first" (the first N answers fail) and/or "every" (every N-th answer fails)"#])
        #expect(ScriptedFailures(first: 2).fails(answer: 2) && !ScriptedFailures(first: 2).fails(answer: 3))
        #expect((1...10).filter { ScriptedFailures(every: 5).fails(answer: $0) } == [5, 10])
    }
}
