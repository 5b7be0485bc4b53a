/// Receives a long run's progress: virtual time reached, and events so far.
public struct ProgressReporter: Sendable {
    let report: @Sendable (_ virtualNanoseconds: Int64, _ endNanoseconds: Int64, _ events: Int) -> Void

    public init(_ report: @escaping @Sendable (_ virtualNanoseconds: Int64, _ endNanoseconds: Int64, _ events: Int) -> Void) {
        self.report = report
    }

    func report(virtualNanoseconds: Int64, endNanoseconds: Int64, events: Int) {
        report(virtualNanoseconds, endNanoseconds, events)
    }
}
