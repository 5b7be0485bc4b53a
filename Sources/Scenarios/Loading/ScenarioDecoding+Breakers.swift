/// The breakers section of the scenario format: `type` picks the machine (`count`, the default,
/// `consecutive` or `window`), and each type has its own keys.
extension ScenarioDecoding {
    func breakerPolicies(_ node: JSON5Node) -> BreakerPolicies? {
        guard case .object(let members) = node.value else {
            reader.report(node.location, "breakers", "expected an object with \"default\" and/or cluster names as keys, found \(node.value.kindDescription)")
            return nil
        }
        var policies = BreakerPolicies()
        for member in members {
            let path = "breakers.\(member.key)"
            guard let policy = breakerPolicy(member.value, path) else { continue }
            if member.key == "default" { policies.defaultPolicy = policy } else { policies.overrides.append((member.key, policy)) }
        }
        return policies
    }

    static let countBreakerKeys = ["type", "window", "minimumCalls", "failureRate", "openFor", "halfOpenCalls"]
    static let consecutiveBreakerKeys = ["type", "maxRequests", "interval", "bucketPeriod", "timeout", "readyToTrip", "exclude"]
    static let windowBreakerKeys = ["type", "slidingWindow", "minimumCalls", "failureRate", "slowCallRate", "slowCallDuration",
                                    "waitInOpen", "automaticHalfOpen", "permittedInHalfOpen", "maxWaitInHalfOpen", "afterMaxWait",
                                    "record", "ignore"]

    func breakerPolicy(_ node: JSON5Node, _ path: String) -> BreakerPolicy? {
        var type = BreakerTypeName.count
        if case .object(let members) = node.value, let typeNode = members.first(where: { $0.key == "type" })?.value {
            guard let named = reader.choice(typeNode, "\(path).type", BreakerTypeName.self) else { return nil }
            type = named
        }
        switch type {
        case .count: return countPolicy(node, path).map(BreakerPolicy.count)
        case .consecutive: return consecutivePolicy(node, path).map(BreakerPolicy.consecutive)
        case .window: return windowPolicy(node, path).map(BreakerPolicy.window)
        }
    }

    private func countPolicy(_ node: JSON5Node, _ path: String) -> CountBreakerPolicy? {
        guard let object = reader.object(node, path, known: Self.countBreakerKeys) else { return nil }
        let defaults = CountBreakerPolicy()
        var size: Int? = defaults.windowSize
        if let windowNode = object["window"] {
            guard let window = reader.object(windowNode, object.path("window"), known: ["type", "size"]) else { return nil }
            if let typeNode = window["type"], let type = reader.string(typeNode, window.path("type")), type != "count" {
                reader.report(typeNode.location, window.path("type"),
                              "expected \"count\" (a count breaker's window counts calls; for a time window use type \"window\" with slidingWindow), found \"\(type)\"")
            }
            size = window["size"].map { reader.integer($0, window.path("size"), ScenarioLimits.windowSize) } ?? defaults.windowSize
        }
        let minimumCalls = object["minimumCalls"].map { reader.integer($0, object.path("minimumCalls"), ScenarioLimits.breakerCalls) } ?? defaults.minimumCalls
        let failureRate = object["failureRate"].map { reader.number($0, object.path("failureRate"), ScenarioLimits.failureRate) } ?? defaults.failureRate
        let openFor = object["openFor"].map { reader.duration($0, object.path("openFor"), allowZero: false) } ?? defaults.openFor
        let halfOpenCalls = object["halfOpenCalls"].map { reader.integer($0, object.path("halfOpenCalls"), ScenarioLimits.breakerCalls) } ?? defaults.halfOpenCalls
        guard let size, let minimumCalls, let failureRate, let openFor, let halfOpenCalls else { return nil }
        return CountBreakerPolicy(windowSize: size, minimumCalls: minimumCalls, failureRate: failureRate, openFor: openFor, halfOpenCalls: halfOpenCalls)
    }

    private func consecutivePolicy(_ node: JSON5Node, _ path: String) -> ConsecutiveBreakerPolicy? {
        guard let object = reader.object(node, path, known: Self.consecutiveBreakerKeys) else { return nil }
        let defaults = ConsecutiveBreakerPolicy()
        let maxRequests = object["maxRequests"].map { reader.integer($0, object.path("maxRequests"), ScenarioLimits.maxRequests) } ?? defaults.maxRequests
        let interval = object["interval"].map { reader.duration($0, object.path("interval")) } ?? defaults.interval
        let bucketPeriod = object["bucketPeriod"].map { reader.duration($0, object.path("bucketPeriod")) } ?? defaults.bucketPeriod
        let timeout = object["timeout"].map { reader.duration($0, object.path("timeout")) } ?? defaults.timeout
        let trip = object["readyToTrip"].map { tripRule($0, object.path("readyToTrip")) } ?? defaults.readyToTrip
        let exclude = object["exclude"].map { answerMatches($0, object.path("exclude")) } ?? []
        guard let maxRequests, let interval, let bucketPeriod, let timeout, let trip, let exclude else { return nil }
        return ConsecutiveBreakerPolicy(maxRequests: maxRequests, interval: interval, bucketPeriod: bucketPeriod, timeout: timeout,
                                        readyToTrip: trip, exclude: exclude)
    }

    private func tripRule(_ node: JSON5Node, _ path: String) -> ConsecutiveBreakerPolicy.TripRule? {
        guard let object = reader.object(node, path, known: ["consecutiveFailures", "failureRatio", "minRequests"]) else { return nil }
        switch (object["consecutiveFailures"], object["failureRatio"]) {
        case (let n?, nil):
            if let extra = object["minRequests"] {
                reader.report(extra.location, object.path("minRequests"), "goes with failureRatio, not consecutiveFailures")
                return nil
            }
            return reader.integer(n, object.path("consecutiveFailures"), ScenarioLimits.consecutiveFailures).map { .consecutiveFailures($0) }
        case (nil, let r?):
            let ratio = reader.number(r, object.path("failureRatio"), ScenarioLimits.failureRatio)
            let minimum = object["minRequests"].map { reader.integer($0, object.path("minRequests"), ScenarioLimits.minRequests) } ?? 0
            guard let ratio, let minimum else { return nil }
            return .failureRatio(ratio, minRequests: minimum)
        default:
            reader.report(node.location, path,
                          "expected exactly one of { consecutiveFailures: N } (trips above N failures in a row) or { failureRatio: R, minRequests: M }")
            return nil
        }
    }

    private func windowPolicy(_ node: JSON5Node, _ path: String) -> WindowBreakerPolicy? {
        guard let object = reader.object(node, path, known: Self.windowBreakerKeys) else { return nil }
        let defaults = WindowBreakerPolicy()
        let window = object["slidingWindow"].map { slidingWindow($0, object.path("slidingWindow")) } ?? defaults.slidingWindow
        let minimumCalls = object["minimumCalls"].map { reader.integer($0, object.path("minimumCalls"), ScenarioLimits.breakerCalls) } ?? defaults.minimumCalls
        let failureRate = object["failureRate"].map { reader.number($0, object.path("failureRate"), ScenarioLimits.ratePercent) } ?? defaults.failureRate
        let slowCallRate = object["slowCallRate"].map { reader.number($0, object.path("slowCallRate"), ScenarioLimits.ratePercent) } ?? defaults.slowCallRate
        let slowCallDuration = object["slowCallDuration"].map { reader.duration($0, object.path("slowCallDuration"), allowZero: false) }
            ?? defaults.slowCallDuration
        let wait = object["waitInOpen"].map { waitInOpen($0, object.path("waitInOpen")) } ?? defaults.waitInOpen
        let automatic = object["automaticHalfOpen"].map { reader.bool($0, object.path("automaticHalfOpen")) } ?? defaults.automaticHalfOpen
        let permitted = object["permittedInHalfOpen"].map { reader.integer($0, object.path("permittedInHalfOpen"), ScenarioLimits.breakerCalls) }
            ?? defaults.permittedInHalfOpen
        let maxWait = object["maxWaitInHalfOpen"].map { reader.duration($0, object.path("maxWaitInHalfOpen")) } ?? defaults.maxWaitInHalfOpen
        let afterMaxWait = object["afterMaxWait"].map { reader.choice($0, object.path("afterMaxWait"), WindowBreakerPolicy.AfterMaxWait.self) }
            ?? defaults.afterMaxWait
        let record: [AnswerMatch]?? = object["record"].map { answerMatches($0, object.path("record")) }
        let ignore = object["ignore"].map { answerMatches($0, object.path("ignore")) } ?? []
        guard let window, let minimumCalls, let failureRate, let slowCallRate, let slowCallDuration, let wait, let automatic,
              let permitted, let maxWait, let afterMaxWait, let ignore else { return nil }
        if case .some(.none) = record { return nil }
        return WindowBreakerPolicy(slidingWindow: window, minimumCalls: minimumCalls, failureRate: failureRate, slowCallRate: slowCallRate,
                                   slowCallDuration: slowCallDuration, waitInOpen: wait, automaticHalfOpen: automatic,
                                   permittedInHalfOpen: permitted, maxWaitInHalfOpen: maxWait, afterMaxWait: afterMaxWait,
                                   record: record ?? nil, ignore: ignore)
    }

    private func slidingWindow(_ node: JSON5Node, _ path: String) -> WindowBreakerPolicy.SlidingWindow? {
        guard let object = reader.object(node, path, known: ["type", "size"]) else { return nil }
        let defaults = WindowBreakerPolicy.SlidingWindow()
        let type = object["type"].map { reader.choice($0, object.path("type"), WindowBreakerPolicy.SlidingWindow.Kind.self) } ?? defaults.type
        let size = object["size"].map { reader.integer($0, object.path("size"), ScenarioLimits.windowSize) } ?? defaults.size
        guard let type, let size else { return nil }
        return WindowBreakerPolicy.SlidingWindow(type: type, size: size)
    }

    /// `"60s"` (constant) or `{ initial, multiplier, max }` (exponential backoff).
    private func waitInOpen(_ node: JSON5Node, _ path: String) -> WindowBreakerPolicy.WaitInOpen? {
        if case .string = node.value { return reader.duration(node, path, allowZero: false).map { .constant($0) } }
        guard case .object = node.value else {
            reader.report(node.location, path, "expected a duration like \"60s\" or { initial, multiplier, max }, found \(node.value.kindDescription)")
            return nil
        }
        guard let object = reader.object(node, path, known: ["initial", "multiplier", "max"]) else { return nil }
        let initial = object.required("initial", reader, expected: "a duration like \"5s\"").flatMap {
            reader.duration($0, object.path("initial"), allowZero: false)
        }
        let multiplier = object["multiplier"].map { reader.number($0, object.path("multiplier"), ScenarioLimits.backoffMultiplier) } ?? 1.5
        let max: TimeSpan?? = object["max"].map { reader.duration($0, object.path("max"), allowZero: false) }
        guard let initial, let multiplier else { return nil }
        if case .some(.none) = max { return nil }
        return .exponential(initial: initial, multiplier: multiplier, max: max ?? nil)
    }

    /// `[503, "5xx", "timeout"]`: statuses, status classes and outcomes.
    func answerMatches(_ node: JSON5Node, _ path: String) -> [AnswerMatch]? {
        guard let elements = reader.array(node, path) else { return nil }
        var matches: [AnswerMatch] = []
        var broken = false
        for (i, element) in elements.enumerated() {
            let elementPath = "\(path)[\(i)]"
            switch element.value {
            case .number:
                guard let status = reader.integer(element, elementPath, ScenarioLimits.status) else { broken = true; continue }
                matches.append(.status(status))
            case .string(let text):
                if text.count == 3, text.hasSuffix("xx"), let digit = text.first?.wholeNumberValue, (1...5).contains(digit) {
                    matches.append(.statusClass(digit))
                } else if let outcome = AnswerOutcome(rawValue: text) {
                    matches.append(.outcome(outcome))
                } else {
                    let words = ["1xx", "2xx", "3xx", "4xx", "5xx"] + AnswerOutcome.allCases.map(\.rawValue)
                    reader.report(element.location, elementPath,
                                  "expected a status (503), a class (\"5xx\") or an outcome (\(AnswerOutcome.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))), found \"\(text)\""
                                  + Suggestion.hint(for: text, in: words, quote: "\""))
                    broken = true
                }
            default:
                reader.report(element.location, elementPath, "expected a status (503), a class (\"5xx\") or an outcome, found \(element.value.kindDescription)")
                broken = true
            }
        }
        return broken ? nil : matches
    }
}

enum BreakerTypeName: String, CaseIterable {
    case count, consecutive, window
}
