/// The run's seeded generators, one per stable name: an actor's stream is a function of the seed
/// and the name of what draws from it (`cluster:NAME`, `traffic:NAME`, `chaos:WINDOW`), so a draw
/// added in one place never shifts another's numbers. Docs/ARCHITECTURE.md lists the names and
/// which scenario edits change a run's draws.
public struct SeededStreams: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The generator of the stream named `name`.
    public func generator(_ name: String) -> SeededGenerator { SeededGenerator(seed: seed, stream: name) }
}
