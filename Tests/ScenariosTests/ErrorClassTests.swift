import Protocols
import Testing
import Scenarios

/// The error classification table of `ErrorClass` row by row (seed 003's error types; statuses as
/// RFC 9110 §15 and RFC 6585 §4 define them), and the severity of each class (seed 003's levels).
@Suite struct ErrorClassTests {
    typealias Reason = MockVerdict.Reason

    /// Outcomes whose status decides the class.
    static let statusOutcomes: [Reason] = [.ok, .chaos, .internalError, .cancelled]

    // MARK: Rows where the outcome decides, whatever the status

    @Test(arguments: [
        (Reason.timeout, ErrorClass.timeout), (.rateLimit, .rateLimit), (.circuitBreaker, .circuitBreaker),
        (.serviceUnavailable, .serviceUnavailable), (.overflow, .serviceUnavailable), (.reset, .serviceUnavailable),
        (.refused, .serviceUnavailable), (.protocolError, .internal), (.truncated, .internal),
    ] as [(Reason, ErrorClass)])
    func test_anOutcomeThatNamesAFailureDecidesTheClassWhateverTheStatus(outcome: Reason, expected: ErrorClass) {
        // Its own gateway status, a 200 (a truncated answer keeps the backend's), and a status of another class.
        for status: Int16 in [200, 401, 404, 429, 500, 502, 503, 504] {
            #expect(ErrorClass.of(status: status, outcome: outcome) == expected, "\(outcome) \(status)")
        }
    }

    // MARK: Rows where the status decides

    @Test(arguments: [
        (Int16(401), ErrorClass.authentication),  // RFC 9110 §15.5.2 Unauthorized
        (403, .authorization),                    // §15.5.4 Forbidden
        (404, .notFound),                         // §15.5.5 Not Found
        (408, .timeout),                          // §15.5.9 Request Timeout
        (504, .timeout),                          // §15.6.5 Gateway Timeout
        (429, .rateLimit),                        // RFC 6585 §4 Too Many Requests
        (503, .serviceUnavailable),               // §15.6.4 Service Unavailable
        (400, .validation), (422, .validation),   // Bad Request, Unprocessable Content
        (405, .validation), (409, .validation), (407, .validation), (499, .validation),  // other 4xx
        (500, .internal), (502, .internal),       // Internal Server Error, Bad Gateway
        (501, .internal), (505, .internal), (599, .internal),  // other 5xx
    ] as [(Int16, ErrorClass)])
    func test_aStatusOfFourHundredOrAboveDecidesTheClassUnderAnOutcomeThatNamesNoCause(status: Int16, expected: ErrorClass) {
        for outcome in Self.statusOutcomes {
            #expect(ErrorClass.of(status: status, outcome: outcome) == expected, "\(outcome) \(status)")
        }
    }

    @Test(arguments: [Int16(101), 200, 204, 301, 304, 399])
    func test_belowFourHundredOnlyABackendErrorFails(status: Int16) {
        #expect(ErrorClass.of(status: status, outcome: .ok) == nil)
        #expect(ErrorClass.of(status: status, outcome: .chaos) == nil)  // chaos classifies by the status it put in
        #expect(ErrorClass.of(status: status, outcome: .cancelled) == nil)
        #expect(ErrorClass.of(status: status, outcome: .internalError) == .internal)
    }

    // MARK: Severity

    /// Seed 003: low "no immediate action", medium "monitoring", high "investigation", critical "immediate action".
    @Test func test_eachClassHasTheSeverityOfTheDocumentedRule() {
        let expected: [ErrorClass: Severity] = [
            .authentication: .low, .authorization: .low, .validation: .low, .notFound: .low,
            .timeout: .medium, .rateLimit: .medium,
            .internal: .high, .serviceUnavailable: .high,
            .circuitBreaker: .critical,
        ]
        #expect(expected.count == ErrorClass.allCases.count)
        for c in ErrorClass.allCases { #expect(c.severity == expected[c], "\(c.name)") }
    }

    @Test func test_namesAreTheSeeds() {
        #expect(ErrorClass.allCases.map(\.name) == ["authentication", "authorization", "validation", "service_unavailable", "timeout",
                                                   "rate_limit", "circuit_breaker", "internal", "not_found"])
        #expect(Severity.allCases.map(\.name) == ["low", "medium", "high", "critical"])
    }
}
