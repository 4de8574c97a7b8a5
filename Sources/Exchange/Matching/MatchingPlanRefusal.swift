import Matching

extension MatchingPlan {
    /// The domain refusal for a batch assignment the solver could not give: a run too large
    /// for the solver's limits, or (edge-level quotas only; the service's quotas partition the
    /// offers and never branch) a quota search beyond its node limit. A 409 with words a
    /// coordinator can act on, instead of an unmapped 500. Nil for any other error.
    package static func refusal(for error: any Error) -> ExchangeError? {
        switch error {
        case GeneralAssignmentError.searchNodeLimitExceeded(let limit):
            return .invalidState(
                "the partner quotas could not be resolved exactly within \(limit) search steps; "
                    + "run matching again with fewer open requests, or ask the partners about their quotas")
        case let problem as GeneralAssignmentProblemError:
            return .invalidState(
                "the run is beyond the matching solver's limits (\(problem)); close or pause some "
                    + "requests or offers and run matching again")
        default:
            return nil
        }
    }
}
