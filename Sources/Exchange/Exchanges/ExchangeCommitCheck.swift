import Foundation
import Ledger

/// Limits that span several exchanges — an offer's hours in a month, one open exchange per
/// request and offer, an agreement's sessions in a month — checked by the store inside the
/// transaction that inserts or updates the exchange, from counts it reads in that transaction.
/// Every instance's writes of one database are serialised there (SQLite runs one write
/// transaction at a time across processes; PostgreSQL would lock the offer's and the
/// agreement's rows), so two instances can never both take the last place. The rule itself is
/// here, pure (`refusal`); the store only counts.
public struct ExchangeCommitCheck: Sendable, Hashable {
    /// The offer's monthly hours.
    public var offerCapacity: OfferCapacity?
    /// A request has at most one open exchange per offer.
    public var openPair: RequestOfferPair?
    /// The agreement's monthly session quota for the receiving network.
    public var agreementQuota: AgreementQuota?

    public init(offerCapacity: OfferCapacity? = nil, openPair: RequestOfferPair? = nil, agreementQuota: AgreementQuota? = nil) {
        self.offerCapacity = offerCapacity
        self.openPair = openPair
        self.agreementQuota = agreementQuota
    }

    public static let none = ExchangeCommitCheck()

    public var isEmpty: Bool { offerCapacity == nil && openPair == nil && agreementQuota == nil }

    /// The session must fit in what is left of the offer's hours in `[from, before)`.
    public struct OfferCapacity: Sendable, Hashable {
        public var offerID: OfferID
        public var from: Date
        public var before: Date
        public var hoursPerMonth: Int
        public var durationMinutes: Int64
    }

    /// Fewer than `quota` other sessions under the agreement from `requesterNetworkID`, scheduled
    /// in `[from, before)`: at proposal counting proposals too, at acceptance only sessions agreed
    /// (accepted, disputed, completed, or with their reservation stored to send).
    public struct AgreementQuota: Sendable, Hashable {
        public var agreementID: AgreementID
        public var requesterNetworkID: NetworkID
        public var from: Date
        public var before: Date
        public var quota: Int
        public var countsProposals: Bool
    }

    /// What the store counted inside the transaction, the exchange being written left out.
    public struct Counts: Sendable, Hashable {
        /// Minutes booked on the offer in the month (proposed, accepted, disputed, completed).
        public var bookedMinutes: Int64
        /// The request's open exchange on the offer, if any.
        public var openExchange: (id: ExchangeID, status: ExchangeStatus)?
        /// Sessions the quota counts.
        public var agreementSessions: Int

        public init(bookedMinutes: Int64 = 0, openExchange: (id: ExchangeID, status: ExchangeStatus)? = nil, agreementSessions: Int = 0) {
            self.bookedMinutes = bookedMinutes
            self.openExchange = openExchange
            self.agreementSessions = agreementSessions
        }

        public static func == (lhs: Counts, rhs: Counts) -> Bool {
            lhs.bookedMinutes == rhs.bookedMinutes && lhs.openExchange?.id == rhs.openExchange?.id
                && lhs.openExchange?.status == rhs.openExchange?.status && lhs.agreementSessions == rhs.agreementSessions
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(bookedMinutes)
            hasher.combine(openExchange?.id)
            hasher.combine(agreementSessions)
        }
    }

    /// The refusal the counts call for, or nil when every limit holds.
    public func refusal(_ counts: Counts) -> ExchangeError? {
        if let pair = openPair, let open = counts.openExchange {
            return .refused(.openProposalExists,
                            "request \(pair.requestID) already has exchange \(open.id) (\(open.status.rawValue)) on this offer")
        }
        if let capacity = offerCapacity,
           let refusal = ProposalRules.capacity(hoursPerMonth: capacity.hoursPerMonth, bookedMinutes: counts.bookedMinutes,
                                                durationMinutes: capacity.durationMinutes) {
            return refusal
        }
        if let quota = agreementQuota, counts.agreementSessions >= quota.quota {
            return .agreementLimit(.monthlyQuota, "the agreement's \(quota.quota) sessions that month from the partner network are taken")
        }
        return nil
    }
}
