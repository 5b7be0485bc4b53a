/// What chaos does to one attempt; the transport applies it.
struct ChaosEffect {
    /// The window that struck, if any.
    var window: Int32?
    /// Added before the attempt reaches its cluster.
    var extraDelay: Int64 = 0
    /// The status that replaces the backend's answer, or 0.
    var status: Int16 = 0
    /// The attempt is held and never answered.
    var hang = false
}
