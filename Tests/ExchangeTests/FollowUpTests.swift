import Exchange
import Foundation
import Ledger
import Testing

@Suite struct FollowUpTests {
    /// North with a coordinator, a supporter with an offer, a requester and a quiet member; the
    /// requester has a request with an accepted exchange on it, the quiet member one with none.
    struct North {
        let world: World
        let network: Network
        let lead: Actor
        let sol: Actor
        let rae: Actor
        let quinn: Actor
        let proposedFor: SupportRequest
        let waiting: SupportRequest
        let exchange: PeerExchange
    }

    static func north() async throws -> North {
        let world = try await World()
        let network = try await world.network("north-wellbeing")
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let sol = try await world.member("Sol", in: network)
        let rae = try await world.member("Rae", in: network)
        let quinn = try await world.member("Quinn", in: network)
        let offer = try await world.offer(sol, in: network)
        let proposedFor = try await world.request(rae, in: network)
        let waiting = try await world.request(quinn, in: network, topics: ["sleep"], description: "Private: a hard month at home")
        let exchange = try await world.acceptedExchange(rae, sol, offer: offer, request: proposedFor)
        return North(world: world, network: network, lead: lead, sol: sol, rae: rae, quinn: quinn,
                     proposedFor: proposedFor, waiting: waiting, exchange: exchange)
    }

    // Proves the unconfirmed list names both people of an accepted exchange once its session has
    // ended (not before), says who has confirmed and how long ago it ended, and drops it once both
    // confirm; each read is in the network's audit trail.
    @Test func unconfirmedExchangesByName() async throws {
        let north = try await Self.north()
        defer { north.world.remove() }
        let world = north.world
        #expect(try await world.domain.followUps.unconfirmedExchanges(north.lead, networkID: north.network.id).items.isEmpty)
        world.advance(hours: 26)  // the session started 24 h after the proposal and lasted an hour
        _ = try await world.domain.exchanges.confirm(north.sol, north.exchange.id, minutesGiven: 60)
        let page = try await world.domain.followUps.unconfirmedExchanges(north.lead, networkID: north.network.id)
        let item = try #require(page.items.first)
        #expect(page.items.count == 1 && page.nextCursor == nil)
        #expect(item.exchangeID == north.exchange.id)
        #expect([item.requesterName, item.supporterName] == ["Rae", "Sol"])
        #expect(item.scheduledStart == north.exchange.scheduledStart)
        #expect(item.overdueMinutes == 60)
        #expect(!item.requesterConfirmed && item.supporterConfirmed)

        _ = try await world.domain.exchanges.confirm(north.rae, north.exchange.id, minutesGiven: 60)
        #expect(try await world.domain.followUps.unconfirmedExchanges(north.lead, networkID: north.network.id).items.isEmpty)
        let trail = try await world.domain.audit.trail(north.lead, networkID: north.network.id)
        #expect(trail.items.filter { $0.action == .followUpsViewed }.map(\.detail) == Array(repeating: "unconfirmed-exchanges", count: 3))
    }

    // Proves the unmatched list shows an open request nobody proposed for once it is `days` old
    // (kind, topics, age, the requester's name) and never its private description; a request with
    // an exchange on it is not listed.
    @Test func unmatchedRequestsWithoutTheirDescription() async throws {
        let north = try await Self.north()
        defer { north.world.remove() }
        let world = north.world
        #expect(try await world.domain.followUps.unmatchedRequests(north.lead, networkID: north.network.id, olderThanDays: 1)
            .items.isEmpty)
        world.advance(hours: 24 * 3 + 1)
        let page = try await world.domain.followUps.unmatchedRequests(north.lead, networkID: north.network.id, olderThanDays: 1)
        let item = try #require(page.items.first)
        #expect(page.items.map(\.requestID) == [north.waiting.id])
        #expect(item.requesterName == "Quinn" && item.kind == "peer_support" && item.topics == ["sleep"])
        #expect(item.ageDays == 3 && item.urgency == .normal)
        #expect(!String(describing: page).contains("hard month"))
        #expect(try await world.domain.followUps.unmatchedRequests(north.lead, networkID: north.network.id, olderThanDays: 4)
            .items.isEmpty)
    }

    // Proves the dormant list names active members with no session in the window — those who
    // never had one (no date), and, once the window passes their session, those who had one
    // (its date) — leaves out members who joined within the window, and pages by cursor.
    @Test func dormantMembersByNameAndLastSession() async throws {
        let north = try await Self.north()
        defer { north.world.remove() }
        let world = north.world
        world.advance(hours: 26)
        _ = try await world.domain.exchanges.confirm(north.sol, north.exchange.id, minutesGiven: 60)
        _ = try await world.domain.exchanges.confirm(north.rae, north.exchange.id, minutesGiven: 60)
        _ = try await world.member("Newbie", in: north.network)
        let followUps = world.domain.followUps

        let quiet = try await followUps.dormantMembers(north.lead, networkID: north.network.id, inactiveDays: 1)
        #expect(quiet.items.map(\.displayName) == ["Lee", "Quinn"])
        #expect(quiet.items.allSatisfy { $0.lastExchangeAt == nil })

        world.advance(hours: 24 * 2)
        let first = try await followUps.dormantMembers(
            north.lead, networkID: north.network.id, inactiveDays: 1, page: PageRequest(size: 3))
        #expect(first.items.map(\.displayName) == ["Lee", "Sol", "Rae"])
        #expect(first.items[1].lastExchangeAt == north.exchange.scheduledStart)
        let cursor = try #require(first.nextCursor)
        let second = try await followUps.dormantMembers(
            north.lead, networkID: north.network.id, inactiveDays: 1, page: PageRequest(cursor: cursor, size: 3))
        #expect(second.items.map(\.displayName) == ["Quinn", "Newbie"] && second.nextCursor == nil)
        #expect(try await followUps.dormantMembers(north.lead, networkID: north.network.id).items.isEmpty,
                "nobody has been a member for the default 90 days")
        let details = try await world.domain.audit.trail(north.lead, networkID: north.network.id).items
            .filter { $0.action == .followUpsViewed }.map(\.detail)
        #expect(details == ["dormant-members, 1 days", "dormant-members, 1 days", "dormant-members, 1 days", "dormant-members, 90 days"])
    }

    // Proves a held group session counts as a session for its facilitator and for participants
    // who joined, not for one invited who never joined: the list leaves the first two out while
    // the session is within the window, and later dates them by its start.
    @Test func heldGroupSessionsCountForThoseWhoTookPart() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing", policy: NetworkPolicy(groupSessionPayment: .community))
        let lead = try await world.member("Lee", in: network, role: .coordinator)
        let fay = try await world.member("Fay", in: network)
        let pat = try await world.member("Pat", in: network)
        let pia = try await world.member("Pia", in: network)
        let session = try await world.domain.groupSessions.createGroupSession(fay, GroupSessionDraft(
            networkID: network.id, title: "Debrief circle", scheduledStart: world.now.addingTimeInterval(3600),
            durationMinutes: 90, participantIDs: [pat.memberID, pia.memberID]))
        _ = try await world.domain.groupSessions.join(pat, session.id)
        world.advance(hours: 2)
        _ = try await world.domain.groupSessions.complete(fay, session.id)
        world.clock.advance(seconds: 22 * 3600 + 1800)  // a day and half an hour after the start

        let followUps = world.domain.followUps
        let within = try await followUps.dormantMembers(lead, networkID: network.id, inactiveDays: 1)
        #expect(within.items.map(\.memberID) == [lead.memberID, pia.memberID])
        world.advance(hours: 48)
        let later = try await followUps.dormantMembers(lead, networkID: network.id, inactiveDays: 1)
        #expect(later.items.map(\.memberID) == [lead.memberID, fay.memberID, pat.memberID, pia.memberID])
        #expect(later.items.map(\.lastExchangeAt) == [nil, session.scheduledStart, session.scheduledStart, nil])
    }

    // Proves a cross-network exchange past its session is listed in both networks, and once
    // completed counts as a session for the requester in theirs and the supporter in theirs.
    @Test func crossNetworkExchangesCountInBothNetworks() async throws {
        let pair = try await PartnerWorld()
        defer { pair.world.remove() }
        let world = pair.world
        let accepted = try await pair.proposeAndAccept()
        world.advance(hours: 26)
        for (lead, network) in [(pair.northLead, pair.north), (pair.southLead, pair.south)] {
            let overdue = try await world.domain.followUps.unconfirmedExchanges(lead, networkID: network.id)
            #expect(overdue.items.map(\.exchangeID) == [accepted.id])
            #expect(overdue.items.map(\.supporterName) == ["Sam"])
        }
        _ = try await world.domain.exchanges.confirm(pair.requester, accepted.id, minutesGiven: 60)
        _ = try await world.domain.exchanges.confirm(pair.supporter, accepted.id, minutesGiven: 60)
        let north = try await world.domain.followUps.dormantMembers(pair.northLead, networkID: pair.north.id, inactiveDays: 1)
        let south = try await world.domain.followUps.dormantMembers(pair.southLead, networkID: pair.south.id, inactiveDays: 1)
        #expect(north.items.map(\.memberID) == [pair.northLead.memberID])
        #expect(south.items.map(\.memberID) == [pair.southLead.memberID])
    }

    // Proves each list refuses a member of the network (403), a coordinator of another network
    // (404), a window outside its bounds, a page size outside 1–100 and another list's cursor,
    // recording nothing.
    @Test func refusals() async throws {
        let north = try await Self.north()
        defer { north.world.remove() }
        let world = north.world
        let south = try await world.network("south-wellbeing")
        let otherLead = try await world.member("Oz", in: south, role: .coordinator)
        let followUps = world.domain.followUps
        let id = north.network.id
        let lists: [(Actor) async throws -> Void] = [
            { _ = try await followUps.dormantMembers($0, networkID: id) },
            { _ = try await followUps.unconfirmedExchanges($0, networkID: id) },
            { _ = try await followUps.unmatchedRequests($0, networkID: id) },
        ]
        for list in lists {
            #expect(await refusal { try await list(north.rae) }?.isForbidden == true)
            #expect(await refusal { try await list(otherLead) }?.isNotFound == true)
        }
        #expect(await refusal { _ = try await followUps.dormantMembers(north.lead, networkID: id, inactiveDays: 0) }?
            .validationField == "days")
        #expect(await refusal { _ = try await followUps.dormantMembers(north.lead, networkID: id, inactiveDays: 731) }?
            .validationField == "days")
        #expect(await refusal { _ = try await followUps.unmatchedRequests(north.lead, networkID: id, olderThanDays: 366) }?
            .validationField == "days")
        #expect(await refusal {
            _ = try await followUps.unconfirmedExchanges(north.lead, networkID: id, page: PageRequest(size: 101))
        }?.validationField == "pageSize")
        let dormantCursor = Cursor.encode(list: "dormant", position: 1)
        #expect(await refusal {
            _ = try await followUps.unmatchedRequests(north.lead, networkID: id, page: PageRequest(cursor: dormantCursor))
        }?.validationField == "cursor")
        #expect(await refusal { _ = try await followUps.dormantMembers(world.admin, networkID: NetworkID(999)) }?.isNotFound == true)
        #expect(try await world.domain.audit.trail(north.lead, networkID: id).items.filter { $0.action == .followUpsViewed }.isEmpty)
    }
}
