import Exchange
import Foundation
import Ledger
import Testing

@Suite struct AgreementTests {
    static func terms(_ world: World, kinds: [String] = ["peer_support"], days: Double = 365) -> AgreementTerms {
        AgreementTerms(kinds: kinds, proposerMayReceiveMinutes: 20 * 60, partnerMayReceiveMinutes: 10 * 60,
                       proposerMonthlySessionQuota: 5, startsOn: world.now, endsOn: world.now.addingTimeInterval(days * 86_400))
    }

    // Proves the lifecycle and who may do what: A's coordinator proposes (a plain member may
    // not); only B's coordinator accepts; in force, B is A's partner for the covered kind only;
    // a second open agreement for the pair is refused either way round; either side suspends
    // (no partner while suspended) and resumes; ending is final and frees the pair; each step is
    // in both networks' trails.
    @Test func lifecycleAndRoles() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let other = try await world.network("east-pharmacy")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let eastLead = try await world.member("Eve", in: other, role: .coordinator)
        let northMember = try await world.member("Mo", in: north)
        let agreements = world.domain.agreements

        #expect(await refusal { _ = try await agreements.propose(northMember, from: north.id, to: south.id, Self.terms(world)) }?.isForbidden == true)
        let proposed = try await agreements.propose(northLead, from: north.id, to: south.id, Self.terms(world))
        #expect(proposed.status == .proposed && proposed.terms.proposerMonthlySessionQuota == 5)
        #expect(await refusal { _ = try await agreements.agreement(eastLead, proposed.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await agreements.agreement(northMember, proposed.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await agreements.accept(northLead, proposed.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await agreements.accept(eastLead, proposed.id) }?.isNotFound == true)
        #expect(try await agreements.partners(of: north.id, kind: "peer_support", at: world.now).isEmpty)

        let active = try await agreements.accept(southLead, proposed.id)
        #expect(active.status == .active && active.decidedByID == southLead.memberID)
        #expect(try await agreements.partners(of: north.id, kind: "peer_support", at: world.now) == [south.id])
        #expect(try await agreements.partners(of: south.id, kind: "peer_support", at: world.now) == [north.id])
        #expect(try await agreements.partners(of: north.id, kind: "coaching", at: world.now).isEmpty)
        #expect(try await agreements.partners(of: north.id, kind: "peer_support", at: world.now.addingTimeInterval(400 * 86_400)).isEmpty)
        let twice = await refusal { _ = try await agreements.propose(southLead, from: south.id, to: north.id, Self.terms(world)) }
        #expect(twice.map { if case .conflict = $0 { true } else { false } } == true)

        #expect(try await agreements.suspend(southLead, proposed.id).status == .suspended)
        #expect(try await agreements.partners(of: north.id, kind: "peer_support", at: world.now).isEmpty)
        #expect(try await agreements.resume(northLead, proposed.id).status == .active)
        #expect(try await agreements.end(northLead, proposed.id).status == .ended)
        #expect(await refusal { _ = try await agreements.resume(southLead, proposed.id) }?.isInvalidState == true)
        let again = try await agreements.propose(southLead, from: south.id, to: north.id, Self.terms(world))
        #expect(again.status == .proposed)

        for (lead, network) in [(northLead, north), (southLead, south)] {
            let actions = try await world.domain.audit.trail(lead, networkID: network.id, page: PageRequest(size: 100)).items
                .filter { $0.subjectID == proposed.id.rawValue }.map(\.action)
            #expect(actions == [.agreementProposed, .agreementAccepted, .agreementSuspended, .agreementResumed, .agreementEnded])
        }
        let listed = try await agreements.agreements(southLead, networkID: south.id).items
        #expect(listed.map(\.id) == [proposed.id, again.id])
    }

    // Proves a proposal is answered only as the issue says: the partner declines (final), the
    // proposer may withdraw (end) but the partner may not end a proposal.
    @Test func declineAndWithdraw() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let northLead = try await world.member("Nia", in: north, role: .coordinator)
        let southLead = try await world.member("Sol", in: south, role: .coordinator)
        let agreements = world.domain.agreements

        let first = try await agreements.propose(northLead, from: north.id, to: south.id, Self.terms(world))
        #expect(await refusal { _ = try await agreements.end(southLead, first.id) }?.isForbidden == true)
        #expect(try await agreements.decline(southLead, first.id).status == .declined)
        #expect(await refusal { _ = try await agreements.accept(southLead, first.id) }?.isInvalidState == true)
        let second = try await agreements.propose(northLead, from: north.id, to: south.id, Self.terms(world))
        #expect(try await agreements.end(northLead, second.id).status == .ended)
    }

    // Proves terms are validated, naming the field: no kinds, an unknown kind, a limit under an
    // hour, an end before the start, a partner that is the proposer or does not exist.
    @Test func termsAreValidated() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let lead = try await world.member("Nia", in: north, role: .coordinator)
        let agreements = world.domain.agreements
        func field(_ terms: AgreementTerms, to partner: NetworkID? = nil) async -> String? {
            await refusal { _ = try await agreements.propose(lead, from: north.id, to: partner ?? south.id, terms) }?.validationField
        }
        var terms = Self.terms(world)
        terms.kinds = []
        #expect(await field(terms) == "kinds")
        terms.kinds = ["astrology"]
        #expect(await field(terms) == "kinds")
        terms = Self.terms(world)
        terms.partnerMayReceiveMinutes = 30
        #expect(await field(terms) == "partnerMayReceiveHours")
        terms = Self.terms(world)
        terms.endsOn = terms.startsOn.addingTimeInterval(-86_400)
        #expect(await field(terms) == "endsOn")
        #expect(await field(Self.terms(world), to: north.id) == "partnerNetworkID")
        #expect(await refusal { _ = try await agreements.propose(lead, from: north.id, to: NetworkID(99), Self.terms(world)) }?.isNotFound == true)
    }
}

@Suite struct NetworkDirectoryTests {
    // Proves the directory lists every network (id order, paged) to a coordinator of any network
    // and to administrators, and refuses a plain member (403).
    @Test func coordinatorsFindOtherNetworks() async throws {
        let world = try await World()
        defer { world.remove() }
        let north = try await world.network("north-gp")
        let south = try await world.network("south-nurses")
        let east = try await world.network("east-pharmacy")
        let lead = try await world.member("Nia", in: north, role: .coordinator)
        let member = try await world.member("Mo", in: north)
        let networks = world.domain.networks

        let first = try await networks.directory(lead, page: PageRequest(size: 2))
        #expect(first.items.map(\.id) == [north.id, south.id])
        let rest = try await networks.directory(lead, page: PageRequest(cursor: first.nextCursor, size: 2))
        #expect(rest.items.map(\.slug) == [east.slug] && rest.nextCursor == nil)
        #expect(try await networks.directory(world.admin).items.count == 3)
        #expect(await refusal { _ = try await networks.directory(member) }?.isForbidden == true)
    }
}
