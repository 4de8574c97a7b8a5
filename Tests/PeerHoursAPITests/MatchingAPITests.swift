import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

/// The parts of the matching wire types the tests read.
struct SuggestionWire: Decodable { var offerID: Int64; var supporterID: Int64; var score: Int; var parts: [String: Int] }
struct ExcludedWire: Decodable { var offerID: Int64; var filter: String; var score: Int }
struct SuggestionsWire: Decodable { var requestID: Int64; var suggestions: [SuggestionWire]; var excluded: [ExcludedWire]? }
struct ProposalWire: Decodable {
    var proposalID: Int64; var requestID: Int64; var offerID: Int64; var requesterID: Int64; var supporterID: Int64
    var score: Int; var status: String; var exchangeID: Int64?
}
struct ProposalPageWire: Decodable { var items: [ProposalWire]; var nextCursor: String? }
struct RunWire: Decodable { var runID: Int64; var requestCount: Int; var offerCount: Int; var proposals: [ProposalWire] }

@Suite struct MatchingAPITests {
    static let problems = "https://peerhours.example/problems/"
    static let secret = "Confidential night-shift zebra"

    /// A network with a coordinator, a supporter with a burnout offer, a coach (kind coaching),
    /// a requester with an open burnout request (with a private description), a neighbour in
    /// the network and an outsider in another.
    struct Scene {
        let fixture: AppFixture
        let network: Network
        let coordinator: Member
        let supporter: Member
        let coach: Member
        let requester: Member
        let neighbour: Member
        let outsider: Member
        let offer: Offer
        let coaching: Offer
        let request: SupportRequest

        init() async throws {
            fixture = try await AppFixture(administrator: true)
            network = try await fixture.network("leeds-gps")
            coordinator = try await fixture.member("Cora", in: network, role: .coordinator)
            supporter = try await fixture.member("Sam", in: network)
            coach = try await fixture.member("Cole", in: network)
            requester = try await fixture.member("Rita", in: network)
            neighbour = try await fixture.member("Ned", in: network)
            outsider = try await fixture.member("Olu", in: try await fixture.network("york-gps"))
            offer = try await Self.offer(fixture, supporter, network, kinds: ["peer_support"])
            coaching = try await Self.offer(fixture, coach, network, kinds: ["coaching"])
            request = try await fixture.domain.requests.createRequest(requester.actor, networkID: network.id, RequestDetails(
                kind: "peer_support", topics: ["burnout"], timeZone: "Europe/London", mode: .video, language: "en",
                description: MatchingAPITests.secret))
        }

        static func offer(_ fixture: AppFixture, _ supporter: Member, _ network: Network,
                          kinds: [String]) async throws -> Offer {
            try await fixture.domain.offers.createOffer(supporter.actor, networkID: network.id, OfferDetails(
                title: "Support after night shifts", kinds: kinds, topics: ["burnout"],
                availability: (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) },
                timeZone: "Europe/London", modes: [.video], languages: ["en"], capacityHoursPerMonth: 2))
        }
    }

    static func text(_ response: TestResponse) -> String { String(buffer: response.body) }

    // Proves GET /requests/{id}/suggestions answers the requester with scored offers whose parts
    // sum to the score, `explain=true` adds the coaching offer excluded by `kind`, the JSON never
    // carries the request's description, and `k` outside 1…100 is a 400.
    @Test func suggestionsForTheRequester() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let rita = try await client.logIn(scene.requester)
            let plain = try await client.send(.get, "/requests/\(scene.request.id.rawValue)/suggestions", token: rita)
            #expect(plain.status == .ok)
            let answer = try plain.json(SuggestionsWire.self)
            #expect(answer.requestID == scene.request.id.rawValue)
            #expect(answer.suggestions.map(\.offerID) == [scene.offer.id.rawValue])
            let first = try #require(answer.suggestions.first)
            #expect(first.parts.values.reduce(0, +) == first.score)
            #expect(first.parts["topicOverlap"] == 40_000)
            #expect(answer.excluded == nil)
            #expect(!Self.text(plain).contains("escription") && !Self.text(plain).contains("zebra"))

            let explained = try await client.send(
                .get, "/requests/\(scene.request.id.rawValue)/suggestions?k=5&explain=true", token: rita)
            #expect(explained.status == .ok)
            let excluded = try #require(try explained.json(SuggestionsWire.self).excluded)
            #expect(excluded.map(\.offerID) == [scene.coaching.id.rawValue])
            #expect(excluded.first?.filter == "kind")
            #expect(!Self.text(explained).contains("escription") && !Self.text(explained).contains("zebra"))

            for k in [0, 101] {
                let refused = try await client.send(.get, "/requests/\(scene.request.id.rawValue)/suggestions?k=\(k)", token: rita)
                #expect(refused.status == .badRequest)
            }
        }
    }

    // Proves only the requester and the network's coordinators get suggestions: another member
    // of the network and a member of another network get 404, no token 401.
    @Test func suggestionsRefusedToOthers() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let path = "/requests/\(scene.request.id.rawValue)/suggestions"
            let cora = try await client.logIn(scene.coordinator)
            #expect(try await client.send(.get, path, token: cora).status == .ok)
            for member in [scene.neighbour, scene.outsider, scene.supporter] {
                let token = try await client.logIn(member)
                let refused = try await client.send(.get, path, token: token)
                #expect(refused.status == .notFound)
                #expect(try refused.problem().type == Self.problems + "not-found")
            }
            #expect(try await client.send(.get, path).status == .unauthorized)
        }
    }

    // Proves POST /networks/{id}/matching-runs by a coordinator answers 201 with a proposal for
    // the open request (no description anywhere, replayed with the same Idempotency-Key), while a
    // member of the network gets 403 and a member of another network 404.
    @Test func matchingRunByCoordinatorOnly() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let path = "/networks/\(scene.network.id.rawValue)/matching-runs"
            let cora = try await client.logIn(scene.coordinator)
            let created = try await client.send(.post, path, token: cora, idempotencyKey: "run-1")
            #expect(created.status == .created)
            let run = try created.json(RunWire.self)
            #expect(run.requestCount == 1 && run.offerCount == 2)
            #expect(run.proposals.map(\.offerID) == [scene.offer.id.rawValue])
            #expect(run.proposals.first?.requesterID == scene.requester.id.rawValue)
            #expect(run.proposals.first?.status == "open")
            #expect(!Self.text(created).contains("escription") && !Self.text(created).contains("zebra"))
            let replayed = try await client.send(.post, path, token: cora, idempotencyKey: "run-1")
            #expect(replayed.status == .created)
            #expect(try replayed.json(RunWire.self).runID == run.runID)

            let ned = try await client.logIn(scene.neighbour)
            let forbidden = try await client.send(.post, path, token: ned, idempotencyKey: "run-2")
            #expect(forbidden.status == .forbidden)
            let olu = try await client.logIn(scene.outsider)
            #expect(try await client.send(.post, path, token: olu, idempotencyKey: "run-3").status == .notFound)
        }
    }

    // Proves the requester accepting a proposal gets 201 and a `proposed` exchange on the offer
    // for the request; accepting again is 409; another member gets 403 and an outsider 404;
    // declining a decided proposal is 409.
    @Test func acceptingAProposalProposesAnExchange() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let run = try await scene.fixture.domain.matching.runMatching(scene.coordinator.actor, networkID: scene.network.id)
        let proposal = try #require(run.proposals.first)
        try await scene.fixture.application().test(.router) { client in
            let accept = "/matching-proposals/\(proposal.id.rawValue)/accept"
            let body = #"{"scheduledStart":"\#(scene.fixture.instant(in: 2 * 86_400))"}"#
            let ned = try await client.logIn(scene.neighbour)
            #expect(try await client.send(.post, accept, json: body, token: ned, idempotencyKey: "n1").status == .forbidden)
            let olu = try await client.logIn(scene.outsider)
            #expect(try await client.send(.post, accept, json: body, token: olu, idempotencyKey: "o1").status == .notFound)

            let rita = try await client.logIn(scene.requester)
            let accepted = try await client.send(.post, accept, json: body, token: rita, idempotencyKey: "a1")
            #expect(accepted.status == .created)
            let exchange = try accepted.json(ExchangeWireBody.self)
            #expect(exchange.status == "proposed")
            #expect(exchange.requesterID == scene.requester.id.rawValue && exchange.supporterID == scene.supporter.id.rawValue)
            let again = try await client.send(.post, accept, json: body, token: rita, idempotencyKey: "a2")
            #expect(again.status == .conflict)
            #expect(try again.problem().type == Self.problems + "conflict")
            let decline = try await client.send(.post, "/matching-proposals/\(proposal.id.rawValue)/decline", token: rita)
            #expect(decline.status == .conflict)
        }
    }

    // Proves the requester finds a run's proposal on their request (another member gets 404,
    // no description in the list), declines it once (200, status declined; again 409), and
    // that an unknown proposal is 404.
    @Test func decliningAProposal() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        let run = try await scene.fixture.domain.matching.runMatching(scene.coordinator.actor, networkID: scene.network.id)
        let proposal = try #require(run.proposals.first)
        try await scene.fixture.application().test(.router) { client in
            let rita = try await client.logIn(scene.requester)
            let listPath = "/requests/\(scene.request.id.rawValue)/matching-proposals"
            let listed = try await client.send(.get, listPath, token: rita)
            #expect(listed.status == .ok)
            #expect(try listed.json(ProposalPageWire.self).items.map(\.proposalID) == [proposal.id.rawValue])
            #expect(!Self.text(listed).contains("escription") && !Self.text(listed).contains("zebra"))
            let ned = try await client.logIn(scene.neighbour)
            #expect(try await client.send(.get, listPath, token: ned).status == .notFound)
            let declined = try await client.send(.post, "/matching-proposals/\(proposal.id.rawValue)/decline", token: rita)
            #expect(declined.status == .ok)
            let wire = try declined.json(ProposalWire.self)
            #expect(wire.status == "declined" && wire.exchangeID == nil)
            #expect(!Self.text(declined).contains("escription"))
            #expect(try await client.send(.post, "/matching-proposals/\(proposal.id.rawValue)/decline", token: rita).status
                == .conflict)
            #expect(try await client.send(.post, "/matching-proposals/99999/decline", token: rita).status == .notFound)
            #expect(try await client.send(.get, listPath, token: rita).json(ProposalPageWire.self).items.map(\.status)
                == ["declined"])
        }
    }
}
