import Foundation
import Ledger

/// Offers of support.
public protocol OfferRepository: Sendable {
    func insertOffer(supporterID: MemberID, networkID: NetworkID, details: OfferDetails, at: Date,
                     keyed: KeyedCreation?) async throws -> Offer
    func offer(_ id: OfferID) async throws -> Offer?
    func updateOffer(_ offer: Offer) async throws
    func offers(supporterID: MemberID, afterID: OfferID?, limit: Int) async throws -> [Offer]
    func searchOffers(_ search: OfferSearch) async throws -> [Offer]
    /// Active offers of the given networks, in id order, at most `limit` (a matching run's).
    func activeOffers(in networkIDs: [NetworkID], limit: Int) async throws -> [Offer]
}

/// Requests for support.
public protocol RequestRepository: Sendable {
    func insertRequest(requesterID: MemberID, networkID: NetworkID, details: RequestDetails, at: Date,
                       keyed: KeyedCreation?) async throws -> SupportRequest
    func request(_ id: RequestID) async throws -> SupportRequest?
    func updateRequestStatus(_ id: RequestID, to status: RequestStatus) async throws
    func requests(requesterID: MemberID, afterID: RequestID?, limit: Int) async throws -> [SupportRequest]
    func searchRequests(_ search: RequestSearch) async throws -> [SupportRequest]
    /// Open requests of a network, in id order, at most `limit` (a matching run's).
    func openRequests(in networkID: NetworkID, limit: Int) async throws -> [SupportRequest]
}
