/// What chaos decided about attempts in flight beyond a plain replaced status — a different
/// outcome, a truncation, delays after the answer, a backend's changed service time — keyed by
/// the attempt's serial, and the service-time stretch each cluster's mode sets. A ticket whose
/// `chaosStatus` is `mark` has an entry here.
///
/// Shared by the chaos actor, the transport and the clusters, all on the lab's thread (it is
/// `Sendable` only so the actors can hold it). Empty, and never read, in a run without chaos.
final class ChaosLedger: @unchecked Sendable {
    struct Entry {
        var status: Int16 = 0
        var outcome: Outcome = .chaos
        var relabel: Outcome?
        var answerDelay: Int64 = 0
        /// The backend's service time becomes this (a backend's reset or timeout holds it so), or -1.
        var service: Int64 = -1
        /// Added to the backend's service time (a backend's latency).
        var serviceExtra: Int64 = 0
    }

    /// The `chaosStatus` of a ticket with an entry.
    static let mark: Int16 = -1

    private var entries: [Int64: Entry] = [:]
    /// Per cluster: the factor its mode stretches service times by (1: none).
    var serviceScale: [Double]

    init(clusterCount: Int) { serviceScale = Array(repeating: 1, count: clusterCount) }

    /// Records a send-time effect for the attempt `serial`.
    func record(_ serial: Int64, _ effect: ChaosEffect) {
        entries[serial] = Entry(status: effect.status, outcome: effect.outcome, relabel: effect.relabel, answerDelay: effect.answerDelay)
    }

    /// Adds a backend's effect to what the attempt already carries (`plainStatus`: the ticket's
    /// replaced status, if it carried one instead of an entry). Send-time replacements come first.
    func merge(_ serial: Int64, plainStatus: Int16, _ effect: ChaosEffect) {
        var entry = entries[serial] ?? Entry(status: plainStatus > 0 ? plainStatus : 0)
        if effect.endStatus != 0 {
            entry.service = effect.extraDelay + effect.endAfter
            entry.status = effect.endStatus
            entry.outcome = effect.endOutcome
        } else {
            entry.serviceExtra += effect.extraDelay
            if entry.status == 0 && effect.status != 0 { entry.status = effect.status; entry.outcome = effect.outcome }
        }
        if entry.relabel == nil { entry.relabel = effect.relabel }
        entry.answerDelay += effect.answerDelay
        entries[serial] = entry
    }

    func entry(_ serial: Int64) -> Entry? { entries[serial] }

    /// The entry, removed: the attempt was answered.
    func take(_ serial: Int64) -> Entry? { entries.removeValue(forKey: serial) }
}
