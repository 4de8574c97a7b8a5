import Logging

/// A commit is a compare-and-set on the version read (issue 17): when another writer — in this
/// process or another — committed first, the store throws `.conflict` and the whole step runs
/// again from a fresh load, at most `attemptsMax` times; then the caller is refused with a
/// conflict (409) that says to try again.
public enum ConflictRetry {
    public static let attemptsMax = 4

    /// What a store throws when the version it was given is no longer the stored one.
    public static func versionConflict(_ aggregate: String) -> ExchangeError {
        .conflict("the \(aggregate) \(versionConflictWords): read it again")
    }

    static func run<Value: Sendable>(
        _ context: ServiceContext, aggregate: String, _ attempt: () async throws -> Value
    ) async throws -> Value {
        for number in 1...attemptsMax {
            do {
                return try await attempt()
            } catch ExchangeError.conflict(let reason) where number < attemptsMax && isVersionConflict(reason) {
                context.logger.debug("\(aggregate) changed meanwhile, retrying from a fresh load",
                                     metadata: ["attempt": "\(number)"])
            } catch ExchangeError.conflict(let reason) where isVersionConflict(reason) {
                throw ExchangeError.conflict(
                    "the \(aggregate) kept changing while this was decided (\(attemptsMax) attempts): try again")
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }

    /// The stores' version conflicts say "changed meanwhile"; other conflicts (a second open
    /// agreement for the pair, a membership that exists) are answers, not races, and are not retried.
    static func isVersionConflict(_ reason: String) -> Bool {
        reason.contains(versionConflictWords)
    }

    private static let versionConflictWords = "changed meanwhile"
}
