import Protocols

/// What a chaos window does to an attempt it strikes, and how likely a strike is.
///
/// `rate` is Toxiproxy's `toxicity` (https://github.com/Shopify/toxiproxy#toxic-fields): the
/// probability that the fault applies to an attempt; 0 never applies (Toxiproxy #603 reports a
/// residual effect at 0 there; here 0 means none).
public struct ChaosFault: Sendable, Equatable {
    public var kind: ChaosFaultKind
    public var rate: ChaosRate

    public init(kind: ChaosFaultKind, rate: ChaosRate = 1) {
        self.kind = kind
        self.rate = rate
    }

    /// The backend serves the request, then the answer is replaced by `status`.
    public static func error(status: Int, rate: ChaosRate = 1) -> ChaosFault { ChaosFault(kind: .error(statuses: [status]), rate: rate) }
    /// `delay` is added before the request reaches its backend.
    public static func latency(delay: TimeSpan, rate: ChaosRate = 1) -> ChaosFault {
        ChaosFault(kind: .latency(ChaosLatency(.fixed(delay))), rate: rate)
    }
    /// The request is never answered; only the route's timeout ends the attempt.
    public static func hang(rate: ChaosRate = 1) -> ChaosFault { ChaosFault(kind: .hang, rate: rate) }

    public var kindName: String { kind.name }
}

/// The faults, after Toxiproxy's toxics (https://github.com/Shopify/toxiproxy#toxics), WireMock's
/// faults (https://wiremock.org/docs/simulating-faults/) and protocol-aware answers. Docs/SCENARIOS.md
/// ("Chaos") tables what each does to an attempt's outcome, status and timing.
public enum ChaosFaultKind: Sendable, Equatable {
    /// The backend serves the request, then the answer is replaced by one of `statuses`, drawn
    /// uniformly (outcome `chaos`).
    case error(statuses: [Int])
    /// A delay before the request reaches its backend (Toxiproxy `latency`).
    case latency(ChaosLatency)
    /// The request is never answered; only the route's timeout ends the attempt.
    case hang
    /// Toxiproxy `timeout`: no data gets through and the connection closes after `hold` — the
    /// attempt ends as `reset` then; a zero hold never closes (a hang).
    case timeout(hold: TimeSpan)
    /// Toxiproxy `reset_peer`, WireMock `CONNECTION_RESET_BY_PEER`: the connection is reset after
    /// `after` (0: at once) and the gateway answers 503 (`reset`).
    case reset(after: TimeSpan)
    /// Toxiproxy `down` (the proxy disabled): the connection is refused at once, 503 (`refused`).
    case down
    /// Toxiproxy `bandwidth`: the answer's body arrives at `bytesPerSecond` (Toxiproxy's `rate` is
    /// in KB/s, 1000 bytes): the attempt takes `body size / bytesPerSecond` longer.
    case bandwidth(bytesPerSecond: Double)
    /// Toxiproxy `slow_close`: the connection closes `delay` after the answer; the attempt ends then.
    case slowClose(delay: TimeSpan)
    /// Toxiproxy `slicer`: the answer's body is sent in slices of about `averageSize` bytes, `delay`
    /// after each; the answer is whole, only later.
    case slicer(averageSize: Int, sizeVariation: Int, delay: TimeSpan)
    /// Toxiproxy `limit_data`: the connection closes after `bytes` of the body; a longer answer
    /// arrives cut (`truncated`, its status kept).
    case limitData(bytes: Int)
    /// WireMock `EMPTY_RESPONSE`: the backend closes without a byte; the gateway answers 502.
    case emptyResponse
    /// WireMock `MALFORMED_RESPONSE_CHUNK`: a status line, then garbage; the gateway answers 502.
    case malformedResponse
    /// WireMock `RANDOM_DATA_THEN_CLOSE`: garbage, then close; the gateway answers 502.
    case randomDataThenClose
    /// A gRPC answer with this status (the books hold the code's HTTP status, outcome `chaos`).
    case grpc(code: GRPCStatusCode, message: String)
    /// A WebSocket session's chaos: the server closes with a code, or messages are dropped.
    case websocket(WebSocketChaos)
    /// A GraphQL answer whose chosen fields (`Type.field`) fail with `message`: partial data, 200.
    case graphql(fields: [String], message: String)

    /// The scenario format's name of the kind.
    public var name: String {
        switch self {
        case .error: return "error"
        case .latency: return "latency"
        case .hang: return "hang"
        case .timeout: return "timeout"
        case .reset: return "reset"
        case .down: return "down"
        case .bandwidth: return "bandwidth"
        case .slowClose: return "slow_close"
        case .slicer: return "slicer"
        case .limitData: return "limit_data"
        case .emptyResponse: return "empty_response"
        case .malformedResponse: return "malformed_response"
        case .randomDataThenClose: return "random_data_then_close"
        case .grpc: return "grpc"
        case .websocket: return "websocket"
        case .graphql: return "graphql"
        }
    }

    /// Every kind's name, as the loader lists them.
    public static let names = ["error", "latency", "hang", "timeout", "reset", "down", "bandwidth", "slow_close", "slicer", "limit_data",
                               "empty_response", "malformed_response", "random_data_then_close", "grpc", "websocket", "graphql"]

    /// Whether an attempt struck by this fault may never be answered (the router must know at send).
    public var mayHang: Bool {
        switch self {
        case .hang: return true
        case .timeout(let hold): return hold == .zero
        default: return false
        }
    }

    /// Whether the fault's effect depends on the size of the answer's body.
    public var readsBodySize: Bool {
        switch self {
        case .bandwidth, .slicer, .limitData: return true
        default: return false
        }
    }
}

/// What a chaos window does to a WebSocket session's messages.
public enum WebSocketChaos: Sendable, Equatable {
    /// The server closes the session with `code` (and `reason`) when a client message is struck.
    case close(code: WebSocketCloseCode, reason: String)
    /// The struck client message is dropped (the server never sees it), or the server's replies
    /// to it are (the client never sees them).
    case drop(WebSocketDirection)
}

/// Which way a dropped WebSocket message was going.
public enum WebSocketDirection: String, Sendable, CaseIterable {
    case client, server
}

/// A probability that may rise (or fall) linearly across its window: `from` at the window's start,
/// `to` at its end. A constant rate has `from == to`.
public struct ChaosRate: Sendable, Equatable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var from: Double
    public var to: Double

    public init(_ constant: Double) { from = constant; to = constant }
    public init(from: Double, to: Double) { self.from = from; self.to = to }
    public init(floatLiteral value: Double) { self.init(value) }
    public init(integerLiteral value: Int) { self.init(Double(value)) }

    public var isRamp: Bool { from != to }

    /// The rate `fraction` of the way through the window (0 at its start, 1 at its end).
    @inline(__always)
    public func value(at fraction: Double) -> Double { from + (to - from) * fraction }
}
