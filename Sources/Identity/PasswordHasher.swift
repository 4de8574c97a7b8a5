import Crypto
import Dispatch
import Foundation
import HummingbirdBcrypt

/// The bcrypt work factor. Production is 12; anything lower must be asked for by name.
public struct BcryptCost: Sendable, Hashable {
    public let value: UInt8

    public static let production = BcryptCost(value: 12)

    /// A cheap cost so that test suites do not spend seconds per password. Never for serving.
    public static func reducedForTestsOnly(_ value: UInt8) -> BcryptCost {
        precondition(value >= 4 && value < 12, "a test cost is between 4 and 11")
        return BcryptCost(value: value)
    }

    private init(value: UInt8) { self.value = value }
}

/// bcrypt over base64(SHA-256(password)): bcrypt reads at most 72 bytes, and passwords may be 128
/// characters of up to 4 bytes each, so the pre-hash keeps every character significant.
/// Hashing runs off the cooperative thread pool because it is deliberately slow.
public struct PasswordHasher: Sendable {
    public let cost: BcryptCost

    public init(cost: BcryptCost) { self.cost = cost }

    public func hash(_ password: String) async -> String {
        let input = Self.prehashed(password)
        let cost = cost.value
        return await Self.offload { Bcrypt.hash(input, cost: cost) }
    }

    public func verify(_ password: String, againstHash hash: String) async -> Bool {
        let input = Self.prehashed(password)
        return await Self.offload { Bcrypt.verify(input, hash: hash) }
    }

    static func prehashed(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    private static func offload<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}
