import Exchange
import Foundation
import Ledger
import Matching

/// Conversions from the matching domain to the generated wire types. Only ids, scores and
/// their parts cross: none of these types has a place for a request's description.
enum MatchingWire {
    static func parts(_ parts: ScoreParts) -> Components.Schemas.ScoreParts {
        .init(
            topicOverlap: Int32(clamping: parts.topicOverlap), availabilityOverlap: Int32(clamping: parts.availabilityOverlap),
            professionPreference: Int32(clamping: parts.professionPreference),
            careerStagePreference: Int32(clamping: parts.careerStagePreference), history: Int32(clamping: parts.history),
            loadFairness: Int32(clamping: parts.loadFairness), balanceFairness: Int32(clamping: parts.balanceFairness),
            imbalanceReduction: Int32(clamping: parts.imbalanceReduction))
    }

    static func filter(_ filter: MatchingFilter) -> Components.Schemas.MatchingFilter {
        switch filter {
        case .capacity: .capacity
        case .isSelf: ._self
        case .excludedMember: .excludedMember
        case .ownOrganisation: .ownOrganisation
        case .kind: .kind
        case .language: .language
        case .mode: .mode
        case .visibility: .visibility
        case .blockedPair: .blockedPair
        case .disputedPair: .disputedPair
        case .availability: .availability
        }
    }

    /// `excluded` is present exactly when an explanation was asked for.
    static func suggestions(_ answer: RequestSuggestions, explain: Bool) -> Components.Schemas.RequestSuggestions {
        .init(
            requestID: answer.requestID.rawValue,
            suggestions: answer.suggestions.map { suggestion in
                .init(offerID: suggestion.offerID.rawValue, supporterID: suggestion.supporterID.rawValue,
                      networkID: suggestion.networkID.rawValue, score: Int32(clamping: suggestion.score),
                      parts: parts(suggestion.parts), overlapMinutes: Int32(clamping: suggestion.overlapMinutes),
                      longestOverlapMinutes: Int32(clamping: suggestion.longestOverlapMinutes),
                      givenMinutesPastYear: suggestion.givenMinutesPastYear)
            },
            excluded: !explain ? nil : answer.excluded.map { candidate in
                .init(offerID: candidate.offerID.rawValue, supporterID: candidate.supporterID.rawValue,
                      filter: filter(candidate.filter), score: Int32(clamping: candidate.score), parts: parts(candidate.parts))
            })
    }

    static func status(_ status: MatchingProposalStatus) -> Components.Schemas.MatchingProposalStatus {
        switch status {
        case .open: .open
        case .accepted: .accepted
        case .declined: .declined
        case .drafted: .drafted
        case .dropped: .dropped
        case .skipped: .skipped
        }
    }

    static func skipReason(_ reason: MatchingSkipReason) -> Components.Schemas.MatchingSkipReason {
        switch reason {
        case .requestNotOpen: .requestNotOpen
        case .offerNotActive: .offerNotActive
        case .alreadyProposed: .alreadyProposed
        case .requestTaken: .requestTaken
        }
    }

    static func summary(_ run: MatchingRunSummary) -> Components.Schemas.MatchingRunSummary {
        let count = { (status: MatchingProposalStatus) in Int32(clamping: run.proposalCounts[status] ?? 0) }
        return .init(
            runID: run.id.rawValue, networkID: run.networkID.rawValue, createdBy: run.createdByID.rawValue,
            createdAt: run.createdAt, requestCount: Int32(clamping: run.requestCount),
            offerCount: Int32(clamping: run.offerCount), proposalCount: Int32(clamping: run.proposalCount),
            sentCount: Int32(clamping: run.sentCount), draftedCount: count(.drafted), droppedCount: count(.dropped),
            skippedCount: count(.skipped), sentAt: run.sentAt, sentBy: run.sentByID?.rawValue)
    }

    static func proposal(_ proposal: MatchingProposal) -> Components.Schemas.MatchingProposal {
        .init(
            proposalID: proposal.id.rawValue, runID: proposal.runID.rawValue, networkID: proposal.networkID.rawValue,
            requestID: proposal.requestID.rawValue, offerID: proposal.offerID.rawValue,
            requesterID: proposal.requesterID.rawValue, supporterID: proposal.supporterID.rawValue,
            score: Int32(clamping: proposal.score), parts: parts(proposal.parts), status: status(proposal.status),
            exchangeID: proposal.exchangeID?.rawValue, decidedAt: proposal.decidedAt,
            skipReason: proposal.skipReason.map(skipReason))
    }

    static func run(_ run: MatchingRun) -> Components.Schemas.MatchingRun {
        .init(
            runID: run.id.rawValue, networkID: run.networkID.rawValue, createdBy: run.createdByID.rawValue,
            createdAt: run.createdAt, requestCount: Int32(clamping: run.requestCount),
            offerCount: Int32(clamping: run.offerCount), totalScore: Int64(run.totalScore), objective: Int64(run.objective),
            proposals: run.proposals.map(proposal), sentAt: run.sentAt, sentBy: run.sentByID?.rawValue)
    }
}
