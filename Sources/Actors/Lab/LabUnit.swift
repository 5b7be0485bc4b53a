/// A named part of a running lab with a start and a stop — the recorder, the metrics consumer,
/// the actors, the companions. A lab starts its units in order and stops them in reverse, so a
/// driver (`lab run` today, `lab serve` next) adds signals, drain or reload around the same units.
protocol LabUnit: AnyObject {
    var name: String { get }
    func start() throws(LabError)
    func stop()
}

/// Units started in order and stopped in reverse; a unit that fails to start stops those
/// already started.
struct LabUnits {
    private var units: [any LabUnit] = []
    private var started = 0

    init(_ units: [any LabUnit]) { self.units = units }

    mutating func start() throws(LabError) {
        for unit in units {
            do {
                try unit.start()
            } catch {
                stop()
                throw error
            }
            started += 1
        }
    }

    /// Stops every started unit, last started first.
    mutating func stop() {
        while started > 0 {
            started -= 1
            units[started].stop()
        }
    }
}
