/// Which actor (or unit) a timer belongs to: an index into the timeline's owners, handed out
/// when the owner registers. The kernel knows no owner's timers; each owner decodes its own.
struct TimerOwnerID: Sendable, Hashable {
    let index: UInt16
}

/// What a timer carries back to its owner. The fields mean what the owner says they mean: each
/// owner has one typed view (an enum with an `init(_ token:)` and a `token`) in its own file.
struct TimerToken: Sendable, Equatable {
    var tag: UInt8
    var a: Int32
    var b: Int32
    var c: Int64
    var d: Int64

    @inline(__always)
    init(tag: UInt8, a: Int32 = 0, b: Int32 = 0, c: Int64 = 0, d: Int64 = 0) {
        self.tag = tag
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

/// A timer that fired: when, whose, and what it carries back to its owner.
struct Timer: Sendable {
    var time: Int64
    var owner: TimerOwnerID
    var token: TimerToken
}
