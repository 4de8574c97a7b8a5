/// A small seeded pseudo-random generator (SplitMix64), so that a model-check run is a pure
/// function of its seed on every platform and Swift version (the standard library's
/// `random(in:using:)` algorithms are not promised to stay the same).
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound` (the slight modulo bias does not matter here).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    /// A value in `range`, both ends included.
    public mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        if span == UInt64.max { return Int64(bitPattern: next()) }
        return range.lowerBound &+ Int64(bitPattern: next() % (span + 1))
    }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func pick<T>(_ values: [T]) -> T {
        precondition(!values.isEmpty)
        return values[below(values.count)]
    }

    /// Derives the seed of run `index` from a base seed, so that each run reproduces alone.
    public static func seed(base: UInt64, index: Int) -> UInt64 { base &+ UInt64(index) }
}
