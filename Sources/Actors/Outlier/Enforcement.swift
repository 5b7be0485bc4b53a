/// Envoy's `enforcing_*` percentages: "The % chance that a host will be actually ejected when an
/// outlier status is detected" (https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/cluster/v3/outlier_detection.proto).
///
/// 100 (or more) always enforces and 0 (or less) never does, both without a draw, so a trace with only
/// those values never consumes the generator; anything between draws one uniform integer in 0..<100
/// and enforces when it is below the percentage (Envoy's runtime `featureEnabled`).
enum Enforcement {
    @inline(__always)
    static func enforced(_ percent: Int, _ generator: inout SeededGenerator) -> Bool {
        if percent >= 100 { return true }
        if percent <= 0 { return false }
        return generator.nextIndex(below: 100) < percent
    }
}
