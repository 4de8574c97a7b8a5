import MatchingBenchmarkSupport

/// What tests draw from the one `SplitMix64` (declared once, with the instance generators that
/// also use it), so that a model-check run or a random scenario is a pure function of its seed on
/// every platform and Swift version (the standard library's `random(in:using:)` algorithms are
/// not promised to stay the same).
extension SplitMix64 {
    /// A value in `0..<bound` (the slight modulo bias does not matter here).
    public mutating func below(_ bound: Int) -> Int { next(upTo: bound) }

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
