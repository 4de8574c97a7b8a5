import Foundation

/// Draws an index in `0..<count` with probability proportional to given weights, by binary
/// search over the cumulative weights. `zipf` builds the weights 1 / (rank + 1)^exponent:
/// a few popular items and a long tail, like topic tags in a real community.
struct SkewedSampler: Sendable {
    private let cumulative: [Double]

    init(weights: [Double]) {
        precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 })
        var running = 0.0
        cumulative = weights.map { running += $0; return running }
        precondition(running > 0)
    }

    static func zipf(count: Int, exponent: Double) -> SkewedSampler {
        SkewedSampler(weights: (0..<count).map { 1 / pow(Double($0 + 1), exponent) })
    }

    var count: Int { cumulative.count }

    func sample(using random: inout SplitMix64) -> Int {
        let target = Double.random(in: 0..<cumulative[cumulative.count - 1], using: &random)
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Up to `wanted` distinct indices (fewer if the draws keep repeating), in draw order.
    func sampleDistinct(_ wanted: Int, using random: inout SplitMix64) -> [Int] {
        var chosen: [Int] = []
        var attempts = 0
        while chosen.count < min(wanted, count) && attempts < wanted * 8 {
            let index = sample(using: &random)
            if !chosen.contains(index) { chosen.append(index) }
            attempts += 1
        }
        return chosen
    }
}

