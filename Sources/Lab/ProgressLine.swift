import Actors
import Foundation
import Scenarios
import Synchronization

/// The progress line a long run draws on a terminal: virtual time reached, share done, events.
/// Redrawn at most five times a wall-clock second; it lives in the CLI, outside the simulation.
final class ProgressLine: Sendable {
    private let lastDraw = Mutex<ContinuousClock.Instant?>(nil)
    private let drawn = Atomic<Bool>(false)

    var reporter: ProgressReporter {
        ProgressReporter { [self] virtual, end, events in self.draw(virtual: virtual, end: end, events: events) }
    }

    private func draw(virtual: Int64, end: Int64, events: Int) {
        let now = ContinuousClock.now
        let due = lastDraw.withLock { last -> Bool in
            if let last, now - last < .milliseconds(200) { return false }
            last = now
            return true
        }
        guard due else { return }
        Terminal.write(toStandardError: "\r\u{1B}[2K  " + Self.describe(virtual: virtual, end: end, events: events))
        drawn.store(true, ordering: .relaxed)
    }

    /// Erases the line, so that what follows starts on a clean one.
    func clear() {
        if drawn.exchange(false, ordering: .relaxed) { Terminal.write(toStandardError: "\r\u{1B}[2K") }
    }

    /// "virtual 1m30s / 4m (37%) · 140000 events": where the run is, to the millisecond.
    static func describe(virtual: Int64, end: Int64, events: Int) -> String {
        let percent = end > 0 ? Int(100 * Double(virtual) / Double(end)) : 0
        let reached = TimeSpan(nanoseconds: virtual / 1_000_000 * 1_000_000)
        return "virtual \(reached) / \(TimeSpan(nanoseconds: end)) (\(percent)%) · \(events) events"
    }
}
