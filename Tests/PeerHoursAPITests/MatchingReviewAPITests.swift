import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import Testing
@testable import PeerHoursAPI

struct ReviewedRunWire: Decodable {
    var runID: Int64; var sentAt: String?; var sentBy: Int64?; var proposals: [ReviewedProposalWire]
}
struct ReviewedProposalWire: Decodable { var proposalID: Int64; var offerID: Int64; var status: String; var skipReason: String? }
struct RunSummaryWire: Decodable {
    var runID: Int64; var proposalCount: Int; var sentCount: Int; var draftedCount: Int; var droppedCount: Int
    var skippedCount: Int; var sentAt: String?
}
struct RunSummaryPageWire: Decodable { var items: [RunSummaryWire]; var nextCursor: String? }

@Suite struct MatchingReviewAPITests {
    typealias Scene = MatchingAPITests.Scene

    /// The coordinator's, the requester's, the neighbour's and the outsider's tokens.
    static func logIns(_ client: some TestClientProtocol, _ scene: Scene) async throws -> (String, String, String, String) {
        (try await client.logIn(scene.coordinator), try await client.logIn(scene.requester),
         try await client.logIn(scene.neighbour), try await client.logIn(scene.outsider))
    }

    // Proves a run made with `review=true` answers 201 with drafted proposals and no `sentAt`,
    // that the requester's list of proposals stays empty until it is sent, that the coordinator
    // reads it (GET /matching-runs/{id}) and lists it, that POST …/send opens the proposals (the
    // requester then sees them) and a second send is 409 — and that a plain member is refused
    // (403) and someone of another network told it does not exist (404) at every step.
    @Test func reviewThenSend() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let (cora, rita, ned, olu) = try await Self.logIns(client, scene)
            let runs = "/networks/\(scene.network.id.rawValue)/matching-runs"
            let created = try await client.send(.post, runs + "?review=true", token: cora, idempotencyKey: "review-1")
            #expect(created.status == .created)
            let run = try created.json(ReviewedRunWire.self)
            #expect(run.sentAt == nil && run.proposals.map(\.status) == ["drafted"])
            let ritaList = "/requests/\(scene.request.id.rawValue)/matching-proposals"
            #expect(try await client.send(.get, ritaList, token: rita).json(ProposalPageWire.self).items.isEmpty)
            let proposalID = run.proposals[0].proposalID
            #expect(try await client.send(.post, "/matching-proposals/\(proposalID)/decline", token: rita).status == .notFound)

            let runPath = "/matching-runs/\(run.runID)"
            #expect(try await client.send(.get, runPath, token: cora).json(ReviewedRunWire.self).proposals.count == 1)
            #expect(try await client.send(.get, runPath, token: ned).status == .forbidden)
            #expect(try await client.send(.get, runPath, token: olu).status == .notFound)
            #expect(try await client.send(.get, runs, token: ned).status == .forbidden)
            let listed = try await client.send(.get, runs, token: cora).json(RunSummaryPageWire.self)
            #expect(listed.items.map(\.runID) == [run.runID] && listed.items[0].draftedCount == 1 && listed.items[0].sentAt == nil)

            #expect(try await client.send(.post, runPath + "/send", token: ned).status == .forbidden)
            #expect(try await client.send(.post, runPath + "/send", token: olu).status == .notFound)
            let sent = try await client.send(.post, runPath + "/send", token: cora)
            #expect(sent.status == .ok)
            let sentRun = try sent.json(ReviewedRunWire.self)
            #expect(sentRun.sentAt != nil && sentRun.sentBy == scene.coordinator.id.rawValue)
            #expect(sentRun.proposals.map(\.status) == ["open"])
            #expect(try await client.send(.get, ritaList, token: rita).json(ProposalPageWire.self).items.map(\.proposalID)
                == [proposalID])
            #expect(try await client.send(.post, runPath + "/send", token: cora).status == .conflict)
            #expect(try await client.send(.post, "/matching-runs/99999/send", token: cora).status == .notFound)
        }
    }

    // Proves POST /matching-proposals/{id}/drop drops a drafted proposal (200, `dropped`), which
    // the requester never sees, not even after the run is sent; a second drop is 409, a plain
    // member 403, another network's coordinator 404; and a run made without `review` still
    // opens its proposals at once (the API's behaviour before review existed).
    @Test func dropBeforeSending() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let (cora, rita, ned, olu) = try await Self.logIns(client, scene)
            let runs = "/networks/\(scene.network.id.rawValue)/matching-runs"
            let run = try await client.send(.post, runs + "?review=true", token: cora, idempotencyKey: "review-2")
                .json(ReviewedRunWire.self)
            let drop = "/matching-proposals/\(run.proposals[0].proposalID)/drop"
            #expect(try await client.send(.post, drop, token: ned).status == .forbidden)
            #expect(try await client.send(.post, drop, token: olu).status == .notFound)
            let dropped = try await client.send(.post, drop, token: cora)
            #expect(dropped.status == .ok)
            #expect(try dropped.json(ReviewedProposalWire.self).status == "dropped")
            #expect(try await client.send(.post, drop, token: cora).status == .conflict)
            let sent = try await client.send(.post, "/matching-runs/\(run.runID)/send", token: cora).json(ReviewedRunWire.self)
            #expect(sent.proposals.map(\.status) == ["dropped"])
            let ritaList = "/requests/\(scene.request.id.rawValue)/matching-proposals"
            #expect(try await client.send(.get, ritaList, token: rita).json(ProposalPageWire.self).items.isEmpty)

            let direct = try await client.send(.post, runs, token: cora, idempotencyKey: "direct-1").json(ReviewedRunWire.self)
            #expect(direct.sentAt != nil && direct.proposals.map(\.status) == ["open"])
            #expect(try await client.send(.get, ritaList, token: rita).json(ProposalPageWire.self).items.map(\.status) == ["open"])
        }
    }

    // Proves POST /requests/{id}/matching-proposals by the network's coordinator answers 201 with
    // an open proposal of a current suggestion that the requester sees; the same pair again is
    // 409, an offer that is not a suggestion 400, a plain member 403, another network's member
    // 404, and the answer never carries the request's description.
    @Test func proposeAMatch() async throws {
        let scene = try await Scene()
        defer { scene.fixture.remove() }
        try await scene.fixture.application().test(.router) { client in
            let (cora, rita, ned, olu) = try await Self.logIns(client, scene)
            let path = "/requests/\(scene.request.id.rawValue)/matching-proposals"
            let body = #"{"offerID": \#(scene.offer.id.rawValue)}"#
            #expect(try await client.send(.post, path, json: body, token: ned, idempotencyKey: "p-ned").status == .forbidden)
            #expect(try await client.send(.post, path, json: body, token: olu, idempotencyKey: "p-olu").status == .notFound)
            let coaching = #"{"offerID": \#(scene.coaching.id.rawValue)}"#
            #expect(try await client.send(.post, path, json: coaching, token: cora, idempotencyKey: "p-0").status
                == .badRequest)
            let created = try await client.send(.post, path, json: body, token: cora, idempotencyKey: "p-1")
            #expect(created.status == .created)
            #expect(!MatchingAPITests.text(created).contains("zebra"))
            let proposal = try created.json(ProposalWire.self)
            #expect(proposal.status == "open" && proposal.offerID == scene.offer.id.rawValue)
            let replayed = try await client.send(.post, path, json: body, token: cora, idempotencyKey: "p-1")
            #expect(try replayed.json(ProposalWire.self).proposalID == proposal.proposalID)
            #expect(try await client.send(.get, path, token: rita).json(ProposalPageWire.self).items.map(\.proposalID)
                == [proposal.proposalID])
            #expect(try await client.send(.post, path, json: body, token: cora, idempotencyKey: "p-2").status == .conflict)
        }
    }
}
