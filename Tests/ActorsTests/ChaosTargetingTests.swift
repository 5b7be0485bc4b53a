import Testing
@testable import Actors
import Protocols
import Scenarios

/// Which attempts a window strikes: by order (Toxiproxy #404, WireMock #1173: fail the first N,
/// every N-th, after N), by what they ask for (Toxiproxy #518's conditional toxics), with a rate
/// that ramps (Toxiproxy's toxicity, linearly across the window), and by target: a cluster, a
/// route, or one backend (decided where the cluster picks the backend).
@Suite struct ChaosTargetingTests {
    let ms = ChaosFixtures.ms
    let error = ChaosFault.error(status: 503)

    func struckPositions(_ window: ChaosSpec, mixed: Bool = false, only template: Int32? = nil) throws -> [Int] {
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window], mixed: mixed, timeout: nil))
        let templates = ChaosFixtures.templates(result)
        let attempts = ChaosFixtures.attempts(result).filter { template == nil || templates[$0.request] == template }
        return attempts.enumerated().filter { $0.element.window != nil }.map { $0.offset + 1 }
    }

    @Test func test_firstStrikesExactlyTheFirstNAttempts_toxiproxy404() throws {
        #expect(try struckPositions(ChaosFixtures.window(error, sequence: ChaosSequence(first: 3))) == [1, 2, 3])
    }

    @Test func test_everyStrikesEveryNthAttempt_wireMock1173() throws {
        #expect(try struckPositions(ChaosFixtures.window(error, sequence: ChaosSequence(every: 25))) == [25, 50, 75])
    }

    @Test func test_afterLetsNThroughThenTheRestCount() throws {
        #expect(try struckPositions(ChaosFixtures.window(error, sequence: ChaosSequence(first: 2, after: 5))) == [6, 7])
        #expect(try struckPositions(ChaosFixtures.window(error, sequence: ChaosSequence(every: 30, after: 10))) == [40, 70])
        let after = try struckPositions(ChaosFixtures.window(error, sequence: ChaosSequence(after: 95)))
        #expect(after == [96, 97, 98, 99])
    }

    @Test func test_sequenceCountsOnlyTheAttemptsTheWindowMatches() throws {
        // Half the traffic is POST /y; the window sees only it, and strikes its 2nd, 4th, 6th… attempts.
        let window = ChaosFixtures.window(error, sequence: ChaosSequence(every: 2), match: ChaosMatch(path: "/y/*"))
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window], mixed: true, timeout: nil))
        let templates = ChaosFixtures.templates(result)
        let attempts = ChaosFixtures.attempts(result)
        #expect(attempts.filter { templates[$0.request] == 0 }.allSatisfy { $0.window == nil })
        let onY = attempts.filter { templates[$0.request] == 1 }
        #expect(onY.count > 20)
        for (i, attempt) in onY.enumerated() { #expect((attempt.window != nil) == ((i + 1) % 2 == 0)) }
    }

    @Test func test_conditionalFaultsStrikeOnlyMatchingRequests_toxiproxy518() throws {
        for match in [ChaosMatch(method: "post"), ChaosMatch(path: "/y/{id}"), ChaosMatch(method: "POST", path: "/*")] {
            let result = try ChaosFixtures.run(ChaosFixtures.scenario([ChaosFixtures.window(error, match: match)], mixed: true, timeout: nil))
            let templates = ChaosFixtures.templates(result)
            let attempts = ChaosFixtures.attempts(result)
            #expect(attempts.allSatisfy { ($0.window != nil) == (templates[$0.request] == 1) }, "\(match)")
        }
        // Plain HTTP templates send no headers; gRPC's carry its content type, and its method is the operation.
        let get = RequestTemplate(path: "/x/{id}")
        let call = RequestTemplate(method: "POST", path: "/shop.Catalog/Get",
                                   kind: .grpc(GRPCCall(method: GRPCMethodPath("/shop.Catalog/Get")!)))
        let byHeader = ChaosMatch(headers: [("Content-Type", "application/grpc-web+proto")])
        #expect(!byHeader.matches(get) && byHeader.matches(call))
        #expect(ChaosMatch(operation: "/shop.Catalog/*").matches(call) && !ChaosMatch(operation: "/shop.Catalog/List").matches(call))
        #expect(!ChaosMatch(operation: "*").matches(get))
    }

    @Test func test_rampedRateRisesLinearlyAcrossTheWindow_toxiproxyToxicity() throws {
        // 0 → 1 over 30 s at 300 requests/s: the thirds' expected rates are 1/6, 1/2, 5/6 (3000
        // attempts each). Tolerance: 5 binomial standard deviations, sqrt(n p (1 - p)) ≤ 27.4.
        let window = ChaosFixtures.window(ChaosFault(kind: .error(statuses: [503]), rate: ChaosRate(from: 0, to: 1)))
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window], rate: 300, duration: .seconds(30), timeout: nil))
        let attempts = ChaosFixtures.attempts(result)
        let third = 10_000 * ms
        for (k, expected) in [(0, 1.0 / 6), (1, 0.5), (2, 5.0 / 6)] {
            let inThird = attempts.filter { $0.sentAt >= Int64(k) * third && $0.sentAt < Int64(k + 1) * third }
            let struck = Double(inThird.filter { $0.window != nil }.count)
            let n = Double(inThird.count)
            let tolerance = 5 * (n * expected * (1 - expected)).squareRoot()
            #expect(abs(struck - n * expected) <= tolerance, "third \(k): \(struck) of \(n), expected \(n * expected) ± \(tolerance)")
        }
        // And within the first tenth almost nothing (expected 1/20 of 900 attempts).
        #expect(attempts.filter { $0.sentAt < 3_000 * ms && $0.window != nil }.count < 90)
    }

    @Test func test_routeWindowStrikesOnlyTheRoutesRequestsOnAnyOfItsClusters() throws {
        let routes = [RouteSpec(name: "xs", pathPattern: "/x/*", clusters: ["a", "b"]),
                      RouteSpec(name: "ys", pathPattern: "/y/*", clusters: ["a", "b"])]
        let window = ChaosFixtures.window(error, target: .route("ys"))
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window], clusters: [ChaosFixtures.cluster("a"), ChaosFixtures.cluster("b")],
                                                                  routes: routes, mixed: true, timeout: nil))
        let templates = ChaosFixtures.templates(result)
        let attempts = ChaosFixtures.attempts(result)
        #expect(attempts.allSatisfy { ($0.window != nil) == (templates[$0.request] == 1) })
        #expect(Set(attempts.filter { $0.window != nil }.map(\.cluster)) == [0, 1])
        #expect(result.events(.chaosBegan).map(\.detail) == [-1])
    }

    @Test func test_backendWindowStrikesOnlyTheAttemptsItsClusterGivesThatBackend() throws {
        // At 10 requests/s with 10 ms of service every attempt finds both backends idle and goes
        // to the first (ties go to the lowest index): a window on backend 1 never strikes.
        let clusters = [ChaosFixtures.cluster(backends: 2, concurrency: 1)]
        let onFirst = ChaosFixtures.window(ChaosFault(kind: .down), target: .backend(cluster: "a", index: 0))
        let first = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([onFirst], clusters: clusters, rate: 10, timeout: nil)))
        #expect(!first.isEmpty && first.allSatisfy { $0.status == 503 && $0.outcome == .refused && $0.latency == 0 })
        let onSecond = ChaosFixtures.window(ChaosFault(kind: .down), target: .backend(cluster: "a", index: 1))
        let second = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([onSecond], clusters: clusters, rate: 10, timeout: nil)))
        #expect(second.filter { $0.outcome != nil }.allSatisfy { $0.status == 200 && $0.latency == 10 * ms })
        // An arrival every 5 ms, 12 ms of service: the second backend takes the attempts the first
        // is busy for — refused at once, so nothing ever queues behind the first.
        let busy = [ChaosFixtures.cluster(backends: 2, concurrency: 1, latency: .constant(.milliseconds(12)))]
        let mixed = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([onSecond], clusters: busy, rate: 200, timeout: nil)))
            .filter { $0.outcome != nil }
        let refused = mixed.filter { $0.outcome == .refused }
        #expect(!refused.isEmpty && refused.allSatisfy { $0.latency == 0 && $0.status == 503 })
        #expect(mixed.filter { $0.outcome == .ok }.allSatisfy { $0.latency == 12 * ms })
        #expect(refused.count + mixed.filter { $0.outcome == .ok }.count == mixed.count)
    }

    @Test func test_backendLatencyLengthensItsServiceAndAResetEndsAfterItsHold() throws {
        let clusters = [ChaosFixtures.cluster(backends: 2, concurrency: 1)]
        let slow = ChaosFixtures.window(.latency(delay: .milliseconds(25)), target: .backend(cluster: "a", index: 0))
        let slowed = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([slow], clusters: clusters, rate: 10, timeout: nil)))
        #expect(slowed.filter { $0.outcome != nil }.allSatisfy { $0.status == 200 && $0.outcome == .ok && $0.latency == 35 * ms })
        let reset = ChaosFixtures.window(ChaosFault(kind: .reset(after: .milliseconds(40))), target: .backend(cluster: "a", index: 0))
        let resets = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([reset], clusters: clusters, rate: 10, timeout: nil)))
        #expect(resets.filter { $0.outcome != nil }.allSatisfy { $0.status == 503 && $0.outcome == .reset && $0.latency == 40 * ms })
        let cut = ChaosFixtures.window(ChaosFault(kind: .limitData(bytes: 10)), target: .backend(cluster: "a", index: 0))
        let cuts = ChaosFixtures.attempts(try ChaosFixtures.run(ChaosFixtures.scenario([cut], clusters: clusters, rate: 10, timeout: nil)))
        #expect(cuts.filter { $0.outcome != nil }.allSatisfy { $0.status == 200 && $0.outcome == .truncated && $0.latency == 10 * ms })
    }

    @Test func test_windowWithoutForStaysOpenToTheEndOfTheRun() throws {
        let window = ChaosFixtures.window(error, at: .milliseconds(500))
        let result = try ChaosFixtures.run(ChaosFixtures.scenario([window], timeout: nil))
        #expect(ChaosFixtures.attempts(result).allSatisfy { ($0.window != nil) == ($0.sentAt >= 500 * ms) })
        #expect(result.events(.chaosEnded).isEmpty)
    }
}
