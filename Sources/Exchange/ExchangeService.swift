import Foundation
import Ledger
import Logging

/// One-to-one exchanges: propose → accept (reserve) → confirm by both (post) / dispute → resolve;
/// decline, cancel (void); expiry and auto-confirmation in `runDueWork`.
public struct ExchangeService: Sendable {
    let context: ServiceContext

    /// The requester proposes to an offer (optionally for one of their requests), or a coordinator
    /// of the requester's network proposes on behalf of `proposal.requesterID`. An offer of a
    /// partner network needs a request (its network and kind) and an agreement in force that
    /// covers the kind and has room left (see `CrossNetworkExchanges`). The session must fit the
    /// offer's availability and remaining hours, the requester must have the credit for it, and
    /// a request takes one open exchange per offer (`ProposalRules`).
    /// A retry of a keyed proposal answers the exchange the first attempt created, as it is now.
    public func propose(_ actor: Actor, _ proposal: ExchangeProposal) async throws -> PeerExchange {
        if let earlier = try await context.earlierCreation(actor, .exchange) {
            return try await exchange(actor, ExchangeID(earlier))
        }
        guard let offer = try await context.store.offer(proposal.offerID) else {
            throw ExchangeError.notFound("offer \(proposal.offerID)")
        }
        var request: SupportRequest?
        if let requestID = proposal.requestID {
            guard let found = try await context.store.request(requestID) else {
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
        guard offer.status == .active else { throw ExchangeError.invalidState("the offer is paused") }
        guard requesterID != offer.supporterID else {
            throw ExchangeError.invalid("offerID", "a member cannot request their own offer")
        }
        let blocks = try await context.store.blocks(involving: [requesterID])
        if blocks.contains(where: { Set([$0.0, $0.1]) == Set([requesterID, offer.supporterID]) }) {
            // The same words whoever blocked whom: a block is not disclosed.
            throw ExchangeError.invalid("offerID", "this offer is not available to the requester")
        }
        _ = try await context.access.requireActive(requesterID, in: requesterNetworkID, role: "requester")
        _ = try await context.access.requireActive(offer.supporterID, in: offer.networkID, role: "supporter")
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
            try await checkAgreementLimits(agreement, receiving: requesterNetworkID, scheduledStart: start,
                                           durationMinutes: durationMinutes)
        }
        var draft = PeerExchange(
            id: ExchangeID(0), networkID: requesterNetworkID, offerID: offer.id, requestID: proposal.requestID,
            requesterID: requesterID, supporterID: offer.supporterID, proposedByID: actor.memberID,
            scheduledStart: start, durationMinutes: durationMinutes,
            reserveTransferID: TransferID(0), settleTransferID: TransferID(0), createdAt: now)
        draft.supporterNetworkID = offer.networkID
        draft.agreementID = agreement?.id
        let audit = requesterID == actor.memberID ? [] : [
            context.auditEvent(actor, .exchangeProposedOnBehalf, network: requesterNetworkID, member: requesterID)
        ]
        let ready = draft
        let exchange = try await context.guards.withOfferLock(offer.id) {
            try await checkProposalRules(ready, offer: offer)
            return try await context.store.insertExchange(
                ready, auditNewRow: audit, keyed: context.creationRecord(actor, .exchange, at: now))
        }
        context.logger.info("exchange proposed", metadata: [
            "exchange": "\(exchange.id)", "network": "\(exchange.networkID)",
            "supporterNetwork": "\(exchange.supporterNetworkID)",
        ])
        return exchange
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
            let requester = try await context.store.member(requesterID),
            let supporter = try await context.store.member(offer.supporterID),
            requester.profile.organisation == supporter.profile.organisation
        {
            throw ExchangeError.invalid("offerID", "the request excludes supporters from the requester's organisation")
        }
    }

    /// The supporter accepts: the requester's minutes are reserved in the ledger until the
    /// session's end + auto-confirm days + grace. A ledger refusal (e.g. `exceeds_floor`) is
    /// thrown with its code and leaves the exchange proposed.
    public func accept(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            var exchange = try await prepare(actor, id)
            guard exchange.supporterID == actor.memberID else { throw ExchangeError.forbidden("only the supporter may accept") }
            if exchange.status == .accepted { return exchange }
            guard exchange.status == .proposed else { throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)") }
            _ = try await context.access.requireActive(exchange.requesterID, in: exchange.networkID, role: "requester")
            _ = try await context.access.requireActive(exchange.supporterID, in: exchange.supporterNetworkID, role: "supporter")
            let network = try await loadNetwork(exchange.networkID)
            let now = context.now()
            guard now < exchange.scheduledEnd else {
                throw ExchangeError.invalidState("the session's time has passed: propose a new one")
            }
            let deadline = ExchangeTiming.reserveDeadline(exchange, policy: network.policy)
            guard let timeout = ExchangeTiming.timeoutSeconds(until: deadline, now: now) else {
                throw ExchangeError.invalidState("the session's time has passed: propose a new one")
            }
            exchange.reserveDeadline = now.addingTimeInterval(TimeInterval(timeout))
            let ready = exchange
            // No offer lock here: an acceptance changes no one's count (a proposed exchange is
            // booked already), so acceptances of one offer need not wait for each other's
            // reservation to be durable; the exchange's own lock is held.
            try await checkAcceptanceRules(ready)
            let accepted = try await reserve(ready, timeoutSeconds: timeout, now: now)
            context.logger.info("exchange accepted", metadata: ["exchange": "\(id)"])
            return accepted
        }
    }

    /// Reserves the requester's minutes; under an agreement, only while it is in force and its
    /// month's quota holds. A floor refusal (a race the rules' check lost) is told in words.
    private func reserve(_ ready: PeerExchange, timeoutSeconds timeout: Int64, now: Date) async throws -> PeerExchange {
        guard ready.isCrossNetwork else {
            do {
                return try await perform(ready, .reserve(timeoutSeconds: timeout))
            } catch ExchangeError.ledgerRefused(.exceedsFloor, let detail) {
                let balance = try await requesterBalance(ready)
                throw ProposalRules.credit(balance, durationMinutes: ready.durationMinutes, reader: .supporter)
                    ?? ExchangeError.ledgerRefused(.exceedsFloor, detail)
            }
        }
        // Proposed under an agreement since suspended or ended: not agreed yet, so not now.
        let agreement = try await crossNetworkAgreement(of: ready)
        guard agreement.isInForce(at: now) else {
            throw ExchangeError.invalidState("the networks' agreement is \(agreement.status.rawValue): no new sessions under it")
        }
        // Counting the month's sessions and reserving are one step per agreement.
        return try await context.guards.withAgreementLock(agreement.id) {
            try await checkQuotaAtAcceptance(ready, agreement)
            return try await perform(ready, .reserve(timeoutSeconds: timeout))
        }
    }

    /// The supporter declines a proposal.
    public func decline(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            var exchange = try await prepare(actor, id)
            guard exchange.supporterID == actor.memberID else { throw ExchangeError.forbidden("only the supporter may decline") }
            if exchange.status == .declined { return exchange }
            if exchange.status == .accepted {
                throw ExchangeError.invalidState("the exchange is accepted: cancel it instead (POST /exchanges/\(id)/cancel)")
            }
            guard exchange.status == .proposed else { throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)") }
            exchange.status = .declined
            exchange.updatedAt = context.now()
            return try await context.store.updateExchange(exchange, requestStatus: nil)
        }
    }

    /// Either party cancels a proposed or accepted exchange; an accepted one's reservation is voided.
    public func cancel(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        try await context.guards.withLock(id) {
            var exchange = try await prepare(actor, id)
            guard exchange.isParty(actor.memberID) else { throw ExchangeError.forbidden("only the two parties may cancel") }
            switch exchange.status {
            case .cancelled:
                return exchange
            case .proposed:
                exchange.status = .cancelled
                exchange.updatedAt = context.now()
                return try await context.store.updateExchange(exchange, requestStatus: nil)
            case .accepted:
                return try await apply(exchange, .void)
            default:
                throw ExchangeError.invalidState("the exchange is \(exchange.status.rawValue)")
            }
        }
    }

    /// The two parties and the network's coordinators.
    public func exchange(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        let exchange = try await load(id)
        try await authoriseReader(actor, exchange)
        return try await visible(try await caughtUp(exchange), to: actor)
    }

    /// `exchange`, or — when this process sent a ledger action for it without storing the
    /// outcome — the exchange caught up with the ledger first, so a reader never sees it a step
    /// behind.
    func caughtUp(_ exchange: PeerExchange) async throws -> PeerExchange {
        guard context.guards.isUnrecorded(exchange.id) else { return exchange }
        return try await context.guards.withLock(exchange.id) { try await resume(try await load(exchange.id)) }
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
        var fetched = try await context.store.exchanges(involving: actor.memberID, filter, afterID: after, limit: size + 1)
        for index in fetched.indices {
            fetched[index] = try await caughtUp(fetched[index]).withoutReasons
        }
        return Cursor.page(fetched, size: size, list: "my-exchanges") { $0.id.rawValue }
    }

    /// The reason both parties read on an exchange cancelled by a suspension: it says no more.
    public static let suspensionCancellationReason = "Cancelled because a participant's membership of the network was suspended."

    /// Cancels `memberID`'s exchanges in the network that no party has confirmed (see
    /// `MembershipService.suspend`); answers how many.
    func cancelUnconfirmed(of memberID: MemberID, in networkID: NetworkID) async throws -> Int {
        var cancelled = 0
        var after: ExchangeID?
        repeat {
            let page = try await context.store.exchanges(involving: memberID, afterID: after, limit: PageRequest.sizeMax)
            for stored in page where (stored.requesterID == memberID && stored.networkID == networkID)
                || (stored.supporterID == memberID && stored.supporterNetworkID == networkID) {
                if try await cancelIfUnconfirmed(stored.id) { cancelled += 1 }
            }
            after = page.count == PageRequest.sizeMax ? page.last?.id : nil
        } while after != nil
        return cancelled
    }

    /// Cancels one exchange of a suspended member's unless a party has confirmed it (or it is
    /// no longer open); answers whether it did.
    private func cancelIfUnconfirmed(_ id: ExchangeID) async throws -> Bool {
        try await context.guards.withLock(id) {
            var exchange = try await resume(try await load(id))
            let unconfirmed = exchange.requesterConfirmedMinutes == nil && exchange.supporterConfirmedMinutes == nil
            switch exchange.status {
            case .proposed:
                exchange.status = .cancelled
                exchange.cancellationReason = Self.suspensionCancellationReason
                exchange.updatedAt = context.now()
                _ = try await context.store.updateExchange(exchange, requestStatus: nil)
                return true
            case .accepted where unconfirmed:
                exchange.cancellationReason = Self.suspensionCancellationReason
                _ = try await apply(exchange, .void)
                return true
            default:
                return false
            }
        }
    }

    // Helpers shared by the other exchange files.

    func load(_ id: ExchangeID) async throws -> PeerExchange {
        guard let exchange = try await context.store.exchange(id) else { throw ExchangeError.notFound("exchange \(id)") }
        return exchange
    }

    func loadNetwork(_ id: NetworkID) async throws -> Network {
        guard let network = try await context.store.network(id) else { throw ExchangeError.notFound("network \(id)") }
        return network
    }

    /// Parties and coordinators of the network read; other members of the network are
    /// forbidden; anyone outside it is told it does not exist.
    func authoriseReader(_ actor: Actor, _ exchange: PeerExchange) async throws {
        if exchange.isParty(actor.memberID) { return }
        if try await isCoordinator(actor, of: exchange) { return }
        let memberships = try await context.store.memberships(of: actor.memberID)
        guard memberships.contains(where: { exchange.networkIDs.contains($0.networkID) }) else {
            throw ExchangeError.notFound("exchange \(exchange.id)")
        }
        throw ExchangeError.forbidden("only the two parties and the network's coordinators may see this exchange")
    }

    /// Loads the exchange for a change by `actor`, who must at least be able to read it, and
    /// first finishes any ledger action an earlier attempt left stored, or catches up with one
    /// this process sent without storing its outcome (see `resume`). Call it holding the lock.
    func prepare(_ actor: Actor, _ id: ExchangeID) async throws -> PeerExchange {
        let exchange = try await load(id)
        try await authoriseReader(actor, exchange)
        return try await resume(exchange)
    }
}
