/// Cluster checks: unique names, sizes, error rates, latency distributions and protocol sections.
extension ScenarioChecks {
    mutating func checkClusters() {
        for (index, cluster) in scenario.clusters.enumerated() {
            let path = clusterPath(index)
            checkName(cluster.name, "\(path).name")
            if scenario.clusters[..<index].contains(where: { $0.name == cluster.name }) {
                report("\(path).name", "duplicate cluster name \"\(cluster.name)\"")
            }
            check(cluster.backends, ScenarioLimits.backends, "\(path).backends")
            check(cluster.concurrency, ScenarioLimits.concurrency, "\(path).concurrency")
            if let limit = cluster.queueLimit { check(limit, ScenarioLimits.queue, "\(path).queue") }
            if let pool = cluster.pool { checkPool(pool, path) }
            checkLatency(cluster.latency, "\(path).latency")
            check(cluster.errorRate, ScenarioLimits.errorRate, "\(path).errorRate")
            check(cluster.errorStatus, ScenarioLimits.status, "\(path).errorStatus")
            if let fail = cluster.fail {
                check(fail.first, ScenarioLimits.scriptedFirst, "\(path).fail.first")
                check(fail.every, ScenarioLimits.scriptedEvery, "\(path).fail.every")
                check(fail.status, ScenarioLimits.status, "\(path).fail.status")
            }
            check(cluster.response.status, ScenarioLimits.status, "\(path).response.status")
            checkMock(cluster.mock, path)
            checkOutlierAndBalancer(cluster, path)
        }
    }

    mutating func checkLatency(_ latency: LatencySpec, _ path: String) {
        switch latency {
        case .constant(let value):
            check(value, allowZero: true, "\(path).value")
        case .uniform(let low, let high):
            check(low, allowZero: true, "\(path).min")
            check(high, allowZero: true, "\(path).max")
            if low > high { report("\(path).max", "must be at least min (\(low)), found \(high)") }
        case .exponential(let mean):
            check(mean, allowZero: false, "\(path).mean")
        case .normal(let mean, let deviation):
            check(mean, allowZero: true, "\(path).mean")
            check(deviation, allowZero: true, "\(path).stddev")
        case .lognormal(let median, let sigma):
            check(median, allowZero: false, "\(path).p50")
            check(sigma, ScenarioLimits.sigma, "\(path).sigma")
        }
    }

    mutating func checkMock(_ mock: MockBehaviour, _ path: String) {
        switch mock {
        case .http:
            break
        case .grpc(let methods):
            let listPath = "\(path).grpc.methods"
            if methods.isEmpty { report(listPath, "expected at least one method") }
            for (index, method) in methods.enumerated() {
                if methods[..<index].contains(where: { $0.path == method.path }) {
                    report("\(listPath)[\(index)].method", "method \(method.path) is declared twice")
                }
                check(method.messageCount, ScenarioLimits.streamCount, "\(listPath)[\(index)].stream.count")
                check(TimeSpan(nanoseconds: method.streamInterval), allowZero: true, "\(listPath)[\(index)].stream.every")
            }
        case .websocket(let behaviour):
            if let push = behaviour.push { check(TimeSpan(nanoseconds: push.every), allowZero: false, "\(path).websocket.push.every") }
            guard let close = behaviour.close else { return }
            let closePath = "\(path).websocket.close"
            if close.afterMessages == nil && close.after == nil {
                report(closePath, "say when the server closes: afterMessages, after, or both")
            }
            if let count = close.afterMessages { check(count, ScenarioLimits.closeAfterMessages, "\(closePath).afterMessages") }
            if let after = close.after { check(TimeSpan(nanoseconds: after), allowZero: false, "\(closePath).after") }
            if !close.code.canBeSent {
                report("\(closePath).code", "code \(close.code.rawValue) is never sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999")
            }
            if close.reason.utf8.count > 123 {
                report("\(closePath).reason", "a close reason fits 123 bytes; this one has \(close.reason.utf8.count)")
            }
        case .graphql(let schema):
            for problem in schema.problems() { report("\(path).graphql.schema", problem) }
        }
    }
}
