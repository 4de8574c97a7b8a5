import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

@Suite struct ExchangeHandlerTests {
    static let problems = "https://peerhours.example/problems/"

    static func offerJSON(_ networkID: NetworkID) -> String {
        """
        {"networkID":\(networkID.rawValue),"title":"Peer support after night shifts","kinds":["peer_support"],
         "topics":["burnout"],"availability":[{"weekday":1,"startMinute":0,"endMinute":1440},{"weekday":2,"startMinute":0,"endMinute":1440},{"weekday":3,"startMinute":0,"endMinute":1440},{"weekday":4,"startMinute":0,"endMinute":1440},{"weekday":5,"startMinute":0,"endMinute":1440},{"weekday":6,"startMinute":0,"endMinute":1440},{"weekday":7,"startMinute":0,"endMinute":1440}],
         "timeZone":"Europe/London","modes":["video"],"languages":["en"],"capacityHoursPerMonth":2,"visibility":"network"}
        """
    }

    static func requestJSON(_ networkID: NetworkID, description: String) -> String {
        """
        {"networkID":\(networkID.rawValue),"kind":"peer_support","topics":["burnout"],"mode":"video","language":"en",
         "durationMinutes":60,"description":"\(description)"}
        """
    }

    // Proves the whole one-to-one lifecycle over HTTP: a supporter offers, a requester asks
    // (with a private description) and proposes on the offer; the supporter cannot read the
    // description before accepting and can after; accepting reserves the requester's minutes;
    // both confirm 60 minutes after the start → completed, and the domain's balances moved on
    // both sides (requester 120 → 60, supporter 120 → 180, nothing left pending).
    @Test func fullLifecycle() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("leeds-gps")
        let supporter = try await fixture.member("Sam", in: network)
        let requester = try await fixture.member("Rita", in: network)
        try await fixture.application().test(.router) { client in
            let sam = try await client.logIn(supporter)
            let rita = try await client.logIn(requester)

            let offered = try await client.send(.post, "/offers", json: Self.offerJSON(network.id), token: sam, idempotencyKey: "o1")
            #expect(offered.status == .created)
            let offer = try offered.json(OfferWire.self)
            #expect(offer.supporterID == supporter.id.rawValue && offer.status == "active")

            let asked = try await client.send(
                .post, "/requests", json: Self.requestJSON(network.id, description: "Struggling after nights"), token: rita,
                idempotencyKey: "r1")
            #expect(asked.status == .created)
            let request = try asked.json(RequestWire.self)
            #expect(request.description == "Struggling after nights")

            let proposed = try await client.send(.post, "/exchanges", json: """
                {"offerID":\(offer.offerID),"requestID":\(request.requestID),"scheduledStart":"\(fixture.instant(in: 86_400))","durationMinutes":60}
                """, token: rita, idempotencyKey: "p1")
            #expect(proposed.status == .created)
            let exchange = try proposed.json(ExchangeWireBody.self)
            #expect(exchange.status == "proposed" && exchange.requesterID == requester.id.rawValue)

            let before = try await client.send(.get, "/requests/\(request.requestID)", token: sam)
            #expect(before.status == .ok)
            #expect(try before.json(RequestWire.self).description == nil)

            let accepted = try await client.send(.post, "/exchanges/\(exchange.exchangeID)/accept", token: sam, idempotencyKey: "a1")
            #expect(accepted.status == .ok)
            #expect(try accepted.json(ExchangeWireBody.self).status == "accepted")
            #expect(try await fixture.minutes(requester, network) == [120, 60, 60])

            let after = try await client.send(.get, "/requests/\(request.requestID)", token: sam)
            #expect(try after.json(RequestWire.self).description == "Struggling after nights")

            fixture.ledgerClock.advance(seconds: 86_400 + 3_600)
            let first = try await client.send(
                .post, "/exchanges/\(exchange.exchangeID)/confirm", json: #"{"minutesGiven":60}"#, token: rita, idempotencyKey: "c1")
            #expect(first.status == .ok)
            #expect(try first.json(ExchangeWireBody.self).status == "accepted")
            let second = try await client.send(
                .post, "/exchanges/\(exchange.exchangeID)/confirm", json: #"{"minutesGiven":60}"#, token: sam, idempotencyKey: "c2")
            #expect(second.status == .ok)
            let completed = try second.json(ExchangeWireBody.self)
            #expect(completed.status == "completed" && completed.settledMinutes == 60)

            #expect(try await fixture.minutes(requester, network) == [60, 0, 60])
            #expect(try await fixture.minutes(supporter, network) == [180, 0, 180])

            let listed = try await client.send(.get, "/exchanges?role=supporter", token: sam)
            #expect(try listed.json(ExchangePageWire.self).items.map(\.exchangeID) == [exchange.exchangeID])
        }
    }

    // Proves a group session over HTTP: the facilitator schedules it for two participants,
    // completes it once started, and is paid its 90 minutes from the community account
    // (default policy) as seen through the domain; participants' balances are unchanged.
    @Test func groupSessionPaysFacilitator() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("york-nurses")
        let facilitator = try await fixture.member("Fay", in: network)
        let one = try await fixture.member("Ola", in: network)
        let two = try await fixture.member("Tom", in: network)
        try await fixture.application().test(.router) { client in
            let fay = try await client.logIn(facilitator)
            let created = try await client.send(.post, "/group-sessions", json: """
                {"networkID":\(network.id.rawValue),"facilitatorID":\(facilitator.id.rawValue),"title":"Reflective practice circle",
                 "scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":90,"participantIDs":[\(two.id.rawValue),\(one.id.rawValue)]}
                """, token: fay, idempotencyKey: "g1")
            #expect(created.status == .created)
            let session = try created.json(GroupSessionWire.self)
            #expect(session.status == "scheduled" && Set(session.participantIDs) == [one.id.rawValue, two.id.rawValue])

            let early = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/complete", token: fay, idempotencyKey: "gc0")
            #expect(early.status == .conflict)
            for participant in [one, two] {
                let joined = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/join",
                                                   token: try await client.logIn(participant), idempotencyKey: "j\(participant.id)")
                #expect(joined.status == .ok)
            }

            fixture.ledgerClock.advance(seconds: 2 * 3_600)
            let completed = try await client.send(.post, "/group-sessions/\(session.groupSessionID)/complete", token: fay, idempotencyKey: "gc1")
            #expect(completed.status == .ok)
            #expect(try completed.json(GroupSessionWire.self).status == "completed")

            let ola = try await client.logIn(one)
            let read = try await client.send(.get, "/group-sessions/\(session.groupSessionID)", token: ola)
            #expect(try read.json(GroupSessionWire.self).status == "completed")
            #expect(try await fixture.minutes(facilitator, network) == [210, 0, 210])
            #expect(try await fixture.minutes(one, network) == [120, 0, 120])
        }
    }

    // Proves a member may not confirm an exchange they are not part of: another member of the
    // network is refused 403, a member of another network 404, and the exchange is unchanged
    // (still accepted, no confirmations, the reservation still pending).
    @Test func confirmByNonPartyIsRefused() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("hull-ahp")
        let elsewhere = try await fixture.network("bath-ahp")
        let supporter = try await fixture.member("Sue", in: network)
        let requester = try await fixture.member("Raj", in: network)
        let bystander = try await fixture.member("Bea", in: network)
        let outsider = try await fixture.member("Oli", in: elsewhere)
        let offer = try await Self.domainOffer(fixture, supporter, network)
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3_600), durationMinutes: 60))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        fixture.ledgerClock.advance(seconds: 2 * 3_600)
        try await fixture.application().test(.router) { client in
            let bea = try await client.logIn(bystander)
            let forbidden = try await client.send(
                .post, "/exchanges/\(proposed.id.rawValue)/confirm", json: #"{"minutesGiven":60}"#, token: bea, idempotencyKey: "x1")
            #expect(forbidden.status == .forbidden)
            #expect(try forbidden.problem().type == Self.problems + "forbidden")

            let oli = try await client.logIn(outsider)
            let hidden = try await client.send(
                .post, "/exchanges/\(proposed.id.rawValue)/confirm", json: #"{"minutesGiven":60}"#, token: oli, idempotencyKey: "x2")
            #expect(hidden.status == .notFound)
        }
        let unchanged = try await fixture.domain.exchanges.exchange(requester.actor, proposed.id)
        #expect(unchanged.status == .accepted)
        #expect(unchanged.requesterConfirmedMinutes == nil && unchanged.supporterConfirmedMinutes == nil)
        #expect(try await fixture.minutes(requester, network) == [120, 60, 60])
        #expect(try await fixture.minutes(supporter, network) == [120, 0, 120])
    }

    // Proves a request's private description reaches only its requester: another member and a
    // coordinator of the network get the request without `description` (and without the
    // excluded members), search results never carry it (not even the requester's own list), and
    // an outsider is told the request does not exist.
    @Test func requestDescriptionStaysPrivate() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("kent-pharm")
        let elsewhere = try await fixture.network("devon-pharm")
        let requester = try await fixture.member("Rosa", in: network)
        let member = try await fixture.member("Mo", in: network)
        let coordinator = try await fixture.member("Cora", in: network, role: .coordinator)
        let outsider = try await fixture.member("Otto", in: elsewhere)
        try await fixture.application().test(.router) { client in
            let rosa = try await client.logIn(requester)
            let asked = try await client.send(.post, "/requests", json: """
                {"networkID":\(network.id.rawValue),"kind":"peer_support","topics":["burnout"],"mode":"video","language":"en",
                 "excludedMemberIDs":[\(outsider.id.rawValue)],"description":"Private: bereavement"}
                """, token: rosa, idempotencyKey: "r1")
            #expect(asked.status == .created)
            let request = try asked.json(RequestWire.self)
            #expect(request.description == "Private: bereavement" && request.excludedMemberIDs == [outsider.id.rawValue])

            for reader in [member, coordinator] {
                let token = try await client.logIn(reader)
                let read = try await client.send(.get, "/requests/\(request.requestID)", token: token)
                #expect(read.status == .ok)
                let body = try read.json(RequestWire.self)
                #expect(body.description == nil && body.excludedMemberIDs == nil)
                #expect(!String(buffer: read.body).contains("bereavement"))
            }

            let mo = try await client.logIn(member)
            let searched = try await client.send(.get, "/requests?topic=burnout", token: mo)
            #expect(searched.status == .ok)
            #expect(try searched.json(RequestPageWire.self).items.map(\.requestID) == [request.requestID])
            #expect(!String(buffer: searched.body).contains("bereavement"))
            let mine = try await client.send(.get, "/requests?mine=true", token: rosa)
            #expect(try mine.json(RequestPageWire.self).items.map(\.description) == [nil])

            let otto = try await client.logIn(outsider)
            #expect(try await client.send(.get, "/requests/\(request.requestID)", token: otto).status == .notFound)
        }
    }

    // Proves a ledger refusal at acceptance keeps its own problem type and says it in words: in a
    // network with a zero floor and a 60-minute welcome grant, two 45-minute proposals pass (each
    // fits), the first is accepted, and accepting the second answers 422
    // `.../problems/ledger/exceeds_floor` titled "Not enough credit", telling the supporter the
    // requester lacks credit; that exchange stays proposed with nothing more reserved.
    @Test func ledgerRefusalIsItsOwnProblem() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("tight-net", policy: NetworkPolicy(creditFloorMinutes: 0, welcomeGrantMinutes: 60))
        let supporter = try await fixture.member("Sia", in: network)
        let requester = try await fixture.member("Ray", in: network)
        let offer = try await Self.domainOffer(fixture, supporter, network)
        try await fixture.application().test(.router) { client in
            let ray = try await client.logIn(requester)
            let sia = try await client.logIn(supporter)
            var exchanges: [ExchangeWireBody] = []
            for key in ["p1", "p2"] {
                let proposed = try await client.send(.post, "/exchanges", json: """
                    {"offerID":\(offer.id.rawValue),"scheduledStart":"\(fixture.instant(in: 86_400))","durationMinutes":45}
                    """, token: ray, idempotencyKey: key)
                exchanges.append(try proposed.json(ExchangeWireBody.self))
            }
            let first = try await client.send(.post, "/exchanges/\(exchanges[0].exchangeID)/accept", token: sia, idempotencyKey: "a0")
            #expect(first.status == .ok)
            let refused = try await client.send(.post, "/exchanges/\(exchanges[1].exchangeID)/accept", token: sia, idempotencyKey: "a1")
            #expect(refused.status == .unprocessableContent)
            let problem = try refused.problem()
            #expect(problem.type == Self.problems + "ledger/exceeds_floor")
            #expect(problem.title == "Not enough credit")
            #expect(problem.detail.hasPrefix("The requester does not have enough credit for this session"))
            let read = try await client.send(.get, "/exchanges/\(exchanges[1].exchangeID)", token: ray)
            #expect(try read.json(ExchangeWireBody.self).status == "proposed")
        }
        #expect(try await fixture.minutes(requester, network) == [60, 45, 15])
    }

    // Proves propose is idempotent: replaying the same body with the same Idempotency-Key
    // answers the stored 201 with the same exchange and creates nothing more; the same key
    // with a different body is refused 422 idempotency-key-reused.
    @Test func proposeReplaysWithSameIdempotencyKey() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("idem-net")
        let supporter = try await fixture.member("Ula", in: network)
        let requester = try await fixture.member("Vic", in: network)
        let offer = try await Self.domainOffer(fixture, supporter, network)
        try await fixture.application().test(.router) { client in
            let vic = try await client.logIn(requester)
            let start = fixture.instant(in: 86_400)
            let body = #"{"offerID":\#(offer.id.rawValue),"scheduledStart":"\#(start)","durationMinutes":60}"#
            let first = try await client.send(.post, "/exchanges", json: body, token: vic, idempotencyKey: "same-key")
            let again = try await client.send(.post, "/exchanges", json: body, token: vic, idempotencyKey: "same-key")
            #expect(first.status == .created && again.status == .created)
            #expect(try first.json(ExchangeWireBody.self).exchangeID == again.json(ExchangeWireBody.self).exchangeID)

            let other = #"{"offerID":\#(offer.id.rawValue),"scheduledStart":"\#(start)","durationMinutes":30}"#
            let reused = try await client.send(.post, "/exchanges", json: other, token: vic, idempotencyKey: "same-key")
            #expect(reused.status == .unprocessableContent)
            #expect(try reused.problem().type == Self.problems + "idempotency-key-reused")
        }
        let mine = try await fixture.domain.exchanges.myExchanges(requester.actor)
        #expect(mine.items.count == 1)
    }

    // Proves differing confirmations dispute an exchange and a coordinator of the network
    // resolves it over HTTP by posting fewer minutes (a party may not resolve: 403); and that
    // cancelling an accepted exchange voids its reservation while declining a proposal moves nothing.
    @Test func disputeResolveCancelDecline() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("wirral-dental")
        let supporter = try await fixture.member("Sol", in: network)
        let requester = try await fixture.member("Rae", in: network)
        let coordinator = try await fixture.member("Cy", in: network, role: .coordinator)
        let offer = try await Self.domainOffer(fixture, supporter, network)
        try await fixture.application().test(.router) { client in
            let sol = try await client.logIn(supporter)
            let rae = try await client.logIn(requester)
            let cy = try await client.logIn(coordinator)
            func propose(_ key: String) async throws -> Int64 {
                try await client.send(.post, "/exchanges", json: """
                    {"offerID":\(offer.id.rawValue),"scheduledStart":"\(fixture.instant(in: 3_600))","durationMinutes":60}
                    """, token: rae, idempotencyKey: key).json(ExchangeWireBody.self).exchangeID
            }
            let disputed = try await propose("p1")
            let cancelled = try await propose("p2")
            let declined = try await propose("p3")
            for id in [disputed, cancelled] {
                #expect(try await client.send(.post, "/exchanges/\(id)/accept", token: sol, idempotencyKey: "a\(id)").status == .ok)
            }
            #expect(try await fixture.minutes(requester, network) == [120, 120, 0])

            let voided = try await client.send(.post, "/exchanges/\(cancelled)/cancel", token: rae, idempotencyKey: "x1")
            #expect(try voided.json(ExchangeWireBody.self).status == "cancelled")
            let refused = try await client.send(.post, "/exchanges/\(declined)/decline", token: sol)
            #expect(try refused.json(ExchangeWireBody.self).status == "declined")
            #expect(try await fixture.minutes(requester, network) == [120, 60, 60])

            fixture.ledgerClock.advance(seconds: 2 * 3_600)
            _ = try await client.send(.post, "/exchanges/\(disputed)/confirm", json: #"{"minutesGiven":60}"#, token: sol, idempotencyKey: "c1")
            let differs = try await client.send(
                .post, "/exchanges/\(disputed)/confirm", json: #"{"minutesGiven":40}"#, token: rae, idempotencyKey: "c2")
            #expect(try differs.json(ExchangeWireBody.self).status == "disputed")

            let resolution = #"{"outcome":"post","minutes":45,"reason":"Session ended early"}"#
            let byParty = try await client.send(.post, "/exchanges/\(disputed)/resolve", json: resolution, token: sol, idempotencyKey: "r0")
            #expect(byParty.status == .forbidden)
            let noMinutes = try await client.send(
                .post, "/exchanges/\(disputed)/resolve", json: #"{"outcome":"post","reason":"x"}"#, token: cy, idempotencyKey: "r1")
            #expect(noMinutes.status == .badRequest)
            let resolved = try await client.send(.post, "/exchanges/\(disputed)/resolve", json: resolution, token: cy, idempotencyKey: "r2")
            #expect(resolved.status == .ok)
            let body = try resolved.json(ExchangeWireBody.self)
            #expect(body.status == "completed" && body.settledMinutes == 45)
        }
        #expect(try await fixture.minutes(requester, network) == [75, 0, 75])
        #expect(try await fixture.minutes(supporter, network) == [165, 0, 165])
    }

    // Proves offer search pages with the domain's opaque cursor (limit 2 of 3 → nextCursor →
    // the last one, no nextCursor; a forged cursor → 400), that a paused offer leaves search but
    // stays in its supporter's own list (`supporterID` = self), that only the supporter may
    // pause an offer (403), and that only the requester may withdraw a request (403).
    @Test func offerPagingAndPause() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("notts-physio")
        let supporter = try await fixture.member("Pat", in: network)
        let searcher = try await fixture.member("Quin", in: network)
        try await fixture.application().test(.router) { client in
            let pat = try await client.logIn(supporter)
            let quin = try await client.logIn(searcher)
            var ids: [Int64] = []
            for key in ["o1", "o2", "o3"] {
                ids.append(try await client.send(.post, "/offers", json: Self.offerJSON(network.id), token: pat, idempotencyKey: key)
                    .json(OfferWire.self).offerID)
            }
            struct OfferPageWire: Decodable { var items: [OfferWire]; var nextCursor: String? }
            let first = try await client.send(.get, "/offers?limit=2&kind=peer_support", token: quin).json(OfferPageWire.self)
            #expect(first.items.map(\.offerID) == Array(ids.prefix(2)))
            let cursor = try #require(first.nextCursor)
            let second = try await client.send(.get, "/offers?limit=2&kind=peer_support&cursor=\(cursor)", token: quin)
                .json(OfferPageWire.self)
            #expect(second.items.map(\.offerID) == [ids[2]] && second.nextCursor == nil)
            #expect(try await client.send(.get, "/offers?cursor=bm90LWEtY3Vyc29y", token: quin).status == .badRequest)

            #expect(try await client.send(.post, "/offers/\(ids[0])/pause", token: quin).status == .forbidden)
            let paused = try await client.send(.post, "/offers/\(ids[0])/pause", token: pat)
            #expect(try paused.json(OfferWire.self).status == "paused")
            let searched = try await client.send(.get, "/offers", token: quin).json(OfferPageWire.self)
            #expect(searched.items.map(\.offerID) == Array(ids.dropFirst()))
            let own = try await client.send(.get, "/offers?supporterID=\(supporter.id.rawValue)", token: pat).json(OfferPageWire.self)
            #expect(own.items.map(\.offerID) == ids && own.items[0].status == "paused")
            let resumed = try await client.send(.post, "/offers/\(ids[0])/resume", token: pat)
            #expect(try resumed.json(OfferWire.self).status == "active")

            let asked = try await client.send(
                .post, "/requests", json: Self.requestJSON(network.id, description: "x"), token: quin, idempotencyKey: "r1")
            let requestID = try asked.json(RequestWire.self).requestID
            #expect(try await client.send(.post, "/requests/\(requestID)/withdraw", token: pat).status == .forbidden)
            let withdrawn = try await client.send(.post, "/requests/\(requestID)/withdraw", token: quin)
            #expect(try withdrawn.json(RequestWire.self).status == "withdrawn")
        }
    }

    static func domainOffer(_ fixture: AppFixture, _ supporter: Member, _ network: Network) async throws -> Offer {
        try await fixture.domain.offers.createOffer(supporter.actor, networkID: network.id, OfferDetails(
            title: "Coaching for new leads", kinds: ["coaching"], topics: ["leadership"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }, timeZone: "Europe/London",
            modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
    }

    // Proves the refusals say what to do: a member asking about a network they do not belong to
    // is told they are not a member of it (still 404), and a supporter declining an accepted
    // exchange is told to cancel it instead.
    @Test func refusalsSayWhatToDo() async throws {
        let fixture = try await AppFixture(administrator: true)
        defer { fixture.remove() }
        let network = try await fixture.network("york-gp")
        let elsewhere = try await fixture.network("leeds-gp")
        let supporter = try await fixture.member("Sam", in: network)
        let requester = try await fixture.member("Ria", in: network)
        let offer = try await fixture.domain.offers.createOffer(supporter.actor, networkID: network.id, OfferDetails(
            title: "Peer support any day", kinds: ["coaching"], topics: ["leadership"],
            availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }, timeZone: "Europe/London",
            modes: [.video], languages: ["en"], capacityHoursPerMonth: 4))
        let proposed = try await fixture.domain.exchanges.propose(requester.actor, ExchangeProposal(
            offerID: offer.id, scheduledStart: fixture.now.addingTimeInterval(3_600), durationMinutes: 60))
        _ = try await fixture.domain.exchanges.accept(supporter.actor, proposed.id)
        try await fixture.application().test(.router) { client in
            let sam = try await client.logIn(supporter)
            let outside = try await client.send(.get, "/networks/\(elsewhere.id.rawValue)/balances", token: sam)
            #expect(outside.status == .notFound)
            #expect(try outside.problem().detail.contains("you are not a member of it"), "\(String(buffer: outside.body))")
            let declined = try await client.send(.post, "/exchanges/\(proposed.id.rawValue)/decline", token: sam)
            #expect(declined.status == .conflict)
            #expect(try declined.problem().detail.contains("cancel it instead"), "\(String(buffer: declined.body))")
        }
    }
}
