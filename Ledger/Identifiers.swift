/// An opaque identifier: a positive 63-bit integer, typed by `Tag` so that ids of different
/// things never mix. The ledger's ids are chosen by the caller; the ledger stores ids and codes
/// only, never personal data, so that a person can be erased from the domain tables without
/// breaking the journal's hash chain. The domain uses the same type for its own ids.
public struct OpaqueID<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    CustomStringConvertible
{
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    /// Zero and negative values are never valid ids; commands that carry one are refused.
    public var isValid: Bool { rawValue > 0 }

    public var description: String { String(rawValue) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

public typealias LedgerID<Tag> = OpaqueID<Tag>

public enum AccountTag: Sendable {}
public enum TransferTag: Sendable {}
public enum NetworkTag: Sendable {}

public typealias AccountID = LedgerID<AccountTag>
public typealias TransferID = LedgerID<TransferTag>
/// Each network is its own ledger: a transfer's two accounts always belong to one network.
public typealias NetworkID = LedgerID<NetworkTag>
