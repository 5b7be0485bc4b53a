import Scenarios

/// Failed requests counted by error class (`ErrorClass`), for a run or one route; the counts by
/// severity follow, since a class has one severity. What `GET /errors/stats` and the reports show.
public struct ErrorCounts: Sendable, Equatable {
    /// Failed requests of each class, indexed by `ErrorClass.rawValue`.
    public private(set) var byClass = [Int](repeating: 0, count: ErrorClass.allCases.count)

    public init() {}

    @inline(__always)
    mutating func record(_ errorClass: ErrorClass) { byClass[errorClass.rawValue] += 1 }

    /// Failed requests of `errorClass`.
    public func count(_ errorClass: ErrorClass) -> Int { byClass[errorClass.rawValue] }

    /// Failed requests whose class has `severity`.
    public func count(_ severity: Severity) -> Int {
        ErrorClass.allCases.reduce(0) { $0 + ($1.severity == severity ? byClass[$1.rawValue] : 0) }
    }

    /// Failed requests of every class.
    public var total: Int { byClass.reduce(0, +) }
}
