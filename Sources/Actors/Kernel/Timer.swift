/// Which actor (or unit) a timer belongs to: an index into the timeline's owners, handed out
/// when the owner registers. The kernel knows no owner's timers; each owner decodes its own.
public struct TimerOwnerID: Sendable, Hashable {
    let index: UInt16
}

/// What a timer carries back to its owner. The fields mean what the owner says they mean: each
/// owner has one typed view (an enum with an `init(_ token:)` and a `token`) in its own file.
public struct TimerToken: Sendable, Equatable {
    public var tag: UInt8
    public var a: Int32
    public var b: Int32
    public var c: Int64
    public var d: Int64

    @inline(__always)
    public init(tag: UInt8, a: Int32 = 0, b: Int32 = 0, c: Int64 = 0, d: Int64 = 0) {
        self.tag = tag
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

/// One pending timer. Ordered by time, then by the sequence number it got when scheduled, so
/// timers at the same instant fire in the order they were set.
struct Timer: Sendable {
    var time: Int64
    /// The scheduling sequence number in the high 48 bits, the owner in the low 16: comparing
    /// the word compares the sequence (unique), and the owner rides along for free.
    var order: UInt64
    var token: TimerToken

    @inline(__always)
    init(time: Int64, sequence: UInt64, owner: TimerOwnerID, token: TimerToken) {
        self.time = time
        order = sequence << 16 | UInt64(owner.index)
        self.token = token
    }

    var owner: TimerOwnerID { TimerOwnerID(index: UInt16(truncatingIfNeeded: order)) }

    @inline(__always)
    func precedes(_ other: Timer) -> Bool {
        time < other.time || (time == other.time && order < other.order)
    }
}
