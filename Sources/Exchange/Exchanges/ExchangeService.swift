import Foundation
import Ledger
import Logging

/// One-to-one exchanges: propose → accept (reserve) → confirm by both (post) / dispute → resolve;
/// decline, cancel (void); expiry and auto-confirmation in `runDueWork`. The rules of each step
/// after the proposal are `ExchangeLifecycle`'s (pure); `run` loads, decides, commits and sends.
public final class ExchangeService: Sendable {
    let context: ServiceContext
    let agreementService: AgreementService
    let agreements: any AgreementRepository
    let exchanges: any ExchangeRepository
    let ledgerIDs: any LedgerIDRepository
    let members: any MemberRepository
    let memberships: any MembershipRepository
    let networks: any NetworkRepository
    let offers: any OfferRepository
    let preferences: any MatchingPreferenceRepository
    let requests: any RequestRepository

    init(context: ServiceContext, agreementService: AgreementService, agreements: any AgreementRepository,
         exchanges: any ExchangeRepository, ledgerIDs: any LedgerIDRepository, members: any MemberRepository,
         memberships: any MembershipRepository, networks: any NetworkRepository, offers: any OfferRepository,
         preferences: any MatchingPreferenceRepository, requests: any RequestRepository) {
        self.context = context
        self.agreementService = agreementService
        self.agreements = agreements
        self.exchanges = exchanges
        self.ledgerIDs = ledgerIDs
        self.members = members
        self.memberships = memberships
        self.networks = networks
        self.offers = offers
        self.preferences = preferences
        self.requests = requests
    }

    /// The requester proposes to an offer (optionally for one of their requests), or a coordinator
    /// of the requester's network proposes on behalf of `proposal.requesterID`. An offer of a
    /// partner network needs a request (its network and kind) and an agreement in force that
    /// covers the kind and has room left (see `CrossNetworkExchanges`). The session must fit the
    /// offer's availability and remaining hours, the requester must have the credit for it, and
    /// a request takes one open exchange per offer (`ProposalRules`). The offer's hours, the one
    /// open exchange and the agreement's quota are counted by the store in the insert's own
    /// transaction (`ExchangeCommitCheck`), so two instances cannot both take the last place.
    /// A retry of a keyed proposal answers the exchange the first attempt created, as it is now.
    public func propose(_ actor: Actor, _ proposal: ExchangeProposal) async throws -> PeerExchange {
        if let earlier = try await context.earlierCreation(actor, .exchange) {
            return try await exchange(actor, ExchangeID(earlier))
        }
        guard let offer = try await offers.offer(proposal.offerID) else {
            throw ExchangeError.notFound("offer \(proposal.offerID)")
        }
        var request: SupportRequest?
        if let requestID = proposal.requestID {
            guard let found = try await requests.request(requestID) else {
                throw ExchangeError.invalid("requestID", "must be an open request of the requester")
            }
            request = found
        }
        let requesterNetworkID = request?.networkID ?? offer.networkID
        let requesterID = try await authoriseProposer(actor, proposal, networkID: requesterNetworkID)
        let now = context.now()
        var agreement: Agreement?
        if let request, requesterNetworkID != offer.networkID {
            agreement = try await agreementForProposal(request: request, offer: offer, now: now)
        }
        try await checkParties(requesterID: requesterID, requesterNetworkID: requesterNetworkID, offer: offer)
        var duration = proposal.durationMinutes
        if let request {
            try await checkProposable(request, requesterID: requesterID, offer: offer)
            duration = duration ?? request.details.durationMinutes
        }
        let durationMinutes = duration ?? 60
        try Validate.range(durationMinutes, field: "durationMinutes", 15...240)
        let start = proposal.scheduledStart.wholeSeconds
        try Validate.scheduledStart(start, now: now)
        if let agreement {
            try await checkAgreementImbalance(agreement, receiving: requesterNetworkID, durationMinutes: durationMinutes)
        }
        var draft = PeerExchange(
            id: ExchangeID(0), networkID: requesterNetworkID, offerID: offer.id, requestID: proposal.requestID,
            requesterID: requesterID, supporterID: offer.supporterID, proposedByID: actor.memberID,
            scheduledStart: start, durationMinutes: durationMinutes,
            reserveTransferID: TransferID(0), settleTransferID: TransferID(0), createdAt: now)
        draft.supporterNetworkID = offer.networkID
        draft.agreementID = agreement?.id
        try await checkProposalRules(draft, offer: offer)
        let audit = requesterID == actor.memberID ? [] : [
            context.auditEvent(actor, .exchangeProposedOnBehalf, network: requesterNetworkID, member: requesterID)
        ]
        let modes = offer.details.modes
        let exchange = try await exchanges.insertExchange(
            draft, auditNewRow: audit, keyed: context.creationRecord(actor, .exchange, at: now),
            check: proposalCheck(draft, offer: offer, agreement: agreement)) { stored in
            ExchangeNotices.drafts(.proposed, stored, version: stored.version, actorID: actor.memberID, meetingModes: modes)
        }
        context.logger.info("exchange proposed", metadata: [
            "exchange": "\(exchange.id)", "network": "\(exchange.networkID)",
            "supporterNetwork": "\(exchange.supporterNetworkID)",
        ])
        return exchange
    }

    /// The offer is active and not the requester's own, no block stands between the two, and
    /// both are active members of their networks.
    private func checkParties(requesterID: MemberID, requesterNetworkID: NetworkID, offer: Offer) async throws {
        guard offer.status == .active else { throw ExchangeError.invalidState("the offer is paused") }
        guard requesterID != offer.supporterID else {
            throw ExchangeError.invalid("offerID", "a member cannot request their own offer")
        }
        let blocks = try await preferences.blocks(involving: [requesterID])
        if blocks.contains(where: { Set([$0.0, $0.1]) == Set([requesterID, offer.supporterID]) }) {
            // The same words whoever blocked whom: a block is not disclosed.
            throw ExchangeError.invalid("offerID", "this offer is not available to the requester")
        }
        _ = try await context.access.requireActive(requesterID, in: requesterNetworkID, role: "requester")
        _ = try await context.access.requireActive(offer.supporterID, in: offer.networkID, role: "supporter")
    }

    private func authoriseProposer(_ actor: Actor, _ proposal: ExchangeProposal, networkID: NetworkID) async throws -> MemberID {
        if let named = proposal.requesterID, named != actor.memberID {
            _ = try await context.access.requireCoordinator(actor, of: networkID)
            return named
        }
        _ = try await context.access.requireActiveMember(actor, in: networkID)
        return actor.memberID
    }

    private func checkProposable(_ request: SupportRequest, requesterID: MemberID, offer: Offer) async throws {
        guard request.requesterID == requesterID else {
            throw ExchangeError.invalid("requestID", "must be an open request of the requester")
        }
        guard request.status == .open else { throw ExchangeError.invalidState("the request is \(request.status.rawValue)") }
        if request.details.excludedMemberIDs.contains(offer.supporterID) {
            throw ExchangeError.invalid("offerID", "the request excludes this supporter")
        }
        if request.details.excludeOwnOrganisation,
            let requester = try await members.member(requesterID),
            let supporter = try await members.member(offer.supporterID),
            requester.profile.organisation == supporter.profile.organisation
        {
            throw ExchangeError.invalid("offerID", "the request excludes supporters from the requester's organisation")
        }
    }

    /// The supporter accepts: the requester's minutes are reserved in the ledger until the
    /// session's end + auto-confirm days + grace. The reservation is stored with the exchange
    /// first — under an agreement, in the same transaction that counts the month's agreed
    /// sessions against its quota — then sent. A ledger refusal (e.g. `exceeds_floor`) is thrown
    /// with its code and leaves the exchange proposed.
    public func accept(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        let accepted = try await run(.accept, on: id, by: actor).exchange
        context.logger.info("exchange accepted", metadata: ["exchange": "\(id)"])
        return accepted
    }

    /// The supporter declines a proposal.
    public func decline(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        try await run(.decline, on: id, by: actor).exchange
    }

    /// Either party cancels a proposed or accepted exchange; an accepted one's reservation is voided.
    public func cancel(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        try await run(.cancel, on: id, by: actor).exchange
    }

    /// The two parties and the network's coordinators.
    public func exchange(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        let exchange = try await load(id)
        try await authoriseReader(actor, exchange)
        return try await visible(try await caughtUp(exchange), to: actor)
    }

    /// Dispute and resolution reasons are for the network's active coordinators who are not a
    /// party to the exchange; everyone else gets the exchange without them.
    func visible(_ exchange: PeerExchange, to actor: Actor) async throws -> PeerExchange {
        if exchange.isParty(actor.memberID) { return exchange.withoutReasons }
        return try await isCoordinator(actor, of: exchange) ? exchange : exchange.withoutReasons
    }

    /// An active coordinator of the exchange's network, or of the supporter's when it is another.
    func isCoordinator(_ actor: Actor, of exchange: PeerExchange) async throws -> Bool {
        for network in exchange.networkIDs where try await context.access.isActiveCoordinator(actor, of: network) {
            return true
        }
        return false
    }

    /// Exchanges the actor is a party to, in id order, narrowed by `filter` in the store's query:
    /// a page holds `page.size` exchanges whenever that many more match, and the cursor follows
    /// the narrowed list.
    public func myExchanges(_ actor: Actor, _ filter: ExchangeListFilter = ExchangeListFilter(),
                            page: PageRequest = PageRequest()) async throws -> Page<PeerExchange> {
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "my-exchanges").map { ExchangeID($0) }
        var fetched = try await exchanges.exchanges(involving: actor.memberID, filter, afterID: after, limit: size + 1)
        for index in fetched.indices {
            fetched[index] = try await caughtUp(fetched[index]).withoutReasons
        }
        return Cursor.page(fetched, size: size, list: "my-exchanges") { $0.id.rawValue }
    }

    /// The reason both parties read on an exchange cancelled by a suspension: it says no more.
    public static let suspensionCancellationReason = ExchangeLifecycle.suspensionCancellationReason

    /// Cancels `memberID`'s exchanges in the network that no party has confirmed (see
    /// `MembershipService.suspend`); answers how many.
    func cancelUnconfirmed(of memberID: MemberID, in networkID: NetworkID) async throws -> Int {
        var cancelled = 0
        var after: ExchangeID?
        repeat {
            let page = try await exchanges.exchanges(involving: memberID, afterID: after, limit: PageRequest.sizeMax)
            for stored in page where (stored.requesterID == memberID && stored.networkID == networkID)
                || (stored.supporterID == memberID && stored.supporterNetworkID == networkID) {
                if try await run(.cancelForSuspension, on: stored.id, by: nil).changed { cancelled += 1 }
            }
            after = page.count == PageRequest.sizeMax ? page.last?.id : nil
        } while after != nil
        return cancelled
    }

    // Helpers shared by the other exchange files.

    func load(_ id: ExchangeID) async throws -> PeerExchange {
        guard let exchange = try await exchanges.exchange(id) else { throw ExchangeError.notFound("exchange \(id)") }
        return exchange
    }

    func loadNetwork(_ id: NetworkID) async throws -> Network {
        guard let network = try await networks.network(id) else { throw ExchangeError.notFound("network \(id)") }
        return network
    }

    /// Parties and coordinators of the network read; other members of the network are
    /// forbidden; anyone outside it is told it does not exist.
    func authoriseReader(_ actor: Actor, _ exchange: PeerExchange) async throws {
        if exchange.isParty(actor.memberID) { return }
        if try await isCoordinator(actor, of: exchange) { return }
        throw try await context.access.exchangeRefusal(
            actor, exchange, reason: "only the two parties and the network's coordinators may see this exchange")
    }

}
