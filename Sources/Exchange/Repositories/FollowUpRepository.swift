import Foundation
import Ledger

/// The reads behind coordinators' follow-up lists (`FollowUpService`), each narrowed in its query
/// before the limit applies, in id order after the cursor's id.
public protocol FollowUpRepository: Sendable {
    /// Active members of the network who joined at or before `joinedBefore` and whose latest
    /// session in it (`DormantMember`) started before `inactiveSince`, or who have none.
    func dormantMembers(networkID: NetworkID, inactiveSince: Date, joinedBefore: Date, afterMemberID: MemberID?,
                        limit: Int) async throws -> [DormantMember]
    /// Accepted exchanges of the network (either side's) whose session ended at or before `endedBy`.
    func overdueExchanges(networkID: NetworkID, endedBy: Date, afterID: ExchangeID?, limit: Int) async throws
        -> [OverdueExchange]
    /// Open requests of the network created at or before `createdBy` with no proposal (`UnmatchedRequest`).
    func unmatchedRequests(networkID: NetworkID, createdBy: Date, afterID: RequestID?, limit: Int) async throws
        -> [UnmatchedRequest]
    /// Disputed exchanges of the network (either side's), in id order (`DisputedExchange`).
    func disputedExchanges(networkID: NetworkID, afterID: ExchangeID?, limit: Int) async throws -> [DisputedExchange]
}
