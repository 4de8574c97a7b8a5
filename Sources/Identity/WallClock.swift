import Foundation

/// The time source of the identity module, injected so that expiry and rate limits are testable
/// without waiting.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
