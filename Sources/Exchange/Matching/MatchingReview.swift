import Foundation
import Ledger

/// A coordinator's side of matching: the network's runs, reviewing a run made for review
/// (dropping proposals, sending the rest) and proposing one match by hand from a request's
/// suggestions. Every step is the network's coordinators' alone; anyone who is not a member of
/// the network is told the run, the proposal or the request does not exist.
extension MatchingService {
    /// The network's runs, newest first, with how many proposals stand in each status.
    public func matchingRuns(_ actor: Actor, networkID: NetworkID,
                             page: PageRequest = PageRequest()) async throws -> Page<MatchingRunSummary> {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        let before = try Cursor.decode(page.cursor, list: "matching-runs").map { MatchingRunID($0) }
        let fetched = try await matchingRuns.matchingRunSummaries(networkID: networkID, beforeID: before, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "matching-runs") { $0.id.rawValue }
    }

    /// One run with its proposals as they stand now (drafted ones included); each read is in the
    /// network's audit trail (`matching.run_viewed`).
    public func matchingRun(_ actor: Actor, _ id: MatchingRunID) async throws -> MatchingRun {
        guard let run = try await matchingRuns.matchingRun(id) else { throw ExchangeError.notFound("matching run \(id)") }
        do {
            _ = try await context.access.requireCoordinator(actor, of: run.networkID)
        } catch ExchangeError.notFound {
            throw ExchangeError.notFound("matching run \(id)")
        }
        // Its proposals name people and what they asked about: a read of them is in the trail.
        try await context.audit(actor, .matchingRunViewed, network: run.networkID, subject: id.rawValue)
        return run
    }

    /// A coordinator drops a drafted proposal before its run is sent (audited); it never
    /// reaches the requester.
    public func dropProposal(_ actor: Actor, _ id: MatchingProposalID) async throws -> MatchingProposal {
        guard let proposal = try await matchingRuns.matchingProposal(id) else {
            throw ExchangeError.notFound("matching proposal \(id)")
        }
        do {
            _ = try await context.access.requireCoordinator(actor, of: proposal.networkID)
        } catch ExchangeError.notFound {
            throw ExchangeError.notFound("matching proposal \(id)")
        }
        guard proposal.status == .drafted else {
            throw ExchangeError.conflict("the proposal is \(proposal.status.rawValue); only a drafted one is dropped")
        }
        let dropped = try await matchingRuns.dropMatchingProposal(id, audit: [context.auditEvent(
            actor, .matchingProposalDropped, network: proposal.networkID, member: proposal.requesterID,
            subject: id.rawValue, detail: "run \(proposal.runID)")])
        context.logger.info("matching proposal dropped", metadata: ["proposal": "\(id)", "run": "\(proposal.runID)"])
        return dropped
    }

    /// A coordinator sends a run made for review: in one transaction its drafted proposals become
    /// open — except those gone stale since the run (request no longer open, offer not active,
    /// the pair proposed or in an exchange already, another proposal on the request accepted),
    /// which are `skipped` with the reason. A run already sent is refused with `.conflict`.
    public func sendRun(_ actor: Actor, _ id: MatchingRunID) async throws -> MatchingRun {
        let run = try await matchingRun(actor, id)
        guard run.sentAt == nil else { throw ExchangeError.conflict("the matching run was sent already") }
        let drafted = run.proposals.filter { $0.status == .drafted }
        let skipped = try await staleReasons(drafted)
        let sent = try await matchingRuns.sendMatchingRun(
            id, skipped: skipped, sentByID: actor.memberID, at: context.now(),
            audit: [context.auditEvent(actor, .matchingRunSent, network: run.networkID, subject: id.rawValue,
                                       detail: "\(drafted.count - skipped.count) sent, \(skipped.count) skipped")])
        context.logger.info("matching run sent", metadata: [
            "run": "\(id)", "sent": "\(drafted.count - skipped.count)", "skipped": "\(skipped.count)",
        ])
        return sent
    }

    /// Why each of `proposals` could no longer be sent, for those that could not.
    private func staleReasons(_ proposals: [MatchingProposal]) async throws -> [MatchingProposalID: MatchingSkipReason] {
        let open = Set(try await tallies.openPairs(requestIDs: proposals.map(\.requestID)))
        var reasons: [MatchingProposalID: MatchingSkipReason] = [:]
        for proposal in proposals {
            if let reason = try await staleReason(proposal, openPairs: open) { reasons[proposal.id] = reason }
        }
        return reasons
    }

    private func staleReason(_ proposal: MatchingProposal, openPairs: Set<RequestOfferPair>) async throws -> MatchingSkipReason? {
        guard let request = try await requests.request(proposal.requestID), request.status == .open else { return .requestNotOpen }
        guard let offer = try await offers.offer(proposal.offerID), offer.status == .active else { return .offerNotActive }
        if openPairs.contains(RequestOfferPair(requestID: proposal.requestID, offerID: proposal.offerID)) { return .alreadyProposed }
        if try await matchingRuns.hasAcceptedProposal(requestID: proposal.requestID) { return .requestTaken }
        return nil
    }

    /// A coordinator of the request's network proposes one of its current suggestions to the
    /// requester: stored as a run of one open proposal, sent at once, audited. Refused with
    /// `.conflict` when the pair already has an open proposal or an exchange not yet ended, and
    /// as invalid when the offer is not among the request's current suggestions. A retry of a
    /// keyed proposal answers the proposal the first attempt stored.
    public func proposeMatch(_ actor: Actor, requestID: RequestID, offerID: OfferID) async throws -> MatchingProposal {
        if let earlier = try await context.earlierCreation(actor, .matchingRun) {
            guard let proposal = try await matchingRuns.matchingRun(MatchingRunID(earlier))?.proposals.first else {
                preconditionFailure("a keyed creation names a stored matching run of one proposal")
            }
            return proposal
        }
        guard let request = try await requests.request(requestID) else { throw ExchangeError.notFound("request \(requestID)") }
        do {
            _ = try await context.access.requireCoordinator(actor, of: request.networkID)
        } catch ExchangeError.notFound {
            throw ExchangeError.notFound("request \(requestID)")
        }
        let open = try await tallies.openPairs(requestIDs: [requestID])
        guard !open.contains(RequestOfferPair(requestID: requestID, offerID: offerID)) else {
            throw ExchangeError.conflict("this offer has an open proposal or session for the request already")
        }
        let answer = try await suggestions(actor, requestID, k: Self.suggestionCountMax)
        guard let suggestion = answer.suggestions.first(where: { $0.offerID == offerID }) else {
            throw ExchangeError.invalid("offerID", "is not among the request's current suggestions")
        }
        let now = context.now()
        let proposal = MatchingProposal(
            id: MatchingProposalID(0), runID: MatchingRunID(0), networkID: request.networkID, requestID: requestID,
            offerID: offerID, requesterID: request.requesterID, supporterID: suggestion.supporterID,
            score: suggestion.score, parts: suggestion.parts)
        let run = try await matchingRuns.insertMatchingRun(
            MatchingRun(id: MatchingRunID(0), networkID: request.networkID, createdByID: actor.memberID, createdAt: now,
                        requestCount: 1, offerCount: 1, totalScore: suggestion.score, objective: suggestion.score,
                        proposals: [proposal], sentAt: now, sentByID: actor.memberID),
            auditNewRow: [context.auditEvent(actor, .matchProposed, network: request.networkID, member: request.requesterID,
                                             detail: "request \(requestID), offer \(offerID)")],
            keyed: context.creationRecord(actor, .matchingRun, at: now))
        context.logger.info("match proposed", metadata: ["run": "\(run.id)", "request": "\(requestID)", "offer": "\(offerID)"])
        return run.proposals[0]
    }
}
