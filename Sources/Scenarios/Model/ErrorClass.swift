import Protocols

/// What kind of failure a failed request was: the error types of the error classification the lab
/// grew from (seed 003, "Error Classification"), one per failed request, none for a request that
/// did not fail. Reports and `errors_by_class_total{class, severity}` count by it.
///
/// A request *failed* when its status is 400 or above, or when its outcome names a failure the
/// status may not show (a `truncated` answer keeps the backend's 200). The outcome decides when
/// it names the cause (the gateway answered, or the answer broke on the way); otherwise the status
/// decides, read as HTTP defines it (RFC 9110 §15, https://www.rfc-editor.org/rfc/rfc9110#section-15;
/// 429 from RFC 6585 §4, https://www.rfc-editor.org/rfc/rfc6585#section-4):
///
/// | outcome | status | class |
/// | --- | --- | --- |
/// | `timeout` | any | `timeout` |
/// | `rateLimit` | any | `rate_limit` |
/// | `circuitBreaker` | any | `circuit_breaker` |
/// | `serviceUnavailable`, `overflow`, `reset`, `refused` | any | `service_unavailable` |
/// | `protocolError`, `truncated` | any | `internal` |
/// | `ok`, `chaos`, `internalError`, `cancelled` | 401 | `authentication` |
/// | 〃 | 403 | `authorization` |
/// | 〃 | 404 | `not_found` |
/// | 〃 | 408, 504 | `timeout` |
/// | 〃 | 429 | `rate_limit` |
/// | 〃 | 503 | `service_unavailable` |
/// | 〃 | other 4xx (400, 422, …) | `validation` |
/// | 〃 | other 5xx and above (500, 502, …) | `internal` |
/// | `internalError` | below 400 | `internal` |
/// | `ok`, `chaos`, `cancelled` | below 400 | none: not failed |
///
/// A chaos window's status is classified like a backend's: the fault replaced the answer, and the
/// status is what the client saw.
public enum ErrorClass: Int, Sendable, CaseIterable {
    case authentication, authorization, validation, serviceUnavailable, timeout, rateLimit, circuitBreaker, `internal`, notFound

    /// The class of a request that ended with `status` and `outcome`, or nil when it did not fail.
    /// Called for every completed request: a few comparisons, no allocation.
    @inline(__always)
    public static func of(status: Int16, outcome: MockVerdict.Reason) -> ErrorClass? {
        switch outcome {
        case .ok, .chaos, .cancelled:
            return status < 400 ? nil : of(failedStatus: status)
        case .internalError:
            return status < 400 ? .internal : of(failedStatus: status)
        case .timeout: return .timeout
        case .rateLimit: return .rateLimit
        case .circuitBreaker: return .circuitBreaker
        case .serviceUnavailable, .overflow, .reset, .refused: return .serviceUnavailable
        case .protocolError, .truncated: return .internal
        }
    }

    /// The class of a status of 400 or above.
    @inline(__always)
    private static func of(failedStatus status: Int16) -> ErrorClass {
        switch status {
        case 401: return .authentication
        case 403: return .authorization
        case 404: return .notFound
        case 408, 504: return .timeout
        case 429: return .rateLimit
        case 503: return .serviceUnavailable
        case 400..<500: return .validation
        default: return .internal
        }
    }

    /// How urgent a failure of this class is; a function of the class alone, so every request of
    /// a class has one severity (the rule is `Severity`'s).
    @inline(__always)
    public var severity: Severity {
        switch self {
        case .authentication, .authorization, .validation, .notFound: return .low
        case .timeout, .rateLimit: return .medium
        case .serviceUnavailable, .internal: return .high
        case .circuitBreaker: return .critical
        }
    }

    /// The seed's name, used as the `class` label and the reports' key.
    public var name: String {
        switch self {
        case .authentication: return "authentication"
        case .authorization: return "authorization"
        case .validation: return "validation"
        case .serviceUnavailable: return "service_unavailable"
        case .timeout: return "timeout"
        case .rateLimit: return "rate_limit"
        case .circuitBreaker: return "circuit_breaker"
        case .internal: return "internal"
        case .notFound: return "not_found"
        }
    }
}
