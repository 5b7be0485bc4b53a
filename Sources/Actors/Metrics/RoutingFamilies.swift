/// The metric families of hedging and outlier detection, declared the first time one counts so a
/// run that never hedges nor ejects keeps the exposition it always had.
struct RoutingFamilies {
    var hedges = -1
    var cancelled = -1
    var ejections = -1
    var ejectedNow = -1
    /// Backends ejected now, per cluster index.
    var ejectedCount: [Int: Double] = [:]

    /// The family at `key`, declared now if it was not yet.
    mutating func declare(_ key: WritableKeyPath<RoutingFamilies, Int>, in registry: inout MetricsRegistry, _ name: String,
                          help: String, labels: [String], kind: MetricsRegistry.Kind = .counter) -> Int {
        if self[keyPath: key] < 0 { self[keyPath: key] = registry.declare(name, kind, help: help, labels: labels) }
        return self[keyPath: key]
    }
}
