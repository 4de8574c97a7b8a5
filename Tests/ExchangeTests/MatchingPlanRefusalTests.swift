import Matching
import Testing
@testable import Exchange

@Suite struct MatchingPlanRefusalTests {
    // Proves: what the exact solver may throw becomes a domain refusal (invalidState, a 409 with
    // words for the coordinator) instead of an unmapped error, and that the mapping does not
    // swallow errors it does not know.
    @Test func solverErrorsBecomeDomainRefusals() throws {
        guard case .invalidState(let search)? = MatchingPlan.refusal(
            for: GeneralAssignmentError.searchNodeLimitExceeded(limit: 100_000))
        else { Issue.record("the search limit is not refused as invalidState"); return }
        #expect(search.contains("100000 search steps"))
        guard case .invalidState(let size)? = MatchingPlan.refusal(
            for: GeneralAssignmentProblemError.edgeCountOutOfRange(60_000_000))
        else { Issue.record("a problem beyond the limits is not refused as invalidState"); return }
        #expect(size.contains("limits"))
        #expect(MatchingPlan.refusal(for: ExchangeError.idempotencyKeyReused) == nil)
    }
}
