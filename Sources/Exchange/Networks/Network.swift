import Foundation
import Ledger

/// How a network pays the facilitator of a group session.
public enum GroupSessionPayment: String, Sendable, Hashable, Codable, CaseIterable {
    /// One transfer from the network's community account.
    case community
    /// Each participant pays a share; the shares sum exactly to the session's minutes.
    case split
}

public struct NetworkPolicy: Sendable, Hashable, Codable {
    public var creditFloorMinutes: Int64
    public var ceilingMinutes: Int64?
    public var welcomeGrantMinutes: Int64
    public var autoConfirmDays: Int
    public var groupSessionPayment: GroupSessionPayment
    /// Added after the auto-confirm period to a reservation's timeout (see `ExchangeTiming`).
    public var graceMinutes: Int64

    public init(
        creditFloorMinutes: Int64 = -600, ceilingMinutes: Int64? = nil, welcomeGrantMinutes: Int64 = 120,
        autoConfirmDays: Int = 7, groupSessionPayment: GroupSessionPayment = .community,
        graceMinutes: Int64 = 1440
    ) {
        self.creditFloorMinutes = creditFloorMinutes
        self.ceilingMinutes = ceilingMinutes
        self.welcomeGrantMinutes = welcomeGrantMinutes
        self.autoConfirmDays = autoConfirmDays
        self.groupSessionPayment = groupSessionPayment
        self.graceMinutes = graceMinutes
    }
}

/// A network as the directory lists it.
public struct NetworkListing: Sendable, Hashable, Codable {
    public var id: NetworkID
    public var slug: String
    public var name: String

    public init(id: NetworkID, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}

/// What an administrator gives to create a network.
public struct NetworkDraft: Sendable, Hashable, Codable {
    public var slug: String
    public var name: String
    public var policy: NetworkPolicy

    public init(slug: String, name: String, policy: NetworkPolicy = NetworkPolicy()) {
        self.slug = slug
        self.name = name
        self.policy = policy
    }
}

public struct Network: Sendable, Hashable, Codable {
    /// Also the network's id in the ledger.
    public var id: NetworkID
    public var slug: String
    public var name: String
    public var policy: NetworkPolicy
    public var communityAccountID: AccountID
    public var correctionAccountID: AccountID
    public var createdAt: Date

    public init(
        id: NetworkID, slug: String, name: String, policy: NetworkPolicy,
        communityAccountID: AccountID, correctionAccountID: AccountID, createdAt: Date
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.policy = policy
        self.communityAccountID = communityAccountID
        self.correctionAccountID = correctionAccountID
        self.createdAt = createdAt
    }

    /// The floor of the community account: far below anything a network spends.
    public static let communityFloorMinutes: Int64 = -1_000_000_000

    /// The network's two ledger accounts, as opened (idempotently) in the ledger.
    public var ledgerAccounts: [NewAccount] {
        [
            NewAccount(id: communityAccountID, networkID: id, kind: .community,
                       lowerLimitMinutes: Self.communityFloorMinutes),
            NewAccount(id: correctionAccountID, networkID: id, kind: .correction,
                       lowerLimitMinutes: Self.communityFloorMinutes),
        ]
    }
}
