/// Chaos checks: known targets (a cluster, a route, a backend inside its cluster), faults that fit
/// their target's protocol, hangs that a timeout can end, numbers in range, windows inside the run.
extension ScenarioChecks {
    mutating func checkChaos() {
        for (index, chaos) in scenario.chaos.enumerated() {
            let path = chaosPath(index)
            checkName(chaos.name, "\(path).name")
            if scenario.chaos[..<index].contains(where: { $0.name == chaos.name }) {
                report("\(path).name", "duplicate chaos name \"\(chaos.name)\" (each window draws from a seeded stream named after it)")
            }
            check(chaos.at, allowZero: true, "\(path).at")
            if let duration = chaos.duration { check(duration, allowZero: false, "\(path).for") }
            checkTarget(chaos.target, path)
            checkRate(chaos.fault.rate, "\(path).fault.rate")
            checkFault(chaos, path)
            checkSequence(chaos.sequence, path)
            if let match = chaos.match { checkMatch(match, "\(path).match") }
            if chaos.at >= scenario.duration {
                report("\(path).at", "starts at \(chaos.at), at or after the end of the run (\(scenario.duration))")
            }
        }
    }

    /// The clusters a window's faults may reach: its cluster, or every cluster of its route.
    func reachedClusters(_ target: ChaosTarget) -> [ClusterSpec] {
        switch target {
        case .cluster(let name), .backend(let name, _): return cluster(named: name).map { [$0] } ?? []
        case .route(let name):
            let names = scenario.routes.first { $0.name == name }?.clusters ?? []
            return scenario.clusters.filter { names.contains($0.name) }
        }
    }

    /// The routes whose attempts a window's faults may reach.
    func reachedRoutes(_ target: ChaosTarget) -> [RouteSpec] {
        switch target {
        case .cluster(let name), .backend(let name, _): return scenario.routes.filter { $0.clusters.contains(name) }
        case .route(let name): return scenario.routes.filter { $0.name == name }
        }
    }

    private mutating func checkTarget(_ target: ChaosTarget, _ path: String) {
        switch target {
        case .cluster(let name):
            if !declared.clusterNames.contains(name) { report("\(path).target", unknownCluster(name)) }
        case .route(let name):
            let names = declared.routes.compactMap { $0.decoded.map { scenario.routes[$0].name } }
            if !scenario.routes.contains(where: { $0.name == name }) && declared.routes.count == names.count {
                report("\(path).route", "unknown route \"\(name)\"\(Suggestion.hint(for: name, in: names, quote: "\""))"
                       + "; routes are: \(names.joined(separator: ", "))")
            }
        case .backend(let name, let backend):
            guard declared.clusterNames.contains(name) else { return report("\(path).target", unknownCluster(name)) }
            check(backend, ScenarioLimits.backendIndex, "\(path).backend")
            if let cluster = cluster(named: name), backend >= cluster.backends {
                report("\(path).backend", "backend \(backend) is out of range: cluster \"\(name)\" has \(cluster.backends) backend(s), 0 to \(cluster.backends - 1)")
            }
        }
    }

    mutating func checkRate(_ rate: ChaosRate, _ path: String) {
        if rate.isRamp {
            check(rate.from, ScenarioLimits.chaosRate, "\(path).from")
            check(rate.to, ScenarioLimits.chaosRate, "\(path).to")
        } else {
            check(rate.from, ScenarioLimits.chaosRate, path)
        }
    }

    private mutating func checkSequence(_ sequence: ChaosSequence, _ path: String) {
        if let first = sequence.first { check(first, ScenarioLimits.sequenceFirst, "\(path).first") }
        if let every = sequence.every { check(every, ScenarioLimits.sequenceEvery, "\(path).every") }
        if let after = sequence.after { check(after, ScenarioLimits.sequenceAfter, "\(path).after") }
    }

    private mutating func checkMatch(_ match: ChaosMatch, _ path: String) {
        if let method = match.method { checkName(method, "\(path).method") }
        if let pattern = match.path, !pattern.hasPrefix("/") { report("\(path).path", "expected a path starting with '/', found \"\(pattern)\"") }
        if let operation = match.operation { checkName(operation, "\(path).operation") }
        for header in match.headers { checkName(header.name, "\(path).header") }
    }

    private mutating func checkFault(_ chaos: ChaosSpec, _ path: String) {
        let faultPath = "\(path).fault"
        switch chaos.fault.kind {
        case .error(let statuses):
            if statuses.isEmpty { report("\(faultPath).statuses", "expected at least one status") }
            if statuses.count == 1 {
                check(statuses[0], ScenarioLimits.status, "\(faultPath).status")
            } else {
                for (i, status) in statuses.enumerated() { check(status, ScenarioLimits.status, "\(faultPath).statuses[\(i)]") }
            }
        case .latency(let latency):
            checkChaosLatency(latency, "\(faultPath)")
        case .hang, .down, .emptyResponse, .malformedResponse, .randomDataThenClose:
            break
        case .timeout(let hold), .reset(let hold):
            check(hold, allowZero: true, "\(faultPath).timeout")
        case .bandwidth(let rate):
            check(rate, ScenarioLimits.bytesPerSecond, "\(faultPath).bytesPerSecond")
        case .slowClose(let delay):
            check(delay, allowZero: false, "\(faultPath).delay")
        case .slicer(let average, let variation, let delay):
            check(average, ScenarioLimits.sliceSize, "\(faultPath).averageSize")
            check(variation, ScenarioLimits.sliceVariation, "\(faultPath).sizeVariation")
            if variation >= average && average > 0 {
                report("\(faultPath).sizeVariation", "must be smaller than averageSize (\(average)), found \(variation)")
            }
            check(delay, allowZero: true, "\(faultPath).delay")
        case .limitData(let bytes):
            check(bytes, ScenarioLimits.dataLimit, "\(faultPath).bytes")
        case .grpc:
            checkProtocol(chaos, .grpc, "\(faultPath).kind")
        case .websocket(let chaosKind):
            checkProtocol(chaos, .websocket, "\(faultPath).kind")
            if case .close(let code, let reason) = chaosKind {
                if !code.canBeSent {
                    report("\(faultPath).websocket.close", "code \(code.rawValue) is never sent in a close frame; use 1000-1003, 1007-1014 or 3000-4999")
                }
                if reason.utf8.count > 123 { report("\(faultPath).websocket.reason", "a close reason fits 123 bytes; this one has \(reason.utf8.count)") }
            }
        case .graphql(let fields, _):
            checkProtocol(chaos, .graphql, "\(faultPath).kind")
            checkGraphQLFields(fields, chaos.target, "\(faultPath).graphql.fields")
        }
        if chaos.fault.kind.mayHang { checkHang(chaos, faultPath) }
    }

    private mutating func checkChaosLatency(_ latency: ChaosLatency, _ path: String) {
        switch latency.shape {
        case .fixed(let delay): check(delay, allowZero: false, "\(path).delay")
        case .ramp(let from, let to):
            check(from, allowZero: true, "\(path).delay.from")
            check(to, allowZero: true, "\(path).delay.to")
        case .distribution(let spec): checkLatency(spec, "\(path).delay")
        }
        check(latency.jitter, allowZero: true, "\(path).jitter")
        if let spike = latency.spike {
            check(spike.probability, ScenarioLimits.chaosRate, "\(path).spikeProbability")
            check(spike.min, allowZero: true, "\(path).spike.min")
            check(spike.max, allowZero: true, "\(path).spike.max")
            if spike.min > spike.max { report("\(path).spike.max", "must be at least min (\(spike.min)), found \(spike.max)") }
        }
    }

    /// A hang is ended only by the route's timeout; a backend's hang is not known when the attempt
    /// is sent (the router must know it will never be answered).
    private mutating func checkHang(_ chaos: ChaosSpec, _ path: String) {
        if case .backend = chaos.target {
            report("\(path).kind", "a backend's fault cannot hang (the router learns of hangs when it sends); use timeout with a hold, or target the cluster")
            return
        }
        if let route = reachedRoutes(chaos.target).first(where: { !$0.endsUnansweredAttempts }) {
            let target = chaos.target.cluster.map { "\"\($0)\"" } ?? "its clusters"
            report("\(path).kind", "a hang is only ended by a timeout, but route \"\(route.name)\" sends to \(target) without one; give it a timeout")
        }
    }

    private mutating func checkProtocol(_ chaos: ChaosSpec, _ kind: ClusterProtocol, _ path: String) {
        if let other = reachedClusters(chaos.target).first(where: { $0.protocolKind != kind }) {
            report(path, "a \(chaos.fault.kindName) fault strikes \(kind.rawValue) answers, but cluster \"\(other.name)\" speaks \(other.protocolKind.rawValue)")
        }
    }

    private mutating func checkGraphQLFields(_ fields: [String], _ target: ChaosTarget, _ path: String) {
        for cluster in reachedClusters(target) {
            guard case .graphql(let schema) = cluster.mock else { continue }
            for (i, field) in fields.enumerated() {
                let parts = field.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, let declared = schema.fields(of: String(parts[0])) else {
                    report("\(path)[\(i)]", "expected Type.field naming a field of cluster \"\(cluster.name)\"'s schema, found \"\(field)\"")
                    continue
                }
                if !declared.contains(where: { $0.name == parts[1] }) {
                    let hint = Suggestion.hint(for: String(parts[1]), in: declared.map(\.name), quote: "\"")
                    report("\(path)[\(i)]", "type \(parts[0]) has no field \"\(parts[1])\"\(hint)")
                }
            }
        }
    }
}
