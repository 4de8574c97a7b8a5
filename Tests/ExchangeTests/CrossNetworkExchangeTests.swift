import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Testing

/// Two networks under an agreement: north's members receive from south's supporters.
struct PartnerWorld {
    let world: World
    let north: Network
    let south: Network
    let northLead: Actor
    let southLead: Actor
    let requester: Actor
    let supporter: Actor
    let agreement: Agreement
    let offer: Offer

    /// `northMayReceiveHours` / `southMayReceiveHours`: the imbalance each way; `quota`: north's
    /// sessions a month from south.
    init(northMayReceiveHours: Int64 = 20, southMayReceiveHours: Int64 = 10, quota: Int? = nil,
         kinds: [String] = ["peer_support"], flaky: Bool = false) async throws {
        world = try await World(flaky: flaky)
        north = try await world.network("north-gp")
        south = try await world.network("south-nurses")
        northLead = try await world.member("Nia", in: north, role: .coordinator)
        southLead = try await world.member("Sol", in: south, role: .coordinator)
        requester = try await world.member("Rae", in: north)
        supporter = try await world.member("Sam", in: south)
        let terms = AgreementTerms(
            kinds: kinds, proposerMayReceiveMinutes: northMayReceiveHours * 60,
            partnerMayReceiveMinutes: southMayReceiveHours * 60, proposerMonthlySessionQuota: quota,
            startsOn: world.now, endsOn: world.now.addingTimeInterval(365 * 86_400))
        let proposed = try await world.domain.agreements.propose(northLead, from: north.id, to: south.id, terms)
        agreement = try await world.domain.agreements.accept(southLead, proposed.id)
        offer = try await Self.partnerOffer(world, supporter, in: south)
    }

    /// A month's quota of one whose counts at proposal see no sessions, as two proposals counted
    /// concurrently before either was stored: both proposals pass, acceptance must decide.
    static func withRacingQuotaReads() async throws -> PartnerWorld {
        let pair = try await PartnerWorld(quota: 1, flaky: true)
        try #require(pair.world.flaky).proposalsCommitWithoutQuota.withLock { $0 = true }
        return pair
    }

    static func partnerOffer(_ world: World, _ supporter: Actor, in network: Network, kinds: [String] = ["peer_support"],
                             visibility: OfferVisibility = .partners, title: String = "Peer support across networks") async throws -> Offer {
        try await world.domain.offers.createOffer(supporter, networkID: network.id, OfferDetails(
            title: title, kinds: kinds, topics: ["burnout"],
            availability: World.allWeek,
            timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 20,
            visibility: visibility))
    }

    func clearing(_ network: Network) async throws -> Account {
        let id = try #require(agreement.clearingAccountID(in: network.id))
        return try #require(try await world.ledger.store.account(id))
    }

    /// The pair's clearing accounts mirror each other: posted balances sum to zero and each
    /// reservation is on both sides.
    func expectClearingMirrors(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let here = try await clearing(north)
        let there = try await clearing(south)
        #expect(here.postedBalanceMinutes + there.postedBalanceMinutes == 0, sourceLocation: sourceLocation)
        #expect(here.creditsPendingMinutes == there.debitsPendingMinutes, sourceLocation: sourceLocation)
        #expect(here.debitsPendingMinutes == there.creditsPendingMinutes, sourceLocation: sourceLocation)
    }

    func proposeAndAccept(minutes: Int64 = 60) async throws -> PeerExchange {
        let request = try await world.request(requester, in: north, durationMinutes: minutes)
        let proposed = try await world.propose(requester, offer: offer, request: request, minutes: minutes)
        return try await world.domain.exchanges.accept(supporter, proposed.id)
    }
}

@Suite struct CrossNetworkExchangeTests {
    // Proves a cross-network exchange is one chain in two ledgers: accepting reserves in both
    // (requester → north's clearing, south's clearing → supporter), both confirmations post both,
    // the clearing accounts always mirror each other, and the pair's position shows it.
    @Test func lifecycleMovesHoursThroughTheClearingAccounts() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let accepted = try await pair.proposeAndAccept()
        #expect(accepted.isCrossNetwork && accepted.networkID == pair.north.id && accepted.supporterNetworkID == pair.south.id)
        #expect(accepted.agreementID == pair.agreement.id && accepted.status == .accepted)
        #expect(try await world.minutes(pair.requester, pair.north) == [120, 60, 60])
        #expect(try await pair.clearing(pair.north).creditsPendingMinutes == 60)
        try await pair.expectClearingMirrors()

        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(pair.requester, accepted.id, minutesGiven: 45)
        let done = try await world.domain.exchanges.confirm(pair.supporter, accepted.id, minutesGiven: 45)
        #expect(done.status == .completed && done.settledMinutes == 45)
        #expect(try await world.minutes(pair.requester, pair.north) == [75, 0, 75])
        #expect(try await world.minutes(pair.supporter, pair.south) == [165, 0, 165])
        #expect(try await pair.clearing(pair.north).postedBalanceMinutes == 45)
        #expect(try await pair.clearing(pair.south).postedBalanceMinutes == -45)
        try await pair.expectClearingMirrors()

        let north = try await world.domain.agreements.positions(pair.northLead, networkID: pair.north.id)
        #expect(north.count == 1)
        #expect(north.first?.netReceivedMinutes == 45 && north.first?.sessionsReceived == 1 && north.first?.sessionsGiven == 0)
        #expect(north.first?.receiveHeadroomMinutes == 20 * 60 - 45 && north.first?.giveHeadroomMinutes == 10 * 60 + 45)
        let south = try await world.domain.agreements.positions(pair.southLead, networkID: pair.south.id)
        #expect(south.first?.netReceivedMinutes == -45 && south.first?.sessionsGiven == 1)
        #expect(south.first?.receiveHeadroomMinutes == 10 * 60 + 45 && south.first?.giveHeadroomMinutes == 20 * 60 - 45)
        try await world.verifyLedger()
    }

    // Proves the private description crosses networks only to the supporter, once accepted:
    // proposed, the partner supporter reads the request without it; accepted, with it; another
    // member of the supporter's network is told the request does not exist.
    @Test func descriptionReachesOnlyTheAcceptedSupporter() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let other = try await world.member("Sue", in: pair.south)
        let request = try await world.request(pair.requester, in: pair.north, description: "Private to the two of us")
        let proposed = try await world.propose(pair.requester, offer: pair.offer, request: request)
        #expect(try await world.domain.requests.request(pair.supporter, request.id).details.description == nil)
        #expect(await refusal { _ = try await world.domain.requests.requestDescription(pair.supporter, request.id) }?.isForbidden == true)
        _ = try await world.domain.exchanges.accept(pair.supporter, proposed.id)
        #expect(try await world.domain.requests.requestDescription(pair.supporter, request.id) == "Private to the two of us")
        #expect(await refusal { _ = try await world.domain.requests.request(other, request.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.requests.request(pair.southLead, request.id) }?.isNotFound == true)
    }

    // Proves a coordinator cannot reverse one side of a cross-network transfer (the pair's
    // clearing accounts would no longer sum to zero); nothing moves.
    @Test func oneSidedCorrectionIsRefused() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let accepted = try await pair.proposeAndAccept()
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(pair.requester, accepted.id, minutesGiven: 60)
        let done = try await world.domain.exchanges.confirm(pair.supporter, accepted.id, minutesGiven: 60)
        let refused = await refusal {
            _ = try await world.domain.corrections.correct(pair.northLead, networkID: pair.north.id, CorrectionDraft(
                transferID: done.settleTransferID, reason: "Recorded twice"))
        }
        #expect(refused?.isInvalidState == true)
        #expect(try await world.minutes(pair.requester, pair.north) == [60, 0, 60])
        try await pair.expectClearingMirrors()
    }

    // Proves cancelling voids both sides and an unresolved one expires on both sides together.
    @Test func cancelAndExpiryReleaseBothSides() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let first = try await pair.proposeAndAccept()
        #expect(try await world.domain.exchanges.cancel(pair.requester, first.id).status == .cancelled)
        #expect(try await pair.clearing(pair.north).creditsPendingMinutes == 0)
        try await pair.expectClearingMirrors()

        let second = try await pair.proposeAndAccept()
        world.advance(hours: 24 * 60)
        _ = try await world.domain.runDueWork(now: world.now)
        let expired = try await world.domain.exchanges.exchange(pair.requester, second.id)
        #expect(expired.status == .expired)
        #expect(try await world.minutes(pair.requester, pair.north) == [120, 0, 120])
        #expect(try await pair.clearing(pair.south).debitsPendingMinutes == 0)
        try await pair.expectClearingMirrors()
        try await world.verifyLedger()
    }

    // Proves the agreed imbalance refuses a session before the supporter is asked (at proposal),
    // and the clearing account refuses it atomically when two proposals race to acceptance:
    // the second acceptance reserves nothing on either side.
    @Test func imbalanceIsRefusedWithItsOwnError() async throws {
        let pair = try await PartnerWorld(northMayReceiveHours: 1)
        defer { pair.world.remove() }
        let world = pair.world
        let request = try await world.request(pair.requester, in: pair.north)
        let other = try await world.request(pair.requester, in: pair.north)
        let one = try await world.propose(pair.requester, offer: pair.offer, request: request)
        let two = try await world.propose(pair.requester, offer: pair.offer, request: other)
        _ = try await world.domain.exchanges.accept(pair.supporter, one.id)
        let raced = await refusal { _ = try await world.domain.exchanges.accept(pair.supporter, two.id) }
        #expect(raced == .agreementLimit(.imbalance, "the exchange would take the networks beyond the imbalance their agreement allows"))
        #expect(try await world.domain.exchanges.exchange(pair.requester, two.id).status == .proposed)
        #expect(try await world.minutes(pair.requester, pair.north) == [120, 60, 60])
        try await pair.expectClearingMirrors()

        let third = try await world.request(pair.requester, in: pair.north)
        let refused = await refusal { _ = try await world.propose(pair.requester, offer: pair.offer, request: third) }
        #expect(refused.map { if case .agreementLimit(.imbalance, _) = $0 { true } else { false } } == true)
    }

    // Proves the monthly quota counts the receiving network's sessions that month (cancelled
    // ones free their place).
    @Test func monthlyQuotaIsRefusedWithItsOwnError() async throws {
        let pair = try await PartnerWorld(quota: 1)
        defer { pair.world.remove() }
        let world = pair.world
        let first = try await world.propose(pair.requester, offer: pair.offer,
                                            request: try await world.request(pair.requester, in: pair.north))
        let request = try await world.request(pair.requester, in: pair.north)
        let refused = await refusal { _ = try await world.propose(pair.requester, offer: pair.offer, request: request) }
        #expect(refused.map { if case .agreementLimit(.monthlyQuota, _) = $0 { true } else { false } } == true)
        _ = try await world.domain.exchanges.cancel(pair.requester, first.id)
        #expect(try await world.propose(pair.requester, offer: pair.offer, request: request).status == .proposed)
    }

    // Proves the quota is checked again at acceptance: two proposals that both passed while the
    // month had room (their quota reads raced) cannot both be accepted; the second stays
    // proposed with nothing reserved.
    @Test func quotaIsCheckedAgainAtAcceptance() async throws {
        let pair = try await PartnerWorld.withRacingQuotaReads()
        defer { pair.world.remove() }
        let world = pair.world
        let one = try await world.propose(pair.requester, offer: pair.offer, request: try await world.request(pair.requester, in: pair.north))
        let two = try await world.propose(pair.requester, offer: pair.offer, request: try await world.request(pair.requester, in: pair.north))
        _ = try await world.domain.exchanges.accept(pair.supporter, one.id)
        let refused = await refusal { _ = try await world.domain.exchanges.accept(pair.supporter, two.id) }
        #expect(refused.map { if case .agreementLimit(.monthlyQuota, _) = $0 { true } else { false } } == true)
        #expect(try await world.domain.exchanges.exchange(pair.requester, two.id).status == .proposed)
        #expect(try await world.minutes(pair.requester, pair.north) == [120, 60, 60])
    }

    // Proves the quota's count and the reservation are one step per agreement: two proposals
    // for the month's one place, accepted at the same time, ten rounds — exactly one is
    // accepted and reserved each round, the other refused with the quota's error (the
    // accepted one is then cancelled to free the place for the next round).
    @Test func simultaneousAcceptancesTakeTheLastPlaceOnce() async throws {
        let pair = try await PartnerWorld.withRacingQuotaReads()
        defer { pair.world.remove() }
        let world = pair.world
        for round in 0..<10 {
            var proposed: [PeerExchange] = []
            for _ in 0..<2 {
                proposed.append(try await world.propose(pair.requester, offer: pair.offer,
                                                        request: try await world.request(pair.requester, in: pair.north)))
            }
            let (one, two) = (proposed[0].id, proposed[1].id)
            async let first: ExchangeError? = acceptanceRefusal(world, pair.supporter, one)
            async let second: ExchangeError? = acceptanceRefusal(world, pair.supporter, two)
            let refusals = await [first, second]
            let accepted = zip(proposed, refusals).filter { $0.1 == nil }.map(\.0)
            #expect(accepted.count == 1, "round \(round): \(refusals)")
            #expect(refusals.compactMap { $0 }.allSatisfy { if case .agreementLimit(.monthlyQuota, _) = $0 { true } else { false } })
            #expect(try await world.minutes(pair.requester, pair.north) == [120, 60 * Int64(accepted.count), 120 - 60 * Int64(accepted.count)])
            for exchange in accepted { _ = try await world.domain.exchanges.cancel(pair.requester, exchange.id) }
        }
        try await pair.expectClearingMirrors()
    }

    // Proves what an offer of another network needs: visibility to partners, an agreement in
    // force, its kind covered, and a request; and that suspending the agreement stops new
    // sessions while one already agreed runs to its end.
    @Test func visibilityAgreementAndSuspension() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let request = try await world.request(pair.requester, in: pair.north)
        let networkOnly = try await PartnerWorld.partnerOffer(world, pair.supporter, in: pair.south, visibility: .network)
        #expect(await refusal { _ = try await world.propose(pair.requester, offer: networkOnly, request: request) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.propose(pair.requester, offer: pair.offer) }?.isNotFound == true,
                "without a request the requester must be a member of the offer's network")
        let coaching = try await world.request(pair.requester, in: pair.north, kind: "coaching")
        let coachingOffer = try await PartnerWorld.partnerOffer(world, pair.supporter, in: pair.south, kinds: ["coaching"])
        #expect(await refusal { _ = try await world.propose(pair.requester, offer: coachingOffer, request: coaching) }?
            .validationField == "requestID")

        let agreed = try await pair.proposeAndAccept()
        let pending = try await world.propose(pair.requester, offer: pair.offer, request: request)
        _ = try await world.domain.agreements.suspend(pair.southLead, pair.agreement.id)
        #expect(await refusal { _ = try await world.domain.exchanges.accept(pair.supporter, pending.id) }?.isInvalidState == true)
        let later = try await world.request(pair.requester, in: pair.north)
        #expect(await refusal { _ = try await world.propose(pair.requester, offer: pair.offer, request: later) }?.isNotFound == true)
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.confirm(pair.requester, agreed.id, minutesGiven: 60)
        #expect(try await world.domain.exchanges.confirm(pair.supporter, agreed.id, minutesGiven: 60).status == .completed)
        try await pair.expectClearingMirrors()
    }

    // Proves who may see and settle a cross-network exchange: the parties and both networks'
    // coordinators read it (coordinators with the dispute reason), either network's coordinator
    // resolves a dispute; another member of either network is forbidden, anyone else is told
    // it does not exist; the positions are for the network's coordinators only.
    @Test func permissions() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let northPeer = try await world.member("Ned", in: pair.north)
        let southPeer = try await world.member("Sue", in: pair.south)
        let east = try await world.network("east-pharmacy")
        let eastLead = try await world.member("Eve", in: east, role: .coordinator)
        let accepted = try await pair.proposeAndAccept()
        _ = try await world.domain.exchanges.dispute(pair.requester, accepted.id, reason: "It did not take place")
        for lead in [pair.northLead, pair.southLead] {
            #expect(try await world.domain.exchanges.exchange(lead, accepted.id).disputeReason == "It did not take place")
        }
        #expect(try await world.domain.exchanges.exchange(pair.supporter, accepted.id).disputeReason == nil)
        for peer in [northPeer, southPeer] {
            #expect(await refusal { _ = try await world.domain.exchanges.exchange(peer, accepted.id) }?.isForbidden == true)
            #expect(await refusal { _ = try await world.domain.exchanges.resolve(peer, accepted.id, .void) }?.isForbidden == true)
        }
        #expect(await refusal { _ = try await world.domain.exchanges.exchange(eastLead, accepted.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.exchanges.resolve(eastLead, accepted.id, .void) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.agreements.positions(northPeer, networkID: pair.north.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.agreements.positions(eastLead, networkID: pair.north.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.agreements.positions(pair.southLead, networkID: pair.north.id) }?.isNotFound == true)
        let resolved = try await world.domain.exchanges.resolve(pair.southLead, accepted.id, .post(minutes: 30))
        #expect(resolved.status == .completed && resolved.settledMinutes == 30)
        try await pair.expectClearingMirrors()
    }

    // Proves suspending the supporter in their own network cancels the cross-network exchange
    // (both sides voided) with the reason both parties see.
    @Test func suspensionInTheSupportersNetworkCancels() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let accepted = try await pair.proposeAndAccept()
        _ = try await world.domain.memberships.suspend(pair.southLead, memberID: pair.supporter.memberID, networkID: pair.south.id)
        let cancelled = try await world.domain.exchanges.exchange(pair.requester, accepted.id)
        #expect(cancelled.status == .cancelled && cancelled.cancellationReason == ExchangeService.suspensionCancellationReason)
        #expect(try await pair.clearing(pair.north).creditsPendingMinutes == 0)
        try await pair.expectClearingMirrors()
    }

    // Proves partner-visible offers of a covered kind appear in search and suggestions for the
    // other network's members while the agreement is in force, and nothing else of the partner's.
    @Test func searchAndSuggestionsSeePartnerOffers() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let networkOnly = try await PartnerWorld.partnerOffer(world, pair.supporter, in: pair.south, visibility: .network,
                                                               title: "Peer support at home")
        let uncovered = try await PartnerWorld.partnerOffer(world, pair.supporter, in: pair.south, kinds: ["coaching"],
                                                             title: "Coaching across networks")
        let search = { (actor: Actor, filters: SearchFilters) in
            try await world.domain.search.searchOffers(actor, filters).items.map(\.id)
        }
        #expect(try await search(pair.requester, SearchFilters()) == [pair.offer.id])
        #expect(try await search(pair.requester, SearchFilters(networkID: pair.south.id)) == [pair.offer.id])
        #expect(try await search(pair.requester, SearchFilters(kind: "coaching")).isEmpty)
        #expect(try await search(pair.supporter, SearchFilters()) == [pair.offer.id, networkOnly.id, uncovered.id])
        let request = try await world.request(pair.requester, in: pair.north)
        let suggested = try await world.domain.matching.suggestions(pair.requester, request.id)
        #expect(suggested.suggestions.map(\.offerID) == [pair.offer.id])

        _ = try await world.domain.agreements.suspend(pair.northLead, pair.agreement.id)
        #expect(try await search(pair.requester, SearchFilters()).isEmpty)
        #expect(await refusal { _ = try await search(pair.requester, SearchFilters(networkID: pair.south.id)) }?.isNotFound == true)
        #expect(try await world.domain.matching.suggestions(pair.requester, request.id).suggestions.isEmpty)
    }

    // Proves a coordinator's matching run uses partner offers within the partner's monthly
    // quota: two open requests, one partner offer with room for both, a quota of one session.
    @Test func matchingRunRespectsThePartnerQuota() async throws {
        let pair = try await PartnerWorld(quota: 1)
        defer { pair.world.remove() }
        let world = pair.world
        _ = try await world.request(pair.requester, in: pair.north)
        let second = try await world.member("Rob", in: pair.north)
        _ = try await world.request(second, in: pair.north)
        let run = try await world.domain.matching.runMatching(pair.northLead, networkID: pair.north.id)
        #expect(run.requestCount == 2 && run.proposals.count == 1)
        #expect(run.proposals.first?.offerID == pair.offer.id)
    }
}

/// The refusal of an acceptance, or nil when it was accepted.
private func acceptanceRefusal(_ world: World, _ supporter: Actor, _ id: ExchangeID) async -> ExchangeError? {
    do {
        _ = try await world.domain.exchanges.accept(supporter, id)
        return nil
    } catch {
        return error as? ExchangeError ?? .invalidState("unexpected \(error)")
    }
}
