import Foundation
import Testing
@testable import Actors
import Protocols
import Scenarios
import Synchronization

/// The run's figures beyond the totals: each breaker's refusals, attempts per request, the run
/// in intervals of time, and how requests ended in their protocols.
@Suite struct RunFiguresTests {
    let policy = BreakerPolicy.count(CountBreakerPolicy(windowSize: 10, minimumCalls: 5, failureRate: 0.5, openFor: .seconds(60), halfOpenCalls: 1))
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    // MARK: Breaker refusals

    /// Runs `body` as a job of the lab's executor, as the lab runs its actors, and waits for it.
    func onLab<T: Sendable>(_ executor: SimulationExecutor, _ body: @escaping @Sendable () async -> T) -> T? {
        let box = Mutex<T?>(nil)
        Task(executorPreference: executor) {
            let value = await body()
            box.withLock { $0 = value }
        }
        executor.drain()
        return box.withLock { $0 }
    }

    @Test func test_eachRefusedAdmissionCountsForItsBreakerAndReachesTheSummaryAndTheMetrics() throws {
        let executor = SimulationExecutor()
        let timeline = TimelineCore(executor: executor, trace: TraceLog(keepEvents: false))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a"), Fixtures.cluster("b")], breakers: BreakerPolicies(defaultPolicy: policy))
        let breakers = scenario.clusters.indices.map { BreakerActor(timeline: timeline, cluster: Int32($0), policy: policy) }
        let metrics = MetricsActor(timeline: timeline, scenario: scenario, breakers: breakers)
        let admitted = onLab(executor) {
            for _ in 0..<5 { await breakers[0].record(BreakerActor.AttemptResult(status: 500, outcome: .internalError, duration: 0, ticket: 0)) }  // opens
            var admitted: [Bool] = []
            for _ in 0..<7 { admitted.append(await breakers[0].admit().admitted) }
            admitted.append(await breakers[1].admit().admitted)
            return admitted
        }
        #expect(admitted == Array(repeating: false, count: 7) + [true])
        let (summary, text) = try #require(onLab(executor) { (await metrics.summary(tallies: metrics.breakerTallies()), await metrics.prometheusText(tallies: metrics.breakerTallies())) })
        #expect(summary.clusters.map(\.refused) == [7, 0])
        #expect(text.contains("# TYPE circuit_breaker_rejections_total counter"))
        #expect(text.contains("circuit_breaker_rejections_total{name=\"a\"} 7"))
        #expect(text.contains("circuit_breaker_rejections_total{name=\"b\"} 0"))
        #expect(text.contains("circuit_breaker_requests_total{name=\"a\",state=\"closed\",result=\"failure\"} 5"))
        #expect(text.contains("circuit_breaker_requests_total{name=\"a\",state=\"open\",result=\"rejected\"} 7"))
    }

    @Test func test_refusalsAreUnknownNotZeroWhenTheBreakersWereNotHandedOver() throws {
        let executor = SimulationExecutor()
        let timeline = TimelineCore(executor: executor, trace: TraceLog(keepEvents: false))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a")], breakers: BreakerPolicies(defaultPolicy: policy))
        let metrics = MetricsActor(timeline: timeline, scenario: scenario)
        let (summary, text) = try #require(onLab(executor) { (await metrics.summary(tallies: metrics.breakerTallies()), await metrics.prometheusText(tallies: metrics.breakerTallies())) })
        #expect(summary.clusters.first?.refused == nil)
        #expect(summary.clusters.first?.hasBreaker == true)
        #expect(!text.contains("circuit_breaker_rejections_total"))
    }

    @Test func test_aClusterWithoutABreakerHasNoRefusals() throws {
        let executor = SimulationExecutor()
        let timeline = TimelineCore(executor: executor, trace: TraceLog(keepEvents: false))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a")])
        let metrics = MetricsActor(timeline: timeline, scenario: scenario, breakers: [BreakerActor(timeline: timeline, cluster: 0, policy: nil)])
        let summary = try #require(onLab(executor) { await metrics.summary(tallies: metrics.breakerTallies()) })
        #expect(summary.clusters.first?.refused == nil)
        #expect(summary.clusters.first?.hasBreaker == false)
    }

    // MARK: Attempts per request

    @Test func test_attemptsPerRequestAddUpToTheAttemptsSent() throws {
        // "a" and "b" fail every call, "c" answers: a request sends 1, 2 or 3 attempts, by where
        // round robin starts it.
        let route = RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b", "c"], retry: RetryPolicySpec(attempts: 2, on: [.serverError]))
        let result = try Fixtures.run(Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10, errorRate: 1),
                                                                   Fixtures.cluster("b", concurrency: 10, errorRate: 1),
                                                                   Fixtures.cluster("c", concurrency: 10)], route: route, rate: 100))
        let s = result.summary
        #expect(s.attempts.reduce(0, +) == s.completed)
        var sent = 0
        for (n, count) in s.attempts.enumerated() { sent += n * count }
        #expect(sent == result.events(.attemptSent).filter { e in result.events(.requestCompleted).contains { $0.request == e.request } }.count)
        #expect(s.attempts[0] == 0 && s.attempts[1] > 0 && s.attempts[2] > 0 && s.attempts[3] > 0)
        #expect(s.meanAttempts > 1 && s.meanAttempts < 3)
        #expect(s.requests(sendingAtLeast: 2) == s.attempts.dropFirst(2).reduce(0, +))
    }

    // MARK: The run over time

    @Test func test_intervalsCountEveryRequestOnceAndCoverTheRun() throws {
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10, errorRate: 0.2), Fixtures.cluster("b", concurrency: 10)],
                                         route: RouteSpec(name: "r", pathPattern: "/*", clusters: ["a", "b"],
                                                          retry: RetryPolicySpec(attempts: 1, on: [.serverError])),
                                         rate: 200, arrival: .poisson, duration: .seconds(95))
        let result = try Laboratory(scenario: scenario).run(RunOptions(seed: 3))
        for width: Int64? in [nil, 10_000_000_000, 7_000_000_000] {
            let table = result.intervals(width: width)
            #expect(table.rows.first?.start == 0 && table.rows.last?.end == result.virtualNanoseconds)
            #expect(zip(table.rows, table.rows.dropFirst()).allSatisfy { $0.end == $1.start })
            #expect(table.rows.reduce(0) { $0 + $1.figures.arrived } == result.summary.requests)
            #expect(table.rows.reduce(0) { $0 + $1.figures.completed } == result.summary.completed)
            #expect(table.rows.reduce(0) { $0 + $1.figures.ok } == result.summary.ok)
            #expect(table.rows.reduce(0) { $0 + $1.figures.retries } == result.summary.retries)
            #expect(table.rows.reduce(0) { $0 + $1.figures.latency.count } == result.summary.latency.count)
        }
        // Automatic: rows of 5 s, at most 20 of them; 10 s as asked (the last row is the run's remaining 5 s).
        #expect(result.intervals().width == 5_000_000_000 && result.intervals().rows.count == 19)
        #expect(result.intervals(width: 10_000_000_000).rows.count == 10)
        #expect(result.intervals(width: 10_000_000_000).requested == nil)
        // 7 s is a whole number of the 1 s slices.
        #expect(result.intervals(width: 7_000_000_000).width == 7_000_000_000)
    }

    @Test func test_intervalRowsHoldEachBreakersStateAtTheirEndAndTheChaosOpenInThem() throws {
        // Chaos fails every call to "a" from 2 s to 4 s; the breaker opens at once and stays open for 60 s.
        let chaos = ChaosSpec(name: "storm", at: .seconds(2), duration: .seconds(2), target: "a", fault: .error(status: 503, rate: 1))
        let scenario = Fixtures.scenario(clusters: [Fixtures.cluster("a", concurrency: 10)], rate: 100, duration: .seconds(6),
                                         breakers: BreakerPolicies(defaultPolicy: policy), chaos: [chaos])
        let result = try Fixtures.run(scenario)
        let table = result.intervals(width: 1_000_000_000)
        #expect(table.rows.count == 6)
        #expect(table.rows.map { $0.breakers.map(\.state) } == [[.closed], [.closed], [.open], [.open], [.open], [.open]])
        #expect(table.rows.map { $0.breakers[0].changes } == [0, 0, 1, 0, 0, 0])
        #expect(table.rows.map(\.chaos) == [[], [], ["storm"], ["storm"], [], []])
        #expect(table.rows[0].successRatio == 1 && table.rows[3].successRatio == 0)
        #expect(table.rows[4].figures.completed > 0 && table.rows[4].figures.arrived == table.rows[4].figures.completed)
    }

    @Test func test_slicesWidenToStayBoundedAndKeepTheirTotals() {
        var series = IntervalSeries()
        let hour: Int64 = 3_600_000_000_000
        var time: Int64 = 0
        var n = 0
        while time < 3 * hour {
            series.completed(at: time, ok: n % 3 != 0, latency: 1_000_000 + Int64(n % 100) * 100_000)
            series.arrived(at: time)
            time += 997_000_000
            n += 1
        }
        #expect(series.slices.count <= IntervalSeries.mostSlices)
        #expect(series.width == 30_000_000_000)  // 3 h of 1 s slices would be 10,800; 10 s 1,080; 30 s 360
        #expect(series.slices.reduce(0) { $0 + $1.completed } == n)
        #expect(series.slices.reduce(0) { $0 + $1.arrived } == n)
        #expect(series.slices.reduce(0) { $0 + $1.ok } == n - (n + 2) / 3)
        #expect(series.slices.reduce(0) { $0 + $1.latency.count } == n)
    }

    // MARK: Protocol outcomes

    @Test func test_routeOutcomesAreTheProtocolsCodesAndAddUpToTheCompletedRequests() throws {
        let outcomeLabels = Set(Outcome.allCases.map(\.label))
        let cases: [(file: String, label: (String) -> Bool, expected: String)] = [
            ("grpc-catalog", { GRPCStatusCode.allCases.map(\.name).contains($0) }, "UNIMPLEMENTED"),
            ("graphql-social", { outcomeLabels.contains($0) }, "ok"),
            ("websocket-chat", { Int($0) != nil }, "101"),
            ("quickstart", { Int($0) != nil }, "200"),
        ]
        for c in cases {
            let scenario = try ScenarioLoader.load(path: Self.root + "/Scenarios/\(c.file).json5")
            let result = try Laboratory(scenario: scenario).run(RunOptions(duration: .seconds(60)))
            for (r, route) in result.summary.routes.enumerated() {
                #expect(route.outcomes.reduce(0) { $0 + $1.count } == route.completed, "\(c.file) route \(r)")
                #expect(route.outcomes.allSatisfy { c.label($0.label) }, "\(c.file): \(route.outcomes)")
            }
            #expect(result.summary.routes.contains { $0.outcomes.contains { $0.label == c.expected } }, "\(c.file)")
        }
    }

    @Test func test_webSocketClustersCountTheirClosesAndMessages() throws {
        let scenario = try ScenarioLoader.load(path: Self.root + "/Scenarios/websocket-chat.json5")
        let result = try Laboratory(scenario: scenario).run(RunOptions(keepEvents: true))
        let closed = result.events(.sessionClosed)
        #expect(!closed.isEmpty)
        #expect(result.summary.clusters.reduce(0) { $0 + $1.sessionsClosed.reduce(0) { $0 + $1.count } } == closed.count)
        for code in Set(closed.map { Int(UInt16(bitPattern: $0.status)) }) {
            let counted = result.summary.clusters.reduce(0) { total, c in total + (c.sessionsClosed.first { $0.code == code }?.count ?? 0) }
            #expect(counted == closed.filter { Int(UInt16(bitPattern: $0.status)) == code }.count)
        }
        let messages = result.events(.sessionMessage)
        let sum = result.summary.clusters.reduce(0) { $0 + $1.messages.received + $1.messages.dropped + $1.messages.sent }
        #expect(sum == messages.count && sum > 0)
        #expect(result.summary.clusters.reduce(0) { $0 + $1.messages.dropped }
                == messages.filter { $0.detail == SessionMessageKind.clientDropped.rawValue }.count)
    }
}
