/// Envoy's least-request balancer for hosts of equal weight (`N_CHOICES`, the default selection
/// method): draw `choices` hosts at random *with replacement* and keep the one with the fewest
/// active requests; on a tie the host drawn first is kept.
///
/// - Envoy: https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers
///   ("Weighted least request": "all weights equal … P2C … picks N random available hosts");
///   `choice_count` defaults to 2 (least_request.proto). In the source
///   (`LeastRequestLoadBalancer::unweightedHostPickNChoices`) each draw is `random() % hosts`,
///   independent of the others, and a later draw replaces the candidate only if its active count
///   is strictly lower.
/// - Envoy draws from a list already cut down to the usable hosts. Here the caller names the
///   unusable positions (ejected, already tried) with `excluded`; each draw is uniform over the
///   positions not excluded, which is the same distribution. A draw first tries a few plain draws
///   over all positions (rejection sampling, exact and O(1) when few are excluded) and then falls
///   back to an exact draw by rank among the allowed positions, so it never loops.
enum PowerOfTwoChoices {
    /// Envoy's default `choice_count`.
    static let defaultChoices = 2

    /// Plain draws per choice before the exact by-rank draw among the allowed positions.
    static let rejectionDraws = 4

    /// The chosen position in `0..<count`, or nil when `count` is 0 or every position is excluded.
    /// `choices` below 1 counts as 1. `load(position)` is asked once per draw.
    @inline(__always)
    static func pick(count: Int, choices: Int = defaultChoices, excluded: (Int) -> Bool,
                     load: (Int) -> Int, rng: inout SeededGenerator) -> Int? {
        guard count > 0 else { return nil }
        var candidate = -1
        var candidateLoad = Int.max
        for _ in 0..<max(1, choices) {
            guard let drawn = drawAllowed(count: count, excluded: excluded, rng: &rng) else { return nil }
            let drawnLoad = load(drawn)
            if candidate < 0 || drawnLoad < candidateLoad {
                candidate = drawn
                candidateLoad = drawnLoad
            }
        }
        return candidate
    }

    /// A position drawn uniformly from those not excluded, or nil when there is none.
    @inline(__always)
    static func drawAllowed(count: Int, excluded: (Int) -> Bool, rng: inout SeededGenerator) -> Int? {
        for _ in 0..<rejectionDraws {
            let position = rng.nextIndex(below: count)
            if !excluded(position) { return position }
        }
        var allowed = 0
        for position in 0..<count where !excluded(position) { allowed += 1 }
        guard allowed > 0 else { return nil }
        var rank = rng.nextIndex(below: allowed)
        for position in 0..<count where !excluded(position) {
            if rank == 0 { return position }
            rank -= 1
        }
        return nil
    }
}
