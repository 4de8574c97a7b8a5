import Exchange
import ExchangeSQLite
import Foundation
import Ledger
import Outbox
import Testing

@Suite struct UrgentServiceTests {
    // Proves the whole route: a member asks (the leads are told, ids only), a lead sees the
    // queue, acknowledges (the member is told), arranges and closes; the member sees their own
    // request move; the queue keeps closed ones only when asked.
    @Test func memberAsksLeadAnswers() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let mark = try await world.outboxMark()
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id,
                                                         UrgentRequestDraft(note: " Rough night ", contact: "07700 900123"))
        #expect(raised.status == .waiting && raised.note == "Rough night" && raised.escalatedAt == nil)
        #expect(try await world.notices(after: mark) == sorted([NoticeRow(.urgentRaised, u.lead), NoticeRow(.urgentRaised, u.otherLead)]))
        #expect(try await world.domain.urgent.queue(u.lead, networkID: u.network.id, includeClosed: false).map(\.id) == [raised.id])

        let ackMark = try await world.outboxMark()
        let acknowledged = try await world.domain.urgent.acknowledge(u.lead, id: raised.id)
        #expect(acknowledged.status == .acknowledged && acknowledged.leadID == u.lead.memberID)
        #expect(try await world.notices(after: ackMark) == [NoticeRow(.urgentAcknowledged, u.member)])
        let at = world.now.addingTimeInterval(3600)
        #expect(try await world.domain.urgent.arrange(u.otherLead, id: raised.id, conversationAt: at).conversationAt == at)
        let closed = try await world.domain.urgent.close(u.lead, id: raised.id, heldMinutes: nil)
        #expect(closed.status == .closed && closed.paymentTransferID == nil)
        #expect(try await world.domain.urgent.ownRequests(u.member).map(\.status) == [.closed])
        #expect(try await world.domain.urgent.queue(u.lead, networkID: u.network.id, includeClosed: false).isEmpty)
        #expect(try await world.domain.urgent.queue(u.lead, networkID: u.network.id, includeClosed: true).map(\.id) == [raised.id])
        #expect(try await world.domain.urgent.request(u.member, id: raised.id) == closed)
    }

    // Proves the refusals around reading and the queue: a bystander and a coordinator who is not
    // a lead are told a request does not exist; the queue refuses a coordinator (forbidden) and
    // someone outside the network (not found); a member has one open request per network;
    // a suspended-or-outside member cannot ask.
    @Test func refusals() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        let elsewhere = try await world.network("urgent-south")
        let outsider = try await world.member("Ola Outsider", in: elsewhere)
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
        for actor in [u.bystander, u.coordinator, outsider] {
            #expect(await refusal { _ = try await world.domain.urgent.request(actor, id: raised.id) }?.isNotFound == true)
            #expect(await refusal { _ = try await world.domain.urgent.acknowledge(actor, id: raised.id) }?.isNotFound == true)
        }
        #expect(await refusal { _ = try await world.domain.urgent.queue(u.coordinator, networkID: u.network.id, includeClosed: false) }?
            .isForbidden == true)
        #expect(await refusal { _ = try await world.domain.urgent.queue(outsider, networkID: u.network.id, includeClosed: false) }?
            .isNotFound == true)
        #expect(await refusal { _ = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft()) }?
            .isInvalidState == true)
        #expect(await refusal { _ = try await world.domain.urgent.raise(outsider, networkID: u.network.id, UrgentRequestDraft()) }?
            .isNotFound == true)
        #expect(await refusal { _ = try await world.domain.urgent.raise(u.member, networkID: u.network.id,
                                                                          UrgentRequestDraft(note: String(repeating: "a", count: 501))) }?
            .validationField == "note")
        _ = try await world.domain.urgent.withdraw(u.member, id: raised.id)
        #expect(try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft()).status == .waiting)
    }

    // Proves leads and settings: coordinators appoint and remove (audited, without detail of any
    // request), members list leads, a bystander may not appoint, a non-member cannot be a lead;
    // settings default to 240, are readable by leads and coordinators only, and hold to 30...2400.
    @Test func leadsAndSettings() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        #expect(try await world.domain.urgent.leads(u.member, networkID: u.network.id).map(\.memberID)
            == [u.lead.memberID, u.otherLead.memberID])
        #expect(try await world.domain.urgent.leads(u.member, networkID: u.network.id).first?.displayName == "Lena Lead")
        #expect(try await world.domain.urgent.leadNetworks(u.lead) == [u.network.id])
        #expect(try await world.domain.urgent.leadNetworks(u.member).isEmpty)
        #expect(await refusal { _ = try await world.domain.urgent.appointLead(u.bystander, networkID: u.network.id, memberID: u.bystander.memberID) }?
            .isForbidden == true)
        let outsider = try await world.member("Ola Outsider", in: try await world.network("urgent-south"))
        #expect(await refusal { _ = try await world.domain.urgent.appointLead(u.coordinator, networkID: u.network.id, memberID: outsider.memberID) }?
            .validationField == "memberID")
        try await world.domain.urgent.removeLead(u.coordinator, networkID: u.network.id, memberID: u.otherLead.memberID)
        #expect(try await world.domain.urgent.leads(u.member, networkID: u.network.id).map(\.memberID) == [u.lead.memberID])
        let trail = try await world.domain.audit.trail(u.coordinator, networkID: u.network.id).items
        #expect(trail.filter { $0.action == .urgentLeadAppointed }.count == 2)
        #expect(trail.filter { $0.action == .urgentLeadRemoved }.map(\.subjectMemberID) == [u.otherLead.memberID])

        #expect(try await world.domain.urgent.settings(u.lead, networkID: u.network.id).escalationWorkingMinutes == 240)
        #expect(await refusal { _ = try await world.domain.urgent.settings(u.bystander, networkID: u.network.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.urgent.updateSettings(u.lead, networkID: u.network.id, UrgentSettings(escalationWorkingMinutes: 60)) }?
            .isForbidden == true)
        for bad in [29, 2401] {
            #expect(await refusal { _ = try await world.domain.urgent.updateSettings(u.coordinator, networkID: u.network.id,
                                                                               UrgentSettings(escalationWorkingMinutes: bad)) }?
                .validationField == "escalationWorkingMinutes")
        }
        try await world.domain.urgent.updateSettings(u.coordinator, networkID: u.network.id, UrgentSettings(escalationWorkingMinutes: 60))
        #expect(try await world.domain.urgent.settings(u.coordinator, networkID: u.network.id).escalationWorkingMinutes == 60)
    }

    // Proves a keyed raise retried after its first attempt committed (the stored response
    // lost) answers the request that attempt stored — not the one-open-request refusal — and
    // stores no second one; the same key with another request is refused.
    @Test func keyedRaiseIsReplayed() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        var keyed = u.member
        keyed.operationKey = OperationKey(keyHash: Data(repeating: 7, count: 32), requestHash: Data(repeating: 1, count: 32))
        let first = try await world.domain.urgent.raise(keyed, networkID: u.network.id, UrgentRequestDraft(note: "x"))
        #expect(try await world.domain.urgent.raise(keyed, networkID: u.network.id, UrgentRequestDraft(note: "x")) == first)
        #expect(try await world.domain.urgent.ownRequests(u.member).count == 1)
        keyed.operationKey = OperationKey(keyHash: Data(repeating: 7, count: 32), requestHash: Data(repeating: 2, count: 32))
        #expect(await refusal { _ = try await world.domain.urgent.raise(keyed, networkID: u.network.id, UrgentRequestDraft()) }
            == .idempotencyKeyReused)
    }

    // Proves two leads acknowledging at once: exactly one wins and is recorded as the lead; the
    // other is answered a conflict; the member is told once.
    @Test func twoLeadsAcknowledgeAtOnce() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork()
        for round in 0..<5 {
            let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft())
            let mark = try await world.outboxMark()
            async let first = outcome { try await world.domain.urgent.acknowledge(u.lead, id: raised.id) }
            async let second = outcome { try await world.domain.urgent.acknowledge(u.otherLead, id: raised.id) }
            let outcomes = await [first, second]
            let winners = outcomes.compactMap { try? $0.get() }
            #expect(winners.count == 1, "round \(round)")
            let loser = outcomes.compactMap { if case .failure(let error) = $0 { error } else { nil } }
            #expect(loser.count == 1 && loser.allSatisfy { if case .conflict = $0 { true } else { false } })
            #expect(try await world.store.urgentRequest(raised.id)?.leadID == winners.first?.leadID)
            #expect(try await world.notices(after: mark) == [NoticeRow(.urgentAcknowledged, u.member)])
            _ = try await world.domain.urgent.withdraw(u.member, id: raised.id)
        }
    }

    // Proves a network without a lead still takes a request and raises it at once to the
    // coordinators, and a lead who asks is not told about their own request.
    @Test func noLeadGoesToTheCoordinators() async throws {
        let world = try await World()
        defer { world.remove() }
        let u = try await world.urgentNetwork(leads: false)
        let mark = try await world.outboxMark()
        let raised = try await world.domain.urgent.raise(u.member, networkID: u.network.id, UrgentRequestDraft(note: "help"))
        #expect(raised.escalatedAt == raised.raisedAt)
        #expect(try await world.notices(after: mark) == [NoticeRow(.urgentEscalated, u.coordinator)])

        try await world.domain.urgent.appointLead(u.coordinator, networkID: u.network.id, memberID: u.lead.memberID)
        try await world.domain.urgent.appointLead(u.coordinator, networkID: u.network.id, memberID: u.otherLead.memberID)
        let leadMark = try await world.outboxMark()
        let own = try await world.domain.urgent.raise(u.lead, networkID: u.network.id, UrgentRequestDraft())
        #expect(try await world.notices(after: leadMark) == [NoticeRow(.urgentRaised, u.otherLead)])
        #expect(await refusal { _ = try await world.domain.urgent.acknowledge(u.lead, id: own.id) }?.isForbidden == true)
    }
}

/// The outcome of `body` as a value, so two concurrent attempts can be compared.
func outcome(_ body: () async throws -> UrgentRequest) async -> Result<UrgentRequest, ExchangeError> {
    do {
        return .success(try await body())
    } catch let error as ExchangeError {
        return .failure(error)
    } catch {
        return .failure(.invalidState("unexpected \(error)"))
    }
}
