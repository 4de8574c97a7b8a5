import Foundation
import Ledger

public enum AgreementStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Proposed by a coordinator of the proposing network, awaiting the partner's coordinator.
    case proposed
    case active
    /// Either side paused it; exchanges already agreed run to their end.
    case suspended
    case declined
    /// Either side ended it (or the proposer withdrew the proposal); final.
    case ended
}

/// The terms two networks agree to swap support under. "Receive" is from the receiving network's
/// side: `proposerMayReceiveMinutes` bounds how far the proposer's members may, net, be supported
/// by the partner's (the partner's clearing position), and the other way round.
public struct AgreementTerms: Sendable, Hashable, Codable {
    /// Support kinds the agreement covers (1–10 from the vocabulary).
    public var kinds: [String]
    public var proposerMayReceiveMinutes: Int64
    public var partnerMayReceiveMinutes: Int64
    /// Sessions per calendar month the proposer's members may receive from the partner's; nil: no quota.
    public var proposerMonthlySessionQuota: Int?
    public var partnerMonthlySessionQuota: Int?
    /// First and last day (UTC) the agreement covers.
    public var startsOn: Date
    public var endsOn: Date

    public init(kinds: [String], proposerMayReceiveMinutes: Int64, partnerMayReceiveMinutes: Int64,
                proposerMonthlySessionQuota: Int? = nil, partnerMonthlySessionQuota: Int? = nil,
                startsOn: Date, endsOn: Date) {
        self.kinds = kinds
        self.proposerMayReceiveMinutes = proposerMayReceiveMinutes
        self.partnerMayReceiveMinutes = partnerMayReceiveMinutes
        self.proposerMonthlySessionQuota = proposerMonthlySessionQuota
        self.partnerMonthlySessionQuota = partnerMonthlySessionQuota
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

public struct Agreement: Sendable, Hashable, Codable {
    public var id: AgreementID
    public var proposerNetworkID: NetworkID
    public var partnerNetworkID: NetworkID
    public var terms: AgreementTerms
    public var status: AgreementStatus
    public var proposedByID: MemberID
    /// The coordinator who accepted, declined, suspended, resumed or ended it last.
    public var decidedByID: MemberID?
    public var createdAt: Date
    public var updatedAt: Date
    /// The ledger accounts that carry the pair's position under this agreement, one in each
    /// network (kind `clearing`, reference = the other network's id). Allocated and stored when
    /// the partner first accepts, before they are opened in the ledger.
    public var proposerClearingAccountID: AccountID?
    public var partnerClearingAccountID: AccountID?
    /// Incremented by every stored change: an update is a compare-and-set on the version read.
    public var version: Int64

    public init(id: AgreementID, proposerNetworkID: NetworkID, partnerNetworkID: NetworkID, terms: AgreementTerms,
                status: AgreementStatus, proposedByID: MemberID, decidedByID: MemberID? = nil, createdAt: Date, updatedAt: Date,
                version: Int64 = 1) {
        self.id = id
        self.proposerNetworkID = proposerNetworkID
        self.partnerNetworkID = partnerNetworkID
        self.terms = terms
        self.status = status
        self.proposedByID = proposedByID
        self.decidedByID = decidedByID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Whether it lets members of the two networks support each other at `date`: active, and
    /// `date` within its days.
    public func isInForce(at date: Date) -> Bool {
        status == .active && date >= terms.startsOn && date < terms.endsOn.addingTimeInterval(86_400)
    }

    public func involves(_ network: NetworkID) -> Bool { proposerNetworkID == network || partnerNetworkID == network }
}

extension Agreement {
    /// The other network of the pair.
    public func other(than network: NetworkID) -> NetworkID {
        precondition(involves(network), "the network is a side of the agreement")
        return network == proposerNetworkID ? partnerNetworkID : proposerNetworkID
    }

    /// Minutes `network`'s members may, net, receive from the other network's.
    public func mayReceiveMinutes(_ network: NetworkID) -> Int64 {
        network == proposerNetworkID ? terms.proposerMayReceiveMinutes : terms.partnerMayReceiveMinutes
    }

    /// Sessions a calendar month `network`'s members may receive from the other's; nil: no quota.
    public func monthlySessionQuota(receiving network: NetworkID) -> Int? {
        network == proposerNetworkID ? terms.proposerMonthlySessionQuota : terms.partnerMonthlySessionQuota
    }

    /// The clearing account in `network`, once allocated.
    public func clearingAccountID(in network: NetworkID) -> AccountID? {
        network == proposerNetworkID ? proposerClearingAccountID : partnerClearingAccountID
    }

    /// The clearing accounts to open: in each network, credited when its members receive
    /// (ceiling: what they may receive) and debited when they give (floor: minus what the other
    /// side may receive). The two always hold opposite balances, so the pair sums to zero.
    public var clearingAccounts: [NewAccount] {
        guard let proposerAccount = proposerClearingAccountID, let partnerAccount = partnerClearingAccountID else { return [] }
        return [
            NewAccount(id: proposerAccount, networkID: proposerNetworkID, kind: .clearing,
                       lowerLimitMinutes: -terms.partnerMayReceiveMinutes, upperLimitMinutes: terms.proposerMayReceiveMinutes,
                       reference: partnerNetworkID.rawValue),
            NewAccount(id: partnerAccount, networkID: partnerNetworkID, kind: .clearing,
                       lowerLimitMinutes: -terms.proposerMayReceiveMinutes, upperLimitMinutes: terms.partnerMayReceiveMinutes,
                       reference: proposerNetworkID.rawValue),
        ]
    }
}
