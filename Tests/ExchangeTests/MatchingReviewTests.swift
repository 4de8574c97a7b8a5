import Foundation
import Ledger
import Testing
@testable import Exchange

@Suite struct MatchingReviewTests {
    typealias Scene = MatchingRunTests.Scene

    func requester(_ scene: Scene, of proposal: MatchingProposal) throws -> Actor {
        try #require(scene.requesters.first { $0.memberID == proposal.requesterID })
    }

    func auditActions(_ scene: Scene) async throws -> [AuditAction] {
        try await scene.world.domain.audit.trail(scene.coordinator, networkID: scene.network.id, page: PageRequest(size: 100))
            .items.map(\.action)
    }

    // Proves a run made for review stores its proposals drafted and unsent, that the network's
    // coordinator reads them, and that requesters see none of them: not in their request's
    // proposals, and accepting or declining one is told it does not exist.
    @Test func draftsAreHiddenFromRequesters() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let matching = scene.world.domain.matching
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id, review: true)
        #expect(run.proposals.count == 3 && run.proposals.allSatisfy { $0.status == .drafted })
        #expect(run.sentAt == nil && run.sentByID == nil)
        #expect(try await matching.matchingRun(scene.coordinator, run.id) == run)
        #expect(try await auditActions(scene).filter { $0 == .matchingRunViewed }.count == 1, "reading a run is audited")
        for proposal in run.proposals {
            let requester = try requester(scene, of: proposal)
            #expect(try await matching.proposals(requester, requestID: proposal.requestID).items.isEmpty)
            #expect(try await matching.proposals(scene.coordinator, requestID: proposal.requestID).items.map(\.id) == [proposal.id])
            #expect(await refusal { _ = try await matching.declineProposal(requester, proposal.id) }?.isNotFound == true)
            #expect(await refusal {
                _ = try await matching.acceptProposal(requester, proposal.id, scheduledStart: scene.world.now.addingTimeInterval(86_400))
            }?.isNotFound == true)
        }
        let summaries = try await matching.matchingRuns(scene.coordinator, networkID: scene.network.id).items
        #expect(summaries.map(\.id) == [run.id] && summaries[0].proposalCounts == [.drafted: 3] && summaries[0].sentCount == 0)
    }

    // Proves a coordinator drops one drafted proposal and sends the rest in one step: the dropped
    // one never reaches its requester, the others are open to theirs, both steps are audited,
    // and sending again or dropping after sending is a conflict.
    @Test func dropThenSend() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let matching = scene.world.domain.matching
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id, review: true)
        let dropped = try await matching.dropProposal(scene.coordinator, run.proposals[0].id)
        #expect(dropped.status == .dropped)
        #expect(await refusal { _ = try await matching.dropProposal(scene.coordinator, run.proposals[0].id) }?.isConflict == true)
        let sent = try await matching.sendRun(scene.coordinator, run.id)
        #expect(sent.sentAt != nil && sent.sentByID == scene.coordinator.memberID)
        #expect(sent.proposals.map(\.status) == [.dropped, .open, .open])
        let droppedRequester = try requester(scene, of: run.proposals[0])
        #expect(try await matching.proposals(droppedRequester, requestID: run.proposals[0].requestID).items.isEmpty)
        for proposal in sent.proposals.dropFirst() {
            let seen = try await matching.proposals(try requester(scene, of: proposal), requestID: proposal.requestID).items
            #expect(seen.map(\.id) == [proposal.id] && seen[0].status == .open)
        }
        _ = try await matching.declineProposal(try requester(scene, of: sent.proposals[1]), sent.proposals[1].id)
        #expect(await refusal { _ = try await matching.sendRun(scene.coordinator, run.id) }?.isConflict == true)
        #expect(await refusal { _ = try await matching.dropProposal(scene.coordinator, run.proposals[2].id) }?.isConflict == true)
        let actions = try await auditActions(scene)
        #expect(actions.filter { $0 == .matchingProposalDropped }.count == 1 && actions.filter { $0 == .matchingRunSent }.count == 1)
        let summary = try #require(try await matching.matchingRuns(scene.coordinator, networkID: scene.network.id).items.first)
        #expect(summary.proposalCounts == [.dropped: 1, .open: 1, .declined: 1] && summary.sentCount == 2)
    }

    // Proves what went stale between the run and its sending is skipped with its reason, the
    // rest sent: a withdrawn request, a paused offer, and pairs another run has since proposed.
    @Test func staleProposalsAreSkipped() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let domain = scene.world.domain
        let run = try await domain.matching.runMatching(scene.coordinator, networkID: scene.network.id, review: true)
        let samProposal = try #require(run.proposals.first { $0.offerID == scene.samOffer.id })
        let leeProposals = run.proposals.filter { $0.offerID == scene.leeOffer.id }
        #expect(leeProposals.count == 2)
        _ = try await domain.requests.withdrawRequest(try requester(scene, of: leeProposals[0]), leeProposals[0].requestID)
        _ = try await domain.offers.setOfferStatus(scene.sam, scene.samOffer.id, .paused)
        let sent = try await domain.matching.sendRun(scene.coordinator, run.id)
        let byID = Dictionary(uniqueKeysWithValues: sent.proposals.map { ($0.id, $0) })
        #expect(byID[leeProposals[0].id]?.status == .skipped && byID[leeProposals[0].id]?.skipReason == .requestNotOpen)
        #expect(byID[samProposal.id]?.status == .skipped && byID[samProposal.id]?.skipReason == .offerNotActive)
        #expect(byID[leeProposals[1].id]?.status == .open && byID[leeProposals[1].id]?.skipReason == nil)

        // A draft whose pairs a run sent at once has proposed meanwhile: every one skipped.
        let draft = try await domain.matching.runMatching(scene.coordinator, networkID: scene.network.id, review: true)
        _ = try await domain.offers.setOfferStatus(scene.sam, scene.samOffer.id, .active)
        let other = try await domain.matching.runMatching(scene.coordinator, networkID: scene.network.id)
        #expect(!other.proposals.isEmpty)
        let draftSent = try await domain.matching.sendRun(scene.coordinator, draft.id)
        let otherPairs = Set(other.proposals.map { RequestOfferPair(requestID: $0.requestID, offerID: $0.offerID) })
        for proposal in draftSent.proposals where otherPairs.contains(RequestOfferPair(requestID: proposal.requestID, offerID: proposal.offerID)) {
            #expect(proposal.status == .skipped && proposal.skipReason == .alreadyProposed)
        }
    }

    // Proves only the network's coordinators make, read, drop from and send a run for review:
    // a plain member is refused (403) and someone outside the network is told it does not exist.
    @Test func onlyCoordinatorsReview() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let matching = scene.world.domain.matching
        let other = try await scene.world.network("south-wellbeing")
        let outsider = try await scene.world.member("Ola", in: other, role: .coordinator)
        let member = scene.requesters[0]
        #expect(await refusal { _ = try await matching.runMatching(member, networkID: scene.network.id, review: true) }?.isForbidden == true)
        let run = try await matching.runMatching(scene.coordinator, networkID: scene.network.id, review: true)
        #expect(await refusal { _ = try await matching.matchingRun(member, run.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await matching.matchingRun(outsider, run.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await matching.dropProposal(member, run.proposals[0].id) }?.isForbidden == true)
        #expect(await refusal { _ = try await matching.dropProposal(outsider, run.proposals[0].id) }?.isNotFound == true)
        #expect(await refusal { _ = try await matching.sendRun(member, run.id) }?.isForbidden == true)
        #expect(await refusal { _ = try await matching.sendRun(outsider, run.id) }?.isNotFound == true)
        #expect(await refusal { _ = try await matching.matchingRuns(outsider, networkID: scene.network.id) }?.isNotFound == true)
        #expect(try await matching.matchingRun(scene.coordinator, run.id).proposals.allSatisfy { $0.status == .drafted })
    }

    // Proves a coordinator proposes one of a request's current suggestions as an open proposal
    // the requester sees (audited), and is refused the same pair twice (409), an offer that is
    // not a current suggestion (422 on offerID), and a closed request; a plain member may not
    // propose and an outsider is told the request does not exist.
    @Test func proposeMatchRules() async throws {
        let scene = try await Scene()
        defer { scene.world.remove() }
        let matching = scene.world.domain.matching
        let request = scene.requests[0], requester = scene.requesters[0]
        let proposal = try await matching.proposeMatch(scene.coordinator, requestID: request.id, offerID: scene.samOffer.id)
        #expect(proposal.status == .open && proposal.requesterID == requester.memberID && proposal.supporterID == scene.sam.memberID)
        #expect(try await matching.proposals(requester, requestID: request.id).items.map(\.id) == [proposal.id])
        #expect(try await auditActions(scene).contains(.matchProposed))
        #expect(await refusal {
            _ = try await matching.proposeMatch(scene.coordinator, requestID: request.id, offerID: scene.samOffer.id)
        }?.isConflict == true)
        let own = try await scene.world.offer(requester, in: scene.network)
        #expect(await refusal {
            _ = try await matching.proposeMatch(scene.coordinator, requestID: request.id, offerID: own.id)
        }?.validationField == "offerID")
        #expect(await refusal {
            _ = try await matching.proposeMatch(scene.requesters[1], requestID: request.id, offerID: scene.leeOffer.id)
        }?.isForbidden == true)
        let other = try await scene.world.network("south-wellbeing")
        let outsider = try await scene.world.member("Ola", in: other, role: .coordinator)
        #expect(await refusal {
            _ = try await matching.proposeMatch(outsider, requestID: request.id, offerID: scene.leeOffer.id)
        }?.isNotFound == true)
        let closed = scene.requests[1]
        _ = try await scene.world.domain.requests.withdrawRequest(scene.requesters[1], closed.id)
        #expect(await refusal {
            _ = try await matching.proposeMatch(scene.coordinator, requestID: closed.id, offerID: scene.leeOffer.id)
        }?.isInvalidState == true)
        _ = try await matching.acceptProposal(requester, proposal.id, scheduledStart: scene.world.now.addingTimeInterval(86_400))
    }
}
