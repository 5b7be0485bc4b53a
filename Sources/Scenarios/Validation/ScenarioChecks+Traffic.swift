import Protocols

/// Traffic checks: rates, windows, mix entries, and that every request reaches a route whose
/// clusters speak its protocol and know what it asks for.
extension ScenarioChecks {
    mutating func checkTraffic() {
        for (index, source) in scenario.traffic.enumerated() {
            let path = trafficPath(index)
            checkName(source.name, "\(path).name")
            if scenario.traffic[..<index].contains(where: { $0.name == source.name }) {
                report("\(path).name", "duplicate traffic name \"\(source.name)\" (each source draws from a seeded stream named after it)")
            }
            check(source.rate, ScenarioLimits.rate, "\(path).rate")
            check(source.start, allowZero: true, "\(path).start")
            if let end = source.end {
                check(end, allowZero: true, "\(path).end")
                if end <= source.start { report("\(path).end", "must be after start (\(source.start)), found \(end)") }
            }
            if source.mix.isEmpty { report("\(path).mix", "expected at least one request") }
            for (entry, request) in source.mix.enumerated() { checkRequest(request, mixPath(index, entry)) }
        }
        let templateCount = scenario.traffic.reduce(0) { $0 + $1.mix.count }
        if templateCount > Scenario.maximumRequestTemplates {
            report("traffic", "at most \(Scenario.maximumRequestTemplates) mix entries in all traffic sources together, found \(templateCount)")
        }
    }

    /// The key a mix entry holds its request under.
    static func kindKey(_ kind: RequestKind) -> String { kind.protocolKind.rawValue }

    private mutating func checkRequest(_ request: RequestTemplate, _ entryPath: String) {
        check(request.weight, ScenarioLimits.mixWeight, "\(entryPath).weight")
        let path = "\(entryPath).\(Self.kindKey(request.kind))"
        check(request.idRange, ScenarioLimits.idRange, "\(path).idRange")
        switch request.kind {
        case .grpc:
            break
        case .websocket(let script):
            check(script.every, allowZero: false, "\(path).every")
            fallthrough
        case .http, .graphql:
            if !request.path.hasPrefix("/") { report("\(path).path", "expected a path starting with '/', found \"\(request.path)\"") }
            if request.method.isEmpty { report("\(path).method", "expected a non-empty string") }
        }
        checkRouting(request, path)
    }

    /// Which route takes a request: a decoded one, none, or not known because a route before the
    /// one that would take it (or that one) could not be read.
    private enum RouteChoice { case route(Int), none, unknown }

    private func route(for request: RequestTemplate) -> RouteChoice {
        for outline in declared.routes {
            guard let pattern = outline.pattern else { return .unknown }
            let matcher = RouteMatcher(route: RouteSpec(name: "", pathPattern: pattern, method: outline.method, clusters: []))
            if matcher.matches(method: request.method, template: request.path) {
                return outline.decoded.map(RouteChoice.route) ?? .unknown
            }
        }
        return .none
    }

    private mutating func checkRouting(_ request: RequestTemplate, _ path: String) {
        guard !declared.routes.isEmpty else { return }
        let routeIndex: Int
        switch route(for: request) {
        case .unknown:
            return
        case .none:
            let key = request.kind.protocolKind == .grpc ? "method" : "path"
            let matched = declared.routes.compactMap { outline in outline.pattern.map { "\(outline.method ?? "*") \($0)" } }
            report("\(path).\(key)", "no route matches \(request.method) \(request.path); routes match: \(matched.joined(separator: ", "))")
            return
        case .route(let index):
            routeIndex = index
        }
        let route = scenario.routes[routeIndex]
        var seen: [String] = []
        for name in route.clusters where !seen.contains(name) {
            seen.append(name)
            guard let cluster = cluster(named: name) else { continue }
            guard cluster.protocolKind == request.kind.protocolKind else {
                report(path, "a \(request.kind.protocolKind.rawValue) request, but route \"\(route.name)\" sends it to cluster \"\(cluster.name)\", which speaks \(cluster.protocolKind.rawValue)")
                return
            }
            switch (request.kind, cluster.mock) {
            case (.grpc(let call), .grpc(let methods)) where !methods.contains(where: { $0.path == call.method }):
                report("\(path).method", "cluster \"\(cluster.name)\" declares no method \(call.method) (it has \(methods.map(\.path.description).joined(separator: ", "))); declare it, with status UNIMPLEMENTED to test that answer")
            case (.graphql(let call), .graphql(let schema)):
                let executor = GraphQLExecutor(schema: schema, seed: 0)
                for problem in executor.problems(in: call.document, operationName: call.operationName) {
                    let location = problem.locations.first.map { " (query \($0))" } ?? ""
                    report("\(path).query", "invalid for cluster \"\(cluster.name)\": \(problem.message)\(location)")
                }
            default:
                break
            }
        }
    }
}
