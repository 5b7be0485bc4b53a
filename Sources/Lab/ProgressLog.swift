import Actors
import Foundation
import Scenarios
import Synchronization

/// Progress for stderr that is not a terminal (a CI log, a file): a plain line every few seconds
/// of wall time and one when the run ends, each saying virtual time reached of the total, share
/// done, events so far and wall time elapsed. The wall clock is read here, in the CLI, never in
/// the simulation.
final class ProgressLog: Sendable {
    /// Wall time between two lines.
    static let interval: Duration = .seconds(5)

    private let started: ContinuousClock.Instant
    private let lastLine: Mutex<ContinuousClock.Instant>

    init() {
        started = ContinuousClock.now
        lastLine = Mutex(started)
    }

    var reporter: ProgressReporter {
        ProgressReporter { [self] virtual, end, events in self.note(virtual: virtual, end: end, events: events) }
    }

    private func note(virtual: Int64, end: Int64, events: Int) {
        let now = ContinuousClock.now
        let due = lastLine.withLock { last -> Bool in
            guard now - last >= Self.interval else { return false }
            last = now
            return true
        }
        if due { write(virtual: virtual, end: end, events: events, at: now) }
    }

    /// The closing line, for a run that stopped at `virtual` after `events` events.
    func finish(virtual: Int64, end: Int64, events: Int) {
        write(virtual: virtual, end: end, events: events, at: ContinuousClock.now)
    }

    private func write(virtual: Int64, end: Int64, events: Int, at now: ContinuousClock.Instant) {
        let wall = String(format: "%.1f", (now - started).seconds)
        Terminal.write(toStandardError: "lab: progress: \(ProgressLine.describe(virtual: virtual, end: end, events: events)) · wall \(wall)s\n")
    }
}
