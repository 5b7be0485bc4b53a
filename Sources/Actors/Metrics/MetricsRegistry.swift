import Protocols

/// Labelled counters, gauges and histograms, rendered as Prometheus text.
///
/// Families keep registration order and series are rendered sorted by label values, so the
/// output never depends on hashing order. Callers hold `SeriesID`s for the hot path.
public struct MetricsRegistry: Sendable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public struct SeriesID: Sendable, Hashable {
        let family: Int
        let series: Int
    }

    struct Series: Sendable {
        var labels: [String]
        var value: Double = 0
        var histogram = LatencyHistogram()
    }

    struct Family: Sendable {
        let name: String
        let help: String
        let kind: Kind
        let labelNames: [String]
        var series: [Series] = []
        var index: [[String]: Int] = [:]
    }

    /// Upper bounds of histogram buckets, in seconds (Prometheus' defaults).
    public static let bucketBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private var families: [Family] = []
    private var familyIndex: [String: Int] = [:]

    public init() {}

    /// Declares a family (idempotent) and returns its index.
    @discardableResult
    public mutating func declare(_ name: String, _ kind: Kind, help: String, labels: [String]) -> Int {
        if let existing = familyIndex[name] { return existing }
        families.append(Family(name: name, help: help, kind: kind, labelNames: labels))
        familyIndex[name] = families.count - 1
        return families.count - 1
    }

    /// The series of `family` with these label values, created at zero on first use.
    public mutating func series(_ family: Int, _ labels: [String]) -> SeriesID {
        precondition(labels.count == families[family].labelNames.count, "label values must match label names")
        if let existing = families[family].index[labels] { return SeriesID(family: family, series: existing) }
        families[family].series.append(Series(labels: labels))
        let id = families[family].series.count - 1
        families[family].index[labels] = id
        return SeriesID(family: family, series: id)
    }

    @inline(__always)
    public mutating func add(_ id: SeriesID, _ amount: Double = 1) { families[id.family].series[id.series].value += amount }

    @inline(__always)
    public mutating func set(_ id: SeriesID, _ value: Double) { families[id.family].series[id.series].value = value }

    /// Records a duration in nanoseconds into a histogram series.
    @inline(__always)
    public mutating func observe(_ id: SeriesID, nanoseconds: Int64) { families[id.family].series[id.series].histogram.record(nanoseconds) }

    public func value(_ id: SeriesID) -> Double { families[id.family].series[id.series].value }

    public func histogram(_ id: SeriesID) -> LatencyHistogram { families[id.family].series[id.series].histogram }

    /// The value of the series named by family name and label values, if it exists.
    public func value(_ name: String, _ labels: [String]) -> Double? {
        guard let f = familyIndex[name], let s = families[f].index[labels] else { return nil }
        return families[f].series[s].value
    }

    /// Every series of a counter or gauge family with its value, sorted by label values as rendered.
    public func samples(_ family: Int) -> [(labels: [String], value: Double)] {
        families[family].series.sorted { $0.labels.lexicographicallyPrecedes($1.labels) }.map { ($0.labels, $0.value) }
    }

    /// The registry in the Prometheus text exposition format (version 0.0.4).
    public func prometheusText() -> String {
        var writer = PrometheusTextWriter()
        for family in families {
            writer.header(name: family.name, help: family.help, type: family.kind.rawValue)
            let ordered = family.series.sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
            for series in ordered {
                let labels = Array(zip(family.labelNames, series.labels))
                switch family.kind {
                case .counter, .gauge:
                    writer.sample(name: family.name, labels: labels, value: series.value)
                case .histogram:
                    let h = series.histogram
                    for bound in Self.bucketBounds {
                        let count = h.count(atOrBelow: Int64(bound * 1e9))
                        writer.sample(name: family.name + "_bucket", labels: labels + [("le", PrometheusTextWriter.format(bound))], value: Double(count))
                    }
                    writer.sample(name: family.name + "_bucket", labels: labels + [("le", "+Inf")], value: Double(h.count))
                    writer.sample(name: family.name + "_sum", labels: labels, value: Double(h.sum) / 1e9)
                    writer.sample(name: family.name + "_count", labels: labels, value: Double(h.count))
                }
            }
        }
        return writer.text
    }
}
