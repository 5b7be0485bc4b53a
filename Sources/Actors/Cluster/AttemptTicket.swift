/// What a cluster carries for each attempt it holds and hands back with the answer: the router's
/// attempt slot and serial (to recognise a stale answer) and the status chaos decided, if any.
struct AttemptTicket: Sendable {
    var slot: Int32
    var chaosStatus: Int16
    var serial: Int64

    /// Packs slot and chaos status into one timer word.
    var packed: Int64 { Int64(slot) | Int64(UInt16(bitPattern: chaosStatus)) << 32 }

    init(slot: Int32, chaosStatus: Int16, serial: Int64) {
        self.slot = slot
        self.chaosStatus = chaosStatus
        self.serial = serial
    }

    init(packed: Int64, serial: Int64) {
        slot = Int32(truncatingIfNeeded: packed)
        chaosStatus = Int16(bitPattern: UInt16(truncatingIfNeeded: packed >> 32))
        self.serial = serial
    }
}
