import Scenarios

/// Everything scheduled for one breaker from the scenario: its `actions` and the steps of the
/// scripts that target it, in the order they run. At one instant, actions go first (in file
/// order), then script steps (scripts in file order, steps in order).
struct BreakerAgenda {
    enum Entry {
        case action(BreakerOperation)
        /// Index into `scripts`, and the step's index in its script.
        case step(script: Int, step: Int)
    }

    /// The scripts targeting this breaker, with their index among the scenario's scripts.
    let scripts: [(index: Int, script: BreakerScript)]
    /// Sorted by instant, ties as described above.
    let entries: [(at: Int64, entry: Entry)]
    /// The next entry to run.
    var cursor = 0

    init(actions: [BreakerAction], scripts: [(index: Int, script: BreakerScript)]) {
        self.scripts = scripts
        var all: [(at: Int64, order: Int, entry: Entry)] = []
        for action in actions { all.append((action.at.nanoseconds, all.count, .action(action.operation))) }
        for (s, script) in scripts.enumerated() {
            for (i, step) in script.script.steps.enumerated() { all.append((step.at.nanoseconds, all.count, .step(script: s, step: i))) }
        }
        all.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        entries = all.map { ($0.at, $0.entry) }
    }

    var isEmpty: Bool { entries.isEmpty }

    /// When the next entry is due, if any is left.
    var nextInstant: Int64? { cursor < entries.count ? entries[cursor].at : nil }
}
