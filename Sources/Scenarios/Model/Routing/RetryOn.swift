import Protocols

/// The answers a route retries: Envoy's retry-on policies, its `retriable_status_codes` and its
/// gRPC retry-on policies, kept as a bit mask of triggers, a mask of gRPC codes and up to
/// `maximumStatuses` listed statuses, so `matches` is a few integer tests per answer.
///
/// Envoy decides a retry on one of two paths, and so does `matches`:
/// - *A response arrived* (Envoy's `wouldRetryFromHeaders`): its status is tested against `5xx`
///   (500–599), `gateway-error` (502, 503, 504), `retriable-4xx` (409), the listed statuses and the
///   gRPC codes (the code behind the gateway status, `GRPCStatusCode(gatewayStatus:)`).
/// - *No response came* (Envoy's `wouldRetryFromReset`): a reset or a malformed answer, a refused
///   connection, or the attempt's per-try timeout, which Envoy handles as a local reset of the
///   attempt. `5xx`, `gateway-error` and `reset` retry every one of them; `connect-failure` only
///   the refused connection; the lab's own `timeout` only the per-try timeout. The gRPC names never
///   retry these: Envoy reads gRPC codes from response headers only.
///
/// Never retried, whatever the conditions: a pool overflow (Envoy short-circuits an `Overflow`
/// reset before any policy), a rate-limited request and a request no breaker admitted (both are
/// answered before any attempt is sent), and a hedge that lost its race.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-grpc-on
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-retrypolicy
public struct RetryOn: Sendable, Hashable, CustomStringConvertible {
    /// The primitive events a retry condition stands for; each name is a union of them.
    public struct Triggers: OptionSet, Sendable, Hashable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A response with a status from 500 to 599.
        public static let serverStatus = Triggers(rawValue: 1 << 0)
        /// A response with status 502, 503 or 504.
        public static let gatewayStatus = Triggers(rawValue: 1 << 1)
        /// A response with status 409 (Envoy's only retriable 4xx).
        public static let conflictStatus = Triggers(rawValue: 1 << 2)
        /// No response: the peer reset the connection, or its bytes were no valid answer.
        public static let reset = Triggers(rawValue: 1 << 3)
        /// No response: the connection was refused.
        public static let connectFailure = Triggers(rawValue: 1 << 4)
        /// No response before the route's per-try timeout.
        public static let perTryTimeout = Triggers(rawValue: 1 << 5)

        /// What no response at all triggers under `5xx`, `gateway-error` and `reset`.
        public static let noResponse: Triggers = [.reset, .connectFailure, .perTryTimeout]
    }

    /// Statuses a route may list besides its named conditions.
    public static let maximumStatuses = 8

    public private(set) var triggers: Triggers
    /// Bit `n` set: retry a response whose gRPC code is `n`.
    public private(set) var grpcCodes: UInt32
    /// The listed statuses; unused lanes are 0, which no status is.
    public private(set) var statuses: SIMD8<UInt16>
    /// Whether any status is listed (so most answers are decided without the vector compare).
    public private(set) var listsStatuses = false

    /// Retries nothing.
    public static let none = RetryOn()

    public init() {
        triggers = []
        grpcCodes = 0
        statuses = .zero
    }

    /// The union of `names` and the listed statuses (each from 100 to 599, at most `maximumStatuses`
    /// distinct ones; `ScenarioLimits.status` and the loader say so before a bad list gets here).
    public init(_ names: [RetryOnName] = [], statuses listed: [Int] = []) {
        self.init()
        for name in names { insert(name) }
        for status in listed {
            precondition(insert(status: status), "at most \(Self.maximumStatuses) statuses from 100 to 599")
        }
    }

    /// Today's `retries.on` conditions, with the behaviour they have always had: `5xx` retries
    /// every answer with a status of 500 or more (what a backend, the chaos, a full queue or a
    /// broken connection produced), but not the per-try timeout, which only `timeout` retries.
    /// Envoy's `5xx` retries the timeout too; the legacy spelling keeps the lab's old meaning.
    public init(legacy conditions: [RetryCondition]) {
        self.init()
        for condition in conditions {
            switch condition {
            case .serverError: triggers.formUnion([.serverStatus, .reset, .connectFailure])
            case .timeout: triggers.insert(.perTryTimeout)
            }
        }
    }

    public mutating func insert(_ name: RetryOnName) {
        triggers.formUnion(name.triggers)
        if let code = name.grpcCode { grpcCodes |= 1 << UInt32(code.rawValue) }
    }

    /// Adds a listed status; false when it is outside 100...599 or the list is full.
    @discardableResult
    public mutating func insert(status: Int) -> Bool {
        guard (100...599).contains(status) else { return false }
        if any(statuses .== SIMD8(repeating: UInt16(status))) { return true }
        var listed = listedStatuses
        guard listed.count < Self.maximumStatuses else { return false }
        listed.append(status)
        listed.sort()
        statuses = .zero
        for (index, value) in listed.enumerated() { statuses[index] = UInt16(value) }
        listsStatuses = true
        return true
    }

    /// The listed statuses, ascending (so two lists of the same statuses are equal).
    public var listedStatuses: [Int] {
        (0..<Self.maximumStatuses).compactMap { statuses[$0] == 0 ? nil : Int(statuses[$0]) }
    }

    public var isEmpty: Bool { triggers.isEmpty && grpcCodes == 0 && statuses == .zero }

    /// Whether an attempt that ended so is retried (Envoy's two paths; see the type's comment).
    @inlinable
    public func matches(status: Int, outcome: MockVerdict.Reason) -> Bool {
        switch outcome {
        case .ok, .internalError, .chaos, .serviceUnavailable, .truncated: return matchesResponse(status: status)
        case .reset, .protocolError: return triggers.contains(.reset)
        case .refused: return triggers.contains(.connectFailure)
        case .timeout: return triggers.contains(.perTryTimeout)
        case .overflow, .rateLimit, .circuitBreaker, .cancelled: return false
        }
    }

    /// Whether a response that arrived with `status` is retried.
    @inlinable
    public func matchesResponse(status: Int) -> Bool {
        // Below 400 only a listed status can match (no condition name covers one, and no gRPC
        // code but OK maps to one): the common answer costs two compares.
        if status < 400 && !listsStatuses { return false }
        if triggers.contains(.serverStatus) && status >= 500 && status <= 599 { return true }
        if triggers.contains(.gatewayStatus) && status >= 502 && status <= 504 { return true }
        if triggers.contains(.conflictStatus) && status == 409 { return true }
        if grpcCodes != 0 && status >= 0 && status < Self.grpcCodeByStatus.count
            && grpcCodes & (1 << UInt32(Self.grpcCodeByStatus[status])) != 0 { return true }
        if status > 0 && status <= Int(UInt16.max) && any(statuses .== SIMD8(repeating: UInt16(status))) { return true }
        return false
    }

    /// The gRPC code behind each gateway status from 0 to 599, computed once so a match reads a
    /// table instead of searching `GRPCStatusCode.allCases`.
    @usableFromInline static let grpcCodeByStatus: [UInt8] = (0..<600).map { UInt8(GRPCStatusCode(gatewayStatus: $0).rawValue) }

    /// The triggers, gRPC codes and statuses, for messages and traces: `5xx responses, resets, 409`.
    public var description: String {
        if isEmpty { return "nothing" }
        let named: [(Triggers, String)] = [(.serverStatus, "5xx responses"), (.gatewayStatus, "502/503/504 responses"),
                                           (.conflictStatus, "409 responses"), (.reset, "resets"),
                                           (.connectFailure, "connect failures"), (.perTryTimeout, "per-try timeouts")]
        var parts = named.filter { triggers.contains($0.0) }.map(\.1)
        parts += GRPCStatusCode.allCases.filter { grpcCodes & (1 << UInt32($0.rawValue)) != 0 }.map { "gRPC \($0.name)" }
        parts += listedStatuses.map(String.init)
        return parts.joined(separator: ", ")
    }
}

/// A named retry condition, spelt as in Envoy's `retry_on` (`x-envoy-retry-on` and
/// `x-envoy-retry-grpc-on`), plus the lab's `timeout`.
///
/// https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
public enum RetryOnName: String, Sendable, CaseIterable {
    /// Any 5xx response, and no response at all: reset, refused, per-try timeout (Envoy: "Includes
    /// connect-failure and refused-stream"; a per-try timeout resets the attempt, which 5xx retries).
    case fiveXX = "5xx"
    /// A 502, 503 or 504 response, and no response at all (Envoy counts a reset as a gateway error).
    case gatewayError = "gateway-error"
    /// No response at all: reset, malformed answer, refused connection, per-try timeout.
    case reset
    /// A refused connection only (Envoy: "connect timeout, etc."; never a request timeout).
    case connectFailure = "connect-failure"
    /// The route's per-try timeout only. Envoy has no such name: there the timeout is retried by
    /// `5xx`, `gateway-error` and `reset`, as a locally reset attempt.
    case timeout
    /// A 409 response (Envoy: "Currently, the only response code in this category is 409").
    case retriable4xx = "retriable-4xx"
    /// gRPC CANCELLED (1) in the response.
    case cancelled
    /// gRPC DEADLINE_EXCEEDED (4) in the response (not the route's own per-try timeout).
    case deadlineExceeded = "deadline-exceeded"
    /// gRPC INTERNAL (13) in the response.
    case `internal`
    /// gRPC RESOURCE_EXHAUSTED (8) in the response.
    case resourceExhausted = "resource-exhausted"
    /// gRPC UNAVAILABLE (14) in the response.
    case unavailable

    public var triggers: RetryOn.Triggers {
        switch self {
        case .fiveXX: return RetryOn.Triggers.noResponse.union(.serverStatus)
        case .gatewayError: return RetryOn.Triggers.noResponse.union(.gatewayStatus)
        case .reset: return RetryOn.Triggers.noResponse
        case .connectFailure: return .connectFailure
        case .timeout: return .perTryTimeout
        case .retriable4xx: return .conflictStatus
        case .cancelled, .deadlineExceeded, .internal, .resourceExhausted, .unavailable: return []
        }
    }

    /// The gRPC code a gRPC name retries; nil for the HTTP names.
    public var grpcCode: GRPCStatusCode? {
        switch self {
        case .cancelled: return .cancelled
        case .deadlineExceeded: return .deadlineExceeded
        case .internal: return .internal
        case .resourceExhausted: return .resourceExhausted
        case .unavailable: return .unavailable
        default: return nil
        }
    }
}
