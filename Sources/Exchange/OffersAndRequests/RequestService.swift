import Foundation
import Ledger

/// Requests for support. The description is private: the requester and, once an exchange on
/// the request is accepted, its supporter read it; nobody else, coordinators included.
public final class RequestService: Sendable {
    let context: ServiceContext
    let requests: any RequestRepository
    let supportKinds: any SupportKindRepository
    let tallies: any ExchangeTallyRepository

    init(context: ServiceContext, requests: any RequestRepository, supportKinds: any SupportKindRepository,
         tallies: any ExchangeTallyRepository) {
        self.context = context
        self.requests = requests
        self.supportKinds = supportKinds
        self.tallies = tallies
    }

    private var listing: ListingSteps { ListingSteps(context: context, supportKinds: supportKinds) }

    /// An active member of the network asks for support there. A retry of a keyed creation
    /// answers the request the first attempt created.
    public func createRequest(_ actor: Actor, networkID: NetworkID, _ details: RequestDetails) async throws -> SupportRequest {
        try await listing.create(
            actor, .request, networkID: networkID, load: { try await request(actor, RequestID($0)) },
            validate: { try Validate.request(details, vocabulary: $0) },
            insert: { now, keyed in
                try await requests.insertRequest(requesterID: actor.memberID, networkID: networkID, details: details, at: now,
                                                 keyed: keyed)
            })
    }

    /// Anyone with a membership of the request's network; the description only for those
    /// entitled to it (nil for everyone else).
    public func request(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        let request = try await visible(actor, id)
        return try await mayReadDescription(actor, request) ? request : request.redacted
    }

    /// The private description; `.forbidden` for anyone but the requester and the supporter of
    /// an accepted exchange on the request.
    public func requestDescription(_ actor: Actor, _ id: RequestID) async throws -> String? {
        let request = try await visible(actor, id)
        guard try await mayReadDescription(actor, request) else {
            throw ExchangeError.forbidden("only the requester and their supporter may read a request's description")
        }
        return request.details.description
    }

    /// The requester withdraws an open request.
    public func withdrawRequest(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        try await transition(actor, id, from: [.open], to: .withdrawn)
    }

    /// The requester closes a request, open or matched (e.g. their need is met).
    public func closeRequest(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        try await transition(actor, id, from: [.open, .matched], to: .closed)
    }

    /// One's own requests in every status, in id order, narrowed by `filters` (not by words: a
    /// text is refused); a page is full whenever that many more match.
    public func myRequests(_ actor: Actor, _ filters: SearchFilters = SearchFilters(),
                           page: PageRequest = PageRequest()) async throws -> Page<SupportRequest> {
        try await listing.mine(filters, page: page, list: "my-requests") { after, limit in
            try await requests.requests(requesterID: actor.memberID, afterID: after.map { RequestID($0) }, limit: limit)
        }
    }

    /// The requester, members of the request's network, and the supporter of an exchange proposed
    /// for it (from a partner network, too); anyone else is told it does not exist.
    private func visible(_ actor: Actor, _ id: RequestID) async throws -> SupportRequest {
        guard let request = try await requests.request(id) else { throw ExchangeError.notFound("request \(id)") }
        if request.requesterID == actor.memberID { return request }
        if try await tallies.hasExchange(requestID: id, supporterID: actor.memberID) { return request }
        _ = try await context.access.membership(actor, in: request.networkID)
        return request
    }

    private func mayReadDescription(_ actor: Actor, _ request: SupportRequest) async throws -> Bool {
        if request.requesterID == actor.memberID { return true }
        return try await tallies.hasAcceptedExchange(requestID: request.id, supporterID: actor.memberID)
    }

    private func transition(_ actor: Actor, _ id: RequestID, from: Set<RequestStatus>,
                            to status: RequestStatus) async throws -> SupportRequest {
        var request = try await visible(actor, id)
        guard request.requesterID == actor.memberID else {
            throw ExchangeError.forbidden("only the requester may change their request")
        }
        // Repeating a step already taken (a retry whose answer was lost) answers the request.
        if request.status == status { return request }
        guard from.contains(request.status) else {
            throw ExchangeError.invalidState("the request is \(request.status.rawValue)")
        }
        try await requests.updateRequestStatus(id, to: status)
        request.status = status
        return request
    }
}
