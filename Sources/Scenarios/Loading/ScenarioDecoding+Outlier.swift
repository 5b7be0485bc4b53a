/// A cluster's `outlier` (Envoy's outlier detection, every key optional with Envoy's default) and
/// `balancer` (a name, or `{ kind, choices, minimumRingSize }`).
///
/// https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto
extension ScenarioDecoding {
    static let outlierKeys = ["consecutive5xx", "consecutiveGatewayFailure", "enforcingConsecutive5xx", "enforcingConsecutiveGatewayFailure",
                              "interval", "baseEjectionTime", "maxEjectionTime", "maxEjectionPercent", "alwaysEjectOneHost",
                              "successRateMinimumHosts", "successRateRequestVolume", "successRateStdevFactor", "enforcingSuccessRate",
                              "failurePercentageThreshold", "failurePercentageMinimumHosts", "failurePercentageRequestVolume",
                              "enforcingFailurePercentage", "latency", "timing"]
    static let latencyEjectionKeys = ["quantile", "factor", "minimumRequests", "minimumHosts", "enforcing"]
    static let backendBalancerKeys = ["kind", "choices", "minimumRingSize"]

    /// `outlier: { … }`: Envoy's defaults for every key left out; `{}` turns detection on with all of them.
    func outlier(_ node: JSON5Node, _ path: String) -> OutlierSpec? {
        guard let object = reader.object(node, path, known: Self.outlierKeys) else { return nil }
        var spec = OutlierSpec()
        var valid = true
        func whole(_ key: String, _ rule: NumberRule, _ field: WritableKeyPath<OutlierSpec, Int>) {
            guard let n = object[key] else { return }
            if let value = reader.integer(n, object.path(key), rule) { spec[keyPath: field] = value } else { valid = false }
        }
        func span(_ key: String, _ field: WritableKeyPath<OutlierSpec, Int64>, shortest: Bool = false) {
            guard let n = object[key] else { return }
            guard let value = reader.duration(n, object.path(key), allowZero: false) else { valid = false; return }
            if shortest, case .string(let text) = n.value, let problem = ScenarioLimits.outlierIntervalProblem(value, text: text) {
                reader.report(n.location, object.path(key), problem)
                valid = false
                return
            }
            spec[keyPath: field] = value.nanoseconds
        }
        whole("consecutive5xx", ScenarioLimits.outlierConsecutive, \.consecutive5xx)
        whole("consecutiveGatewayFailure", ScenarioLimits.outlierConsecutive, \.consecutiveGatewayFailure)
        whole("enforcingConsecutive5xx", ScenarioLimits.outlierPercent, \.enforcingConsecutive5xx)
        whole("enforcingConsecutiveGatewayFailure", ScenarioLimits.outlierPercent, \.enforcingConsecutiveGatewayFailure)
        span("interval", \.interval, shortest: true)
        span("baseEjectionTime", \.baseEjectionTime)
        span("maxEjectionTime", \.maxEjectionTime)
        whole("maxEjectionPercent", ScenarioLimits.outlierPercent, \.maxEjectionPercent)
        if let n = object["alwaysEjectOneHost"] {
            if let value = reader.bool(n, object.path("alwaysEjectOneHost")) { spec.alwaysEjectOneHost = value } else { valid = false }
        }
        whole("successRateMinimumHosts", ScenarioLimits.outlierHosts, \.successRateMinimumHosts)
        whole("successRateRequestVolume", ScenarioLimits.outlierVolume, \.successRateRequestVolume)
        whole("successRateStdevFactor", ScenarioLimits.outlierStdevFactor, \.successRateStdevFactor)
        whole("enforcingSuccessRate", ScenarioLimits.outlierPercent, \.enforcingSuccessRate)
        whole("failurePercentageThreshold", ScenarioLimits.outlierPercent, \.failurePercentageThreshold)
        whole("failurePercentageMinimumHosts", ScenarioLimits.outlierHosts, \.failurePercentageMinimumHosts)
        whole("failurePercentageRequestVolume", ScenarioLimits.outlierVolume, \.failurePercentageRequestVolume)
        whole("enforcingFailurePercentage", ScenarioLimits.outlierPercent, \.enforcingFailurePercentage)
        if let n = object["latency"] {
            if let latency = latencyEjection(n, object.path("latency")) { spec.latency = latency } else { valid = false }
        }
        if let n = object["timing"] {
            switch reader.choice(n, object.path("timing"), ConsecutiveTimingName.self) {
            case .immediate: spec.consecutiveTiming = .immediate
            case .interval: spec.consecutiveTiming = .atInterval
            case nil: valid = false
            }
        }
        return valid ? spec : nil
    }

    /// `latency: { quantile, factor, minimumRequests, minimumHosts, enforcing }`, each optional
    /// (0.99, 3, 20, 3, 100): the lab's latency rule (not in Envoy, envoyproxy/envoy#288).
    func latencyEjection(_ node: JSON5Node, _ path: String) -> LatencyEjectionSpec? {
        guard let object = reader.object(node, path, known: Self.latencyEjectionKeys) else { return nil }
        let defaults = LatencyEjectionSpec()
        let quantile = object["quantile"].map { reader.number($0, object.path("quantile"), ScenarioLimits.outlierQuantile) } ?? defaults.quantile
        let factor = object["factor"].map { reader.number($0, object.path("factor"), ScenarioLimits.outlierLatencyFactor) } ?? defaults.factor
        let requests = object["minimumRequests"].map { reader.integer($0, object.path("minimumRequests"), ScenarioLimits.outlierVolume) }
            ?? defaults.minimumRequests
        let hosts = object["minimumHosts"].map { reader.integer($0, object.path("minimumHosts"), ScenarioLimits.outlierHosts) } ?? defaults.minimumHosts
        let enforcing = object["enforcing"].map { reader.integer($0, object.path("enforcing"), ScenarioLimits.outlierPercent) } ?? defaults.enforcing
        guard let quantile, let factor, let requests, let hosts, let enforcing else { return nil }
        return LatencyEjectionSpec(quantile: quantile, factor: factor, minimumRequests: requests, minimumHosts: hosts, enforcing: enforcing)
    }

    /// `balancer: "ring-hash"` or `{ kind: "least-request", choices: 3 }`; `choices` belongs to
    /// `least-request` and `minimumRingSize` to `ring-hash` only.
    func backendBalancer(_ node: JSON5Node, _ path: String) -> BackendBalancerSpec? {
        if case .string = node.value {
            return reader.choice(node, path, BackendBalancerKind.self).map { BackendBalancerSpec($0) }
        }
        guard case .object = node.value else {
            let names = BackendBalancerKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            reader.report(node.location, path, "expected one of \(names) or an object { kind, choices, minimumRingSize }, found \(node.value.kindDescription)")
            return nil
        }
        guard let object = reader.object(node, path, known: Self.backendBalancerKeys) else { return nil }
        let names = BackendBalancerKind.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let kindNode = object.required("kind", reader, expected: "one of \(names)"),
              let kind = reader.choice(kindNode, object.path("kind"), BackendBalancerKind.self) else { return nil }
        var misplaced = false
        for (key, owner) in [("choices", BackendBalancerKind.leastRequest), ("minimumRingSize", .ringHash)] where kind != owner {
            if let n = object[key] {
                reader.report(n.location, object.path(key), "not used by a \(kind.rawValue) balancer (only by \(owner.rawValue))")
                misplaced = true
            }
        }
        if misplaced { return nil }
        switch kind {
        case .leastRequest:
            guard let choices = object["choices"].map({ reader.integer($0, object.path("choices"), ScenarioLimits.balancerChoices) })
                    ?? BackendBalancerSpec.defaultChoices else { return nil }
            return .leastRequest(choices: choices)
        case .ringHash:
            guard let size = object["minimumRingSize"].map({ reader.integer($0, object.path("minimumRingSize"), ScenarioLimits.minimumRingSize) })
                    ?? BackendBalancerSpec.defaultMinimumRingSize else { return nil }
            return .ringHash(minimumRingSize: size)
        default:
            return BackendBalancerSpec(kind)
        }
    }
}

/// `outlier.timing` as files spell it.
enum ConsecutiveTimingName: String, CaseIterable {
    case immediate, interval
}
