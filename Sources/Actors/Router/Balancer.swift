import Scenarios

/// Picks a route's next cluster, skipping clusters already tried by this request and clusters
/// whose breaker refuses the call. Positions are indices into the route's cluster list.
struct Balancer {
    let kind: BalancerKind
    let count: Int
    private var cursor = 0
    private let weights: [Double]
    private var current: [Double]
    private var rng: SeededGenerator

    init(kind: BalancerKind, count: Int, weights: [Double], rng: SeededGenerator) {
        self.kind = kind
        self.count = count
        self.weights = weights.isEmpty ? Array(repeating: 1, count: count) : weights
        current = Array(repeating: 0, count: count)
        self.rng = rng
    }

    /// The position of the chosen cluster, or nil when every untried cluster refuses.
    /// `admit` is asked at most once per position, in the balancer's order of preference.
    mutating func pick(tried: UInt64, outstanding: (Int) -> Int, admit: (Int) -> Bool) -> Int? {
        switch kind {
        case .roundRobin:
            // Every position examined advances the cursor, tried ones included (the reference's rule).
            for _ in 0..<count {
                let position = cursor % count
                cursor &+= 1
                if tried & (1 << position) == 0 && admit(position) { return position }
            }
            return nil
        case .weighted:
            var excluded = tried
            while true {
                guard let position = smoothWeighted(excluding: excluded) else { return nil }
                if admit(position) { return position }
                excluded |= 1 << position
            }
        case .random:
            var excluded = tried
            while true {
                let remaining = (0..<count).filter { excluded & (1 << $0) == 0 }
                guard !remaining.isEmpty else { return nil }
                let position = remaining[rng.nextIndex(below: remaining.count)]
                if admit(position) { return position }
                excluded |= 1 << position
            }
        case .leastOutstanding:
            var excluded = tried
            while true {
                var best: Int?
                var fewest = Int.max
                for position in 0..<count where excluded & (1 << position) == 0 {
                    let load = outstanding(position)
                    if load < fewest { fewest = load; best = position }
                }
                guard let position = best else { return nil }
                if admit(position) { return position }
                excluded |= 1 << position
            }
        }
    }

    /// Nginx's smooth weighted round-robin over the positions not excluded.
    private mutating func smoothWeighted(excluding excluded: UInt64) -> Int? {
        var total = 0.0
        var best: Int?
        for position in 0..<count where excluded & (1 << position) == 0 && weights[position] > 0 {
            current[position] += weights[position]
            total += weights[position]
            if best == nil || current[position] > current[best!] { best = position }
        }
        guard let chosen = best else { return nil }
        current[chosen] -= total
        return chosen
    }
}
