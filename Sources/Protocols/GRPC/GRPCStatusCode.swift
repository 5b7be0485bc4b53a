/// The 17 gRPC status codes, with their canonical names and the HTTP mappings in both
/// directions: what a gRPC client makes of an HTTP status when no `grpc-status` came
/// (grpc's http-grpc-status-mapping.md), and the HTTP status a gateway answers for a code.
public enum GRPCStatusCode: Int, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0, cancelled, unknown, invalidArgument, deadlineExceeded, notFound, alreadyExists, permissionDenied,
         resourceExhausted, failedPrecondition, aborted, outOfRange, unimplemented, `internal`, unavailable, dataLoss,
         unauthenticated

    /// The name as gRPC writes it: `DEADLINE_EXCEEDED`.
    public var name: String {
        switch self {
        case .ok: return "OK"
        case .cancelled: return "CANCELLED"
        case .unknown: return "UNKNOWN"
        case .invalidArgument: return "INVALID_ARGUMENT"
        case .deadlineExceeded: return "DEADLINE_EXCEEDED"
        case .notFound: return "NOT_FOUND"
        case .alreadyExists: return "ALREADY_EXISTS"
        case .permissionDenied: return "PERMISSION_DENIED"
        case .resourceExhausted: return "RESOURCE_EXHAUSTED"
        case .failedPrecondition: return "FAILED_PRECONDITION"
        case .aborted: return "ABORTED"
        case .outOfRange: return "OUT_OF_RANGE"
        case .unimplemented: return "UNIMPLEMENTED"
        case .internal: return "INTERNAL"
        case .unavailable: return "UNAVAILABLE"
        case .dataLoss: return "DATA_LOSS"
        case .unauthenticated: return "UNAUTHENTICATED"
        }
    }

    public var description: String { name }

    /// A code from its name (`UNAVAILABLE`, any case) or its number (`14`).
    public init?(name: String) {
        if let number = Int(name), let code = GRPCStatusCode(rawValue: number) {
            self = code
            return
        }
        guard let code = GRPCStatusCode.allCases.first(where: { $0.name.caseInsensitiveEquals(name) }) else { return nil }
        self = code
    }

    /// The code a client reports for an HTTP response that carried no gRPC status.
    public init(httpStatus: Int) {
        switch httpStatus {
        case 200: self = .unknown
        case 400: self = .internal
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404: self = .unimplemented
        case 429, 502, 503, 504: self = .unavailable
        default: self = .unknown
        }
    }

    /// The code behind a gateway's HTTP status: the inverse of `httpStatus`, choosing the most
    /// common code where several share a status (400 INVALID_ARGUMENT, 409 ABORTED, 500 INTERNAL),
    /// and the client mapping (`init(httpStatus:)`) for statuses no code maps to.
    public init(gatewayStatus status: Int) {
        switch status {
        case 200: self = .ok
        case 400: self = .invalidArgument
        case 409: self = .aborted
        case 500: self = .internal
        default:
            self = GRPCStatusCode.allCases.first { $0.httpStatus == status } ?? GRPCStatusCode(httpStatus: status)
        }
    }

    /// The HTTP status a gateway (grpc-gateway, Envoy's transcoder) answers for this code.
    public var httpStatus: Int {
        switch self {
        case .ok: return 200
        case .cancelled: return 499
        case .unknown, .internal, .dataLoss: return 500
        case .invalidArgument, .failedPrecondition, .outOfRange: return 400
        case .deadlineExceeded: return 504
        case .notFound: return 404
        case .alreadyExists, .aborted: return 409
        case .permissionDenied: return 403
        case .resourceExhausted: return 429
        case .unimplemented: return 501
        case .unavailable: return 503
        case .unauthenticated: return 401
        }
    }
}
