/// What a cluster carries for each attempt it holds and hands back with the answer: the router's
/// attempt slot and serial (to recognise a stale answer), the status chaos decided, if any, and
/// the request template (which fixes how long the backend holds the call and what it answers).
struct AttemptTicket: Sendable {
    var slot: Int32
    var chaosStatus: Int16
    var template: UInt16
    var serial: Int64
    /// The request's hash key for a cluster that balances its backends by hash (ring hash,
    /// Maglev); 0 otherwise. Only needed until the cluster accepts the attempt.
    var key: UInt32 = 0

    /// Packs slot, chaos status and template into one timer word.
    var packed: Int64 {
        Int64(UInt32(bitPattern: slot)) | Int64(UInt16(bitPattern: chaosStatus)) << 32 | Int64(template) << 48
    }

    init(slot: Int32, chaosStatus: Int16, template: UInt16, serial: Int64, key: UInt32 = 0) {
        self.key = key
        self.slot = slot
        self.chaosStatus = chaosStatus
        self.template = template
        self.serial = serial
    }

    init(packed: Int64, serial: Int64) {
        slot = Int32(truncatingIfNeeded: packed)
        chaosStatus = Int16(bitPattern: UInt16(truncatingIfNeeded: packed >> 32))
        template = UInt16(truncatingIfNeeded: packed >> 48)
        self.serial = serial
    }
}
