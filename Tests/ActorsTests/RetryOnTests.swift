import Protocols
import Scenarios
import Testing

/// Every retry condition against answers, per Envoy's router filter docs
/// (https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on).
@Suite struct RetryOnTests {
    typealias Reason = MockVerdict.Reason

    /// Outcomes that carry a response's status (Envoy's header path).
    static let responses: [Reason] = [.ok, .internalError, .chaos, .serviceUnavailable, .truncated]
    /// Outcomes without a response (Envoy's reset path), with the status the gateway answers.
    static let noResponse: [(Reason, Int)] = [(.reset, 503), (.protocolError, 502), (.refused, 503), (.timeout, 504)]
    /// Outcomes never retried.
    static let never: [(Reason, Int)] = [(.overflow, 503), (.rateLimit, 429), (.circuitBreaker, 503), (.cancelled, 499)]

    static func on(_ names: RetryOnName...) -> RetryOn { RetryOn(names) }

    /// Which statuses from 100 to 599 a condition retries when a response carried them.
    static func retriedStatuses(_ on: RetryOn, outcome: Reason = .ok) -> [Int] {
        (100...599).filter { on.matches(status: $0, outcome: outcome) }
    }

    @Test func test_5xx_retriesEvery5xxResponseAndEveryFailureWithoutResponse() {
        let on = Self.on(.fiveXX)
        for outcome in Self.responses { #expect(Self.retriedStatuses(on, outcome: outcome) == Array(500...599), "\(outcome)") }
        // "or does not respond at all (disconnect/reset/read timeout). (Includes connect-failure and refused-stream)"
        for (outcome, status) in Self.noResponse { #expect(on.matches(status: status, outcome: outcome), "\(outcome)") }
    }

    @Test func test_gatewayError_retries502to504AndNoResponse_butNot500() {
        let on = Self.on(.gatewayError)
        for outcome in Self.responses { #expect(Self.retriedStatuses(on, outcome: outcome) == [502, 503, 504], "\(outcome)") }
        // Envoy's wouldRetryFromReset: "we count an upstream reset as a 5xx" under 5xx and gateway-error.
        for (outcome, status) in Self.noResponse { #expect(on.matches(status: status, outcome: outcome), "\(outcome)") }
    }

    @Test func test_reset_retriesNoResponseOnly_notAny5xxResponse() {
        let on = Self.on(.reset)
        for outcome in Self.responses { #expect(Self.retriedStatuses(on, outcome: outcome).isEmpty, "\(outcome)") }
        for (outcome, status) in Self.noResponse { #expect(on.matches(status: status, outcome: outcome), "\(outcome)") }
    }

    @Test func test_connectFailure_retriesARefusedConnectionOnly_neverARequestTimeout() {
        let on = Self.on(.connectFailure)
        #expect(on.matches(status: 503, outcome: .refused))
        // "This does not include upstream request timeouts."
        #expect(!on.matches(status: 504, outcome: .timeout))
        #expect(!on.matches(status: 503, outcome: .reset))
        #expect(!on.matches(status: 502, outcome: .protocolError))
        #expect(Self.retriedStatuses(on).isEmpty)
    }

    @Test func test_timeout_retriesThePerTryTimeoutOnly() {
        let on = Self.on(.timeout)
        #expect(on.matches(status: 504, outcome: .timeout))
        #expect(!on.matches(status: 504, outcome: .ok), "a 504 the backend sent is a response, not our timeout")
        #expect(!on.matches(status: 503, outcome: .reset))
        #expect(!on.matches(status: 503, outcome: .refused))
    }

    @Test func test_retriable4xx_retries409Only() {
        // "Currently, the only response code in this category is 409."
        #expect(Self.retriedStatuses(Self.on(.retriable4xx)) == [409])
        #expect(!Self.on(.retriable4xx).matches(status: 503, outcome: .reset))
    }

    @Test func test_listedStatuses_retryExactlyThoseResponses() {
        // retriable-status-codes: "any response code matching one defined in … the retry policy".
        let on = RetryOn(statuses: [503, 429, 418])
        #expect(Self.retriedStatuses(on) == [418, 429, 503])
        #expect(on.listedStatuses == [418, 429, 503])
        #expect(!on.matches(status: 503, outcome: .reset), "listed statuses are read from responses, not resets")
        #expect(!on.matches(status: 0, outcome: .ok), "an empty lane matches nothing")
    }

    @Test func test_statusLists_holdAtMostEightDistinctStatuses_inAnyOrder() {
        var on = RetryOn()
        let eight = [500, 501, 502, 503, 504, 505, 506, 507].map { on.insert(status: $0) }
        #expect(eight == Array(repeating: true, count: 8))
        let again = on.insert(status: 503), ninth = on.insert(status: 508), outside = [on.insert(status: 99), on.insert(status: 600)]
        #expect(again, "a status already listed is no new lane")
        #expect(!ninth)
        #expect(outside == [false, false])
        #expect(on.listedStatuses == Array(500...507))
        #expect(RetryOn(statuses: [409, 503]) == RetryOn(statuses: [503, 409, 503]))
    }

    @Test(arguments: [
        (RetryOnName.cancelled, GRPCStatusCode.cancelled),
        (.deadlineExceeded, .deadlineExceeded),
        (.internal, .internal),
        (.resourceExhausted, .resourceExhausted),
        (.unavailable, .unavailable),
    ])
    func test_grpcNames_retryTheResponsesWhoseGatewayStatusCarriesThatCode(name: RetryOnName, code: GRPCStatusCode) {
        let on = RetryOn([name])
        let expected = (100...599).filter { GRPCStatusCode(gatewayStatus: $0) == code }
        #expect(!expected.isEmpty)
        #expect(Self.retriedStatuses(on) == expected, "\(name)")
        #expect(on.matches(status: code.httpStatus, outcome: .ok))
        // "gRPC retries are currently only supported for gRPC status codes in response headers."
        for (outcome, status) in Self.noResponse { #expect(!on.matches(status: status, outcome: outcome), "\(name) \(outcome)") }
    }

    @Test func test_deadlineExceeded_isTheBackendsCode_notTheRoutesPerTryTimeout() {
        #expect(Self.on(.deadlineExceeded).matches(status: 504, outcome: .internalError))
        #expect(!Self.on(.deadlineExceeded).matches(status: 504, outcome: .timeout))
    }

    @Test func test_noConditionRetriesOverflowRateLimitsRefusedBreakersOrLostHedges() {
        // Envoy: "we never retry if the reset reason is overflow"; the others are answered before any attempt.
        let everything = RetryOn(RetryOnName.allCases, statuses: [429, 499, 503])
        for (outcome, status) in Self.never { #expect(!everything.matches(status: status, outcome: outcome), "\(outcome)") }
        for (outcome, status) in Self.noResponse { #expect(everything.matches(status: status, outcome: outcome), "\(outcome)") }
    }

    @Test func test_emptyConditionsRetryNothing() {
        #expect(RetryOn.none.isEmpty)
        for status in 100...599 {
            for outcome in Reason.allCases { #expect(!RetryOn.none.matches(status: status, outcome: outcome)) }
        }
    }

    @Test func test_namesCombineAsAUnion() {
        let on = Self.on(.retriable4xx, .connectFailure, .unavailable)
        for status in 100...599 {
            for outcome in Reason.allCases {
                let alone = [RetryOnName.retriable4xx, .connectFailure, .unavailable].contains { RetryOn([$0]).matches(status: status, outcome: outcome) }
                #expect(on.matches(status: status, outcome: outcome) == alone, "\(status) \(outcome)")
            }
        }
    }

    /// The lab's old `retries.on` keeps its behaviour: 5xx retries every status of 500 or more but not
    /// the per-attempt deadline, which only `timeout` retries (RouterActor's `answered` / `deadline`).
    @Test func test_legacyConditions_keepTheirOldBehaviourOnEveryAnswer() {
        for conditions in [[RetryCondition](), [.serverError], [.timeout], [.serverError, .timeout]] {
            let on = RetryOn(legacy: conditions)
            // Responses carry any status; a failure without response carries the status the gateway answers.
            let answers = Self.responses.flatMap { outcome in (100...599).map { (outcome, $0) } } + Self.noResponse
            for (outcome, status) in answers {
                let old = outcome == .timeout ? conditions.contains(.timeout) : status >= 500 && conditions.contains(.serverError)
                #expect(on.matches(status: status, outcome: outcome) == old, "\(conditions) \(status) \(outcome)")
            }
        }
        #expect(RetryOn(legacy: [.serverError]) != Self.on(.fiveXX), "Envoy's 5xx also retries the per-try timeout")
        #expect(RetryOn(legacy: [.serverError, .timeout]).matches(status: 504, outcome: .timeout))
    }

    @Test func test_descriptionNamesWhatIsRetried() {
        #expect(RetryOn.none.description == "nothing")
        #expect(RetryOn([.retriable4xx, .unavailable], statuses: [503]).description == "409 responses, gRPC UNAVAILABLE, 503")
    }
}
