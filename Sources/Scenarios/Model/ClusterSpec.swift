import Foundation

/// A named group of identical mock backends.
public struct ClusterSpec: Sendable, Equatable {
    public var name: String
    public var backends: Int
    /// Requests one backend serves at once; the rest wait in its FIFO queue.
    public var concurrency: Int
    /// Longest FIFO queue per backend; a request finding it full is answered 503 at once. Nil: unbounded.
    public var queueLimit: Int?
    public var latency: LatencySpec
    /// Probability that a served request is answered with `errorStatus` instead of success.
    public var errorRate: Double
    public var errorStatus: Int
    /// Scripted failures of the cluster's answers, counted in the order the backends give them.
    public var fail: ScriptedFailures?
    public var response: HTTPResponseSpec
    /// What the backends answer in their protocol; `.http(response)` for an HTTP cluster.
    public var mock: MockBehaviour
    /// The router's connection pool and bulkhead toward this cluster; nil: none (unbounded).
    public var pool: PoolSpec? = nil
    /// Envoy's outlier detection over the cluster's backends; nil: none (no backend is ever ejected).
    public var outlier: OutlierSpec? = nil
    /// How the cluster chooses a backend for an attempt; nil: `.leastOutstanding`.
    public var balancer: BackendBalancerSpec? = nil

    public var protocolKind: ClusterProtocol { mock.protocolKind }

    /// The service time of a cluster whose file gives no `latency`: 1 ms, constant.
    public static let defaultLatency = LatencySpec.constant(.milliseconds(1))

    /// The status of a healthy answer in the lab's books (see `ClusterProtocol.successStatus`).
    public var successStatus: Int { protocolKind.successStatus(http: response) }

    public init(name: String, backends: Int, concurrency: Int, queueLimit: Int? = nil, latency: LatencySpec,
                errorRate: Double = 0, errorStatus: Int = 500, fail: ScriptedFailures? = nil,
                response: HTTPResponseSpec = HTTPResponseSpec(), mock: MockBehaviour? = nil) {
        self.name = name
        self.backends = backends
        self.concurrency = concurrency
        self.queueLimit = queueLimit
        self.latency = latency
        self.errorRate = errorRate
        self.errorStatus = errorStatus
        self.fail = fail
        self.response = response
        self.mock = mock ?? .http(response)
    }
}

/// A cluster's answers failing by count, not by chance (`fail: { first: 3 }`, `{ every: 5 }`): the
/// first `first` answers, and every `every`-th answer, carry `status`.
public struct ScriptedFailures: Sendable, Equatable {
    /// 0: none of the first answers is singled out.
    public var first: Int
    /// 0: no periodic failure; 5: the 5th, 10th, 15th … answers fail.
    public var every: Int
    public var status: Int

    public init(first: Int = 0, every: Int = 0, status: Int = 500) {
        self.first = first
        self.every = every
        self.status = status
    }

    /// Whether the `n`-th answer (from 1) fails.
    public func fails(answer n: Int) -> Bool {
        n <= first || (every > 0 && n % every == 0)
    }
}

/// What a healthy backend answers: a status and a body template (`{"id": "{id}"}`).
public struct HTTPResponseSpec: Sendable, Equatable {
    public var status: Int
    public var body: String
    public init(status: Int = 200, body: String = "") { self.status = status; self.body = body }
}

/// A service-time distribution. Lognormal is what real services look like; the others serve
/// experiments and tests. All draws are clamped at zero.
public enum LatencySpec: Sendable, Equatable {
    case constant(TimeSpan)
    case uniform(min: TimeSpan, max: TimeSpan)
    case exponential(mean: TimeSpan)
    case normal(mean: TimeSpan, standardDeviation: TimeSpan)
    /// Median and shape; a file may give p50 and p99 instead, from which sigma follows.
    case lognormal(median: TimeSpan, sigma: Double)

    /// z of the 99th percentile of the standard normal distribution.
    public static let z99 = 2.3263478740408408

    /// A lognormal distribution with the given median and 99th percentile.
    public static func lognormal(p50: TimeSpan, p99: TimeSpan) -> LatencySpec {
        .lognormal(median: p50, sigma: log(p99.seconds / p50.seconds) / z99)
    }
}
