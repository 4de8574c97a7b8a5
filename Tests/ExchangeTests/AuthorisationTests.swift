import Exchange
import Foundation
import Ledger
import Testing

@Suite struct AuthorisationTests {
    // Proves members of network A cannot read B's balances or statements (notFound), that a
    // member cannot read another member's account in their own network (forbidden), that a
    // coordinator reads every member of their network, and that administrators are refused too.
    @Test func balancesAndStatementsOnlyForSelfAndCoordinators() async throws {
        let world = try await World()
        defer { world.remove() }
        let a = try await world.network("network-a")
        let b = try await world.network("network-b")
        let memberA = try await world.member("Amal", in: a)
        let otherA = try await world.member("Anya", in: a)
        let coordinatorA = try await world.member("Ciaran", in: a, role: .coordinator)
        let memberB = try await world.member("Bea", in: b)
        let accounts = world.domain.accounts

        #expect(await refusal { _ = try await accounts.statement(memberA, memberID: memberB.memberID, networkID: b.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await accounts.balance(memberA, memberID: memberB.memberID, networkID: b.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await accounts.balance(coordinatorA, memberID: memberB.memberID, networkID: b.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await accounts.networkBalances(coordinatorA, networkID: b.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await accounts.statement(memberA, memberID: otherA.memberID, networkID: a.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await accounts.networkBalances(memberA, networkID: a.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await accounts.balance(world.admin, memberID: memberA.memberID, networkID: a.id) }?.isNotFound == true)

        #expect(try await accounts.balance(coordinatorA, memberID: memberA.memberID, networkID: a.id).postedMinutes == 120)
        #expect(try await accounts.statement(coordinatorA, memberID: otherA.memberID, networkID: a.id).items.count == 1)
        let all = try await accounts.networkBalances(coordinatorA, networkID: a.id)
        #expect(Set(all.items.map(\.memberID)) == [memberA.memberID, otherA.memberID, coordinatorA.memberID])
    }

    // Proves a member cannot confirm, cancel or dispute an exchange they are not part of
    // (forbidden in the same network, notFound from another), and a coordinator of A cannot
    // resolve a dispute in B — each with the exchange and the ledger unchanged.
    @Test func strangersCannotTouchAnExchange() async throws {
        let world = try await World()
        defer { world.remove() }
        let a = try await world.network("network-a")
        let b = try await world.network("network-b")
        let gp = try await world.member("Grace", in: b)
        let nurse = try await world.member("Nia", in: b)
        let bystanderB = try await world.member("Ben", in: b)
        let memberA = try await world.member("Amal", in: a)
        let coordinatorA = try await world.member("Ciaran", in: a, role: .coordinator)
        let exchange = try await world.acceptedExchange(gp, nurse, offer: try await world.offer(nurse, in: b))
        world.advance(hours: 25)
        _ = try await world.domain.exchanges.dispute(gp, exchange.id)
        let before = try await world.store.exchange(exchange.id)
        let sequence = try await world.journalSequence()
        let exchanges = world.domain.exchanges

        #expect(await refusal { _ = try await exchanges.confirm(bystanderB, exchange.id, minutesGiven: 60) }?.isForbidden == true)
        #expect(await refusal { _ = try await exchanges.confirm(memberA, exchange.id, minutesGiven: 60) }?.isNotFound == true)
        #expect(await refusal { _ = try await exchanges.cancel(memberA, exchange.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await exchanges.exchange(bystanderB, exchange.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await exchanges.resolve(coordinatorA, exchange.id, .post(minutes: 60)) }?.isNotFound == true)
        #expect(await refusal { _ = try await exchanges.resolve(coordinatorA, exchange.id, .void) }?.isNotFound == true)
        #expect(try await world.store.exchange(exchange.id) == before)
        #expect(try await world.journalSequence() == sequence)
        #expect(try await world.minutes(gp, b) == [120, 60, 60])
    }

    // Proves the private description is readable only by the requester and, once an exchange
    // on the request is accepted, its supporter: coordinators, other members and the supporter
    // before acceptance are refused, and `request` returns it redacted to them.
    @Test func requestDescriptionIsPrivate() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let other = try await world.network("south-wellbeing")
        let gp = try await world.member("Grace", in: network)
        let nurse = try await world.member("Nia", in: network)
        let bystander = try await world.member("Ben", in: network)
        let coordinator = try await world.member("Cora", in: network, role: .coordinator)
        let outsider = try await world.member("Olu", in: other)
        let request = try await world.request(gp, in: network, description: "private words")
        let requests = world.domain.requests

        #expect(try await requests.requestDescription(gp, request.id) == "private words")
        for reader in [coordinator, bystander, nurse] {
            #expect(await refusal { _ = try await requests.requestDescription(reader, request.id) }?.isForbidden == true)
            #expect(try await requests.request(reader, request.id).details.description == nil)
        }
        #expect(await refusal { _ = try await requests.requestDescription(outsider, request.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await requests.request(outsider, request.id) }?.isNotFound == true)

        let offer = try await world.offer(nurse, in: network)
        let proposed = try await world.propose(gp, offer: offer, request: request)
        #expect(await refusal { _ = try await requests.requestDescription(nurse, request.id) }?.isForbidden == true)
        _ = try await world.domain.exchanges.accept(nurse, proposed.id)
        #expect(try await requests.requestDescription(nurse, request.id) == "private words")
        #expect(await refusal { _ = try await requests.requestDescription(coordinator, request.id) }?.isForbidden == true)
        #expect(try await requests.request(coordinator, request.id).details.description == nil)
        #expect(try await world.store.request(request.id)?.details.description == "private words")
    }

    // Proves administration is refused to non-administrators, coordinators invite only into
    // their own network, and only administrators appoint coordinators — each changing nothing.
    @Test func administrationNeedsItsRole() async throws {
        let world = try await World()
        defer { world.remove() }
        let a = try await world.network("network-a")
        let b = try await world.network("network-b")
        let coordinatorA = try await world.member("Ciaran", in: a, role: .coordinator)
        let member = try await world.member("Amal", in: a)
        let outsider = try await world.domain.members.createMember(coordinatorA, profile("Newcomer"))
        #expect(await refusal { _ = try await world.domain.networks.createNetwork(member, NetworkDraft(slug: "mine", name: "Mine")) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.networks.addSupportKind(coordinatorA, "art_therapy") }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.members.createMember(member, profile("Someone")) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.memberships.invite(coordinatorA, memberID: outsider.id, networkID: b.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await world.domain.memberships.invite(member, memberID: outsider.id, networkID: a.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.memberships.invite(coordinatorA, memberID: outsider.id, networkID: a.id, role: .coordinator) }?.isForbidden == true)
        #expect(await refusal { _ = try await world.domain.memberships.setRole(coordinatorA, memberID: member.memberID, networkID: a.id, role: .coordinator) }?.isForbidden == true)
        #expect(try await world.store.memberships(of: outsider.id).isEmpty)
        #expect(try await world.store.membership(memberID: member.memberID, networkID: a.id)?.role == .member)
        #expect(try await world.domain.networks.supportKinds(member).count == 5)
        #expect(try await world.domain.networks.addSupportKind(world.admin, "art_therapy").contains("art_therapy"))
    }
}
