/// What outlier detection did to a backend, in the order it happened: the values the cluster turns
/// into `LabEvent.backendEjected` / `backendReturned`.
public enum OutlierEvent: Sendable, Equatable {
    /// `backend` leaves the balancing set until `until` (virtual ns; it returns at the first interval
    /// sweep at or after that instant). `ejections` counts its ejections so far, this one included.
    case ejected(backend: Int, reason: EjectionReason, ejections: Int, until: Int64)
    /// An ejected backend's ejection time ended at an interval sweep: it takes traffic again.
    case returned(backend: Int)
}

/// One ejection, as `OutlierDetector.record` reports an inline (consecutive-failure) ejection.
public struct Ejection: Sendable, Equatable {
    public var backend: Int
    public var reason: EjectionReason
    /// The backend's ejections so far, this one included (Envoy's `num_ejections`).
    public var ejections: Int
    /// When the ejection time ends (virtual ns).
    public var until: Int64

    public init(backend: Int, reason: EjectionReason, ejections: Int, until: Int64) {
        self.backend = backend
        self.reason = reason
        self.ejections = ejections
        self.until = until
    }

    public var event: OutlierEvent { .ejected(backend: backend, reason: reason, ejections: ejections, until: until) }
}
