import Foundation

/// Settings of the model-based run, from the environment:
/// LEDGER_PROPERTY_SEEDS (runs), LEDGER_PROPERTY_STEPS (requests per run), LEDGER_PROPERTY_SEED
/// (base seed; run i uses base + i, so a failing run reproduces alone with SEEDS=1),
/// LEDGER_PROPERTY_FAILURES_MAX (failing runs reported before stopping, default 3).
public struct PropertySettings: Sendable {
    public var baseSeed: UInt64
    public var seeds: Int
    public var steps: Int
    /// Failing runs to report before stopping (LEDGER_PROPERTY_FAILURES_MAX).
    public var failuresMax: Int

    public static func fromEnvironment(defaultSeeds: Int, defaultSteps: Int) -> PropertySettings {
        let environment = ProcessInfo.processInfo.environment
        let seeds = environment["LEDGER_PROPERTY_SEEDS"].flatMap { Int($0) } ?? defaultSeeds
        let steps = environment["LEDGER_PROPERTY_STEPS"].flatMap { Int($0) } ?? defaultSteps
        let base = environment["LEDGER_PROPERTY_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64.max)
        let failuresMax = environment["LEDGER_PROPERTY_FAILURES_MAX"].flatMap { Int($0) } ?? 3
        return PropertySettings(baseSeed: base, seeds: max(1, seeds), steps: max(1, steps), failuresMax: max(1, failuresMax))
    }
}

