import Foundation
import Testing
@testable import Actors
import Protocols
import Recorder
import Scenarios

/// What a recording says happened, checked against the run itself: the one final row per
/// request that the router's completion names, the responder's answer for each row's verdict,
/// and the texts the WebSocket sessions sent.
@Suite struct RecordingContentTests {
    static let scenarios = ["quickstart", "grpc-catalog", "websocket-chat", "graphql-social"]

    struct Recorded {
        var scenario: Scenario
        var result: RunResult
        var db: SQLiteDatabase
        var path: String
    }

    func record(_ name: String, seed: UInt64 = 5) throws -> Recorded {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-content-\(name)-\(getpid())-\(UUID().uuidString).sqlite").path
        let scenario = try ScenarioLoader.load(path: LabBinary.root + "/Scenarios/\(name).json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: seed, recordingPath: path, keepEvents: true))
        #expect(result.recording?.error == nil)
        return Recorded(scenario: scenario, result: result, db: try SQLiteDatabase(path: path, readOnly: true), path: path)
    }

    @Test(arguments: scenarios)
    func test_everyCompletedRequestHasOneFinalRowTheAttemptItsCompletionNames(name: String) throws {
        let run = try record(name)
        defer { try? FileManager.default.removeItem(atPath: run.path) }
        var completions: [Int64: RequestCompletionView] = [:]
        for event in run.result.events ?? [] {
            if case .requestCompleted(let completion) = event.view { completions[completion.request] = completion }
        }
        let finals = try run.db.rows("SELECT request_id, attempt, status, outcome_id, cluster_id IS NULL FROM exchanges WHERE final = 1")
        #expect(finals.count == completions.count && !finals.isEmpty)
        var seen = Set<Int64>()
        for row in finals {
            let id = Int64(row[0]!)!
            #expect(seen.insert(id).inserted, "request \(id) has two final rows")
            let completion = try #require(completions[id], "request \(id) has a final row but never completed")
            // The client's answer is that of the last attempt sent; a request refused before any attempt has one row.
            #expect(Int(row[1]!)! == max(Int(completion.attempts) - 1, 0), "request \(id)")
            #expect(row[4] == (completion.attempts == 0 ? "1" : "0"), "request \(id)")
            #expect(Int16(row[2]!)! == completion.status && Int32(row[3]!)! == completion.outcome.rawValue, "request \(id)")
        }
    }

    @Test(arguments: scenarios)
    func test_recordedAnswersAreTheRespondersAnswersForTheirVerdicts(name: String) throws {
        let run = try record(name)
        defer { try? FileManager.default.removeItem(atPath: run.path) }
        let templates = Laboratory.templates(of: run.scenario).map(\.template)
        let rows = try run.db.rows("""
            SELECT DISTINCT e.cluster_id, e.template_id, e.parameter, e.status, e.outcome_id, e.wire_status, e.protocol_status,
                   typeof(b.content), hex(b.content)
            FROM exchanges e LEFT JOIN bodies b ON b.id = e.body_id
            """)
        #expect(!rows.isEmpty)
        var responders: [String: TemplateResponder] = [:]
        for row in rows {
            let cluster = row[0].map { run.scenario.clusters[Int($0)!] }
            let template = Int(row[1]!)!
            let key = "\(row[0] ?? "-")/\(template)"
            let responder = responders[key] ?? TemplateResponder(cluster: cluster, template: templates[template])
            responders[key] = responder
            let outcome = try #require(Outcome(rawValue: Int32(row[4]!)!))
            let answer = responder.answer(parameter: Int64(row[2]!)!, verdict: MockVerdict(status: Int16(row[3]!)!, outcome: outcome),
                                          seed: run.result.seed)
            #expect(Int(row[5]!)! == answer.wireStatus, "\(row)")
            #expect(row[6].map { Int($0)! } == answer.protocolStatus, "\(row)")
            switch answer.body {
            case .none: #expect(row[7] == "null", "\(row)")
            case .text: #expect(row[7] == "text", "\(row)")
            case .bytes: #expect(row[7] == "blob", "\(row)")
            }
            let hex = answer.bodyBytes.map { String(format: "%02X", $0) }.joined()
            #expect((row[8] ?? "") == hex, "\(row)")
        }
    }

    /// Each session's transcript, replayed against the mock: in-texts are the client's script
    /// filled with its id, and every text out is what the session's mock sent at that point.
    @Test func test_transcriptsAreTheTextsTheSessionsSent() throws {
        let run = try record("websocket-chat")
        defer { try? FileManager.default.removeItem(atPath: run.path) }
        let templates = Laboratory.templates(of: run.scenario).map(\.template)
        let messageEvents = (run.result.events ?? []).filter { $0.kind == .sessionMessage }.count
        #expect(try run.db.rows("SELECT count(*) FROM ws_messages") == [[String(messageEvents)]])
        let opened = try run.db.rows("SELECT request_id, cluster_id, template_id, parameter FROM exchanges WHERE final = 1 AND status = 101")
        #expect(!opened.isEmpty)
        var checked = 0
        for session in opened {
            let request = session[0]!
            let cluster = run.scenario.clusters[Int(session[1]!)!]
            guard case .websocket(let behaviour) = cluster.mock, case .websocket(let script) = templates[Int(session[2]!)!].kind else {
                Issue.record("session \(request) is not a WebSocket session"); continue
            }
            var mock = MockWebSocketSession(behaviour: behaviour, cluster: cluster.name)
            var connect = mock.connected().compactMap { if case .send(let text) = $0 { return text } else { return nil } }
            var replies: [String] = []
            let lines = script.messages.map { BodyTemplate($0).render([("id", session[3]!)]) }
            for line in try run.db.rows("SELECT direction, kind, text FROM ws_messages WHERE request_id = \(request) ORDER BY id") {
                let text = line[2] ?? ""
                switch line[1] {
                case "message":
                    #expect(line[0] == "in" && lines.contains(text), "session \(request): \(text)")
                    for case .send(let reply) in mock.receive(text) { replies.append(reply) }
                case "dropped": #expect(line[0] == "in" && lines.contains(text), "session \(request): \(text)")
                case "reply": #expect(!replies.isEmpty && replies.removeFirst() == text, "session \(request): \(text)")
                case "push":
                    let sent = mock.pushDue().compactMap { if case .send(let text) = $0 { return text } else { return nil } }
                    #expect(sent == [text], "session \(request): \(text)")
                case "connect": #expect(!connect.isEmpty && connect.removeFirst() == text, "session \(request): \(text)")
                default: Issue.record("session \(request): unknown kind \(line[1] ?? "nil")")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    /// A latency window makes every attempt miss its deadline; the retry goes to the other
    /// cluster. The late answers arrive after the request moved on (first) and after it ended
    /// (second): each is a row of its own, not final, struck by the same window as its attempt.
    @Test func test_aLateAnswerIsNotFinalAndKeepsTheChaosWindowThatStruckItsAttempt() throws {
        let clusters = [ClusterSpec(name: "a", backends: 1, concurrency: 4, latency: .constant(.milliseconds(10))),
                        ClusterSpec(name: "b", backends: 1, concurrency: 4, latency: .constant(.milliseconds(10)))]
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"],
                              retry: RetryPolicySpec(attempts: 1, on: [.timeout]), perTryTimeout: .milliseconds(50))
        let slow = ChaosSpec(name: "slow", at: .zero, duration: .seconds(1), target: "a", fault: .latency(delay: .milliseconds(100), rate: 1))
        let slower = ChaosSpec(name: "slower", at: .zero, duration: .seconds(1), target: "b", fault: .latency(delay: .milliseconds(200), rate: 1))
        let scenario = Scenario(name: "late", seed: 1, duration: .seconds(1), clusters: clusters, routes: [route],
                                traffic: [TrafficSpec(name: "t", rate: 2, arrival: .constant, mix: [RequestTemplate(path: "/x/{id}")])],
                                chaos: [slow, slower])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-late-\(getpid())-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Laboratory(scenario: scenario).run(RunOptions(recordingPath: path))
        #expect(result.recording?.error == nil)
        let db = try SQLiteDatabase(path: path, readOnly: true)
        let rows = try db.rows("SELECT attempt, cluster_id, outcome_id, chaos_window_id, final FROM exchanges WHERE request_id = 0 ORDER BY id")
        let timeout = String(Outcome.timeout.rawValue), ok = String(Outcome.ok.rawValue)
        #expect(rows == [["0", "0", timeout, "0", "0"], ["1", "1", timeout, "1", "1"], ["0", "0", ok, "0", "0"], ["1", "1", ok, "1", "0"]])
    }

    /// A latency fault delays the replies to the first message past those to the second: each
    /// reply is recorded with the text the session sent for its own message, at the time it went.
    @Test func test_repliesOvertakenByALaterMessagesRepliesKeepTheirOwnTexts() throws {
        let behaviour = MockWebSocketBehaviour(replies: [.init(match: "subscribe {topic}", send: ["ok {topic}"])])
        let cluster = ClusterSpec(name: "ws", backends: 1, concurrency: 8, latency: .constant(.milliseconds(5)), mock: .websocket(behaviour))
        let script = WebSocketScript(messages: ["subscribe news", "hello"], every: .seconds(1))
        // One session, opened at 4.005 s; its first message (5.005 s) is struck by a 1.5 s delay.
        let slow = ChaosSpec(name: "slow", at: .milliseconds(5_000), duration: .milliseconds(100), target: "ws",
                             fault: .latency(delay: .milliseconds(1_500), rate: 1))
        let scenario = Scenario(name: "ws", duration: .seconds(8), clusters: [cluster],
                                routes: [RouteSpec(name: "r", pathPattern: "/ws", clusters: ["ws"], timeout: .seconds(1))],
                                traffic: [TrafficSpec(name: "t", rate: 0.25, arrival: .constant,
                                                      mix: [RequestTemplate(method: "GET", path: "/ws", kind: .websocket(script))])],
                                chaos: [slow])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lab-ws-order-\(getpid())-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Laboratory(scenario: scenario).run(RunOptions(recordingPath: path))
        #expect(result.recording?.error == nil)
        let rows = try SQLiteDatabase(path: path, readOnly: true).rows("SELECT at_ns / 1000000, kind, text FROM ws_messages ORDER BY id")
        #expect(rows == [["5005", "message", "subscribe news"], ["6005", "message", "hello"],
                         ["6010", "reply", "hello"], ["6510", "reply", "ok news"]])
    }
}
