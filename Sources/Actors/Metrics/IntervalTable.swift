/// The run over time, as rows of equal width: requests, success, p99 and retries per row, each
/// breaker's state at the row's end (and how often it changed within the row), and the chaos
/// windows open during it. Built at the end of the run from `RunSummary.intervals` and the
/// breaker and chaos timelines, at any width the slices allow.
public struct IntervalTable: Sendable {
    /// The rows' width in nanoseconds, a whole multiple of the slices' width.
    public var width: Int64
    /// What was asked for, when it was not a multiple of the slices' width and `width` is the nearest that is.
    public var requested: Int64?
    public var rows: [IntervalRow]

    /// About this many rows when no width is asked for.
    public static let automaticRows = 20
    /// The widths picked automatically (the smallest that gives at most `automaticRows` rows and is a
    /// multiple of the slices' width), in nanoseconds: 100 ms … 1 d, then doubling.
    static let roundWidths: [Int64] = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
                                       900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000]
        .map { Int64($0) * 1_000_000 }

    /// The table of `summary` over a run that ended at `end`; `width` nil picks about `automaticRows` rows.
    /// `breakers` names the clusters that have a breaker, in cluster order.
    public init(_ summary: RunSummary, end: Int64, breakers: [String], width requestedWidth: Int64? = nil) {
        let series = summary.intervals
        let resolution = series.width
        let end = max(end, 1)
        if let requestedWidth {
            let slices = max(1, (requestedWidth + resolution / 2) / resolution)
            width = slices * resolution
            requested = width == requestedWidth ? nil : requestedWidth
        } else {
            let target = (end + Int64(Self.automaticRows) - 1) / Int64(Self.automaticRows)
            var candidate = Self.roundWidths.last!
            while candidate < target { candidate *= 2 }
            width = Self.roundWidths.first { $0 >= target && $0 % resolution == 0 } ?? candidate
            if width % resolution != 0 { width = (width / resolution + 1) * resolution }
            requested = nil
        }
        // However the width came, at most `IntervalSeries.mostSlices` rows.
        let narrowest = (end + Int64(IntervalSeries.mostSlices) - 1) / Int64(IntervalSeries.mostSlices)
        if width < narrowest {
            width = (narrowest + resolution - 1) / resolution * resolution
            requested = requestedWidth
        }
        let perRow = Int(width / resolution)
        var rows: [IntervalRow] = []
        var start: Int64 = 0
        var first = 0
        var transition = 0
        var states = breakers.map { _ in BreakerState.closed }
        while start < end {
            let rowEnd = min(start + width, end)
            // The last row takes the slices at and past the run's end (events at the very end instant).
            let last = rowEnd >= end ? series.slices.count : min(first + perRow, series.slices.count)
            var slice = IntervalSlice()
            if first < last { for i in first..<last { slice.merge(series.slices[i]) } }
            var changes = breakers.map { _ in 0 }
            while transition < summary.transitions.count, summary.transitions[transition].at < rowEnd || rowEnd >= end {
                let t = summary.transitions[transition]
                if let b = breakers.firstIndex(of: t.cluster) {
                    states[b] = t.to
                    changes[b] += 1
                }
                transition += 1
            }
            let chaos = summary.chaosWindows.filter { $0.began < rowEnd && ($0.ended ?? Int64.max) > start }.map(\.window)
            rows.append(IntervalRow(start: start, end: rowEnd, figures: slice,
                                    breakers: breakers.indices.map { IntervalRow.Breaker(name: breakers[$0], state: states[$0], changes: changes[$0]) },
                                    chaos: chaos))
            first = last
            start = rowEnd
        }
        self.rows = rows
    }
}

/// One row of the table over time.
public struct IntervalRow: Sendable {
    /// A breaker at the row's end: its state then, and how many times it changed within the row.
    public struct Breaker: Sendable, Equatable {
        public var name: String
        public var state: BreakerState
        public var changes: Int
    }

    /// The row covers [start, end) of virtual time (the last row also the run's final instant).
    public var start: Int64
    public var end: Int64
    public var figures: IntervalSlice
    public var breakers: [Breaker]
    /// The chaos windows open at some moment of the row, in the order they began.
    public var chaos: [String]

    /// Completed requests under 500, as a fraction; nil when none completed.
    public var successRatio: Double? { figures.completed == 0 ? nil : Double(figures.ok) / Double(figures.completed) }
    /// The p99 of the requests completed in the row; nil when none completed.
    public var p99: Int64? { figures.completed == 0 ? nil : figures.latency.quantile(0.99) }
}
