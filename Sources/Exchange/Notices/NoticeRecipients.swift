import Foundation
import Ledger
import Outbox

/// A network's coordinator, as a notice to coordinators is addressed: the coordinator and the
/// network they coordinate (its name and pages).
public struct NoticeCoordinator: Sendable, Hashable {
    public var memberID: MemberID
    public var networkID: NetworkID

    public init(memberID: MemberID, networkID: NetworkID) {
        self.memberID = memberID
        self.networkID = networkID
    }
}

public enum NoticeRecipients {
    /// Active coordinators read per network for one change: more are not written to (the
    /// change's drafts are capped at `OutboxLimits.draftsPerChangeMax`).
    public static let coordinatorsPerNetworkMax = OutboxLimits.draftsPerChangeMax

    /// `coordinators` without `excluded` members and repeats (a member coordinating both
    /// networks gets one notice, for the first), at most `limit`.
    public static func coordinators(_ coordinators: [NoticeCoordinator], excluding excluded: Set<MemberID>,
                                    limit: Int) -> [NoticeCoordinator] {
        precondition(limit >= 0)
        var seen = excluded
        var kept: [NoticeCoordinator] = []
        for coordinator in coordinators where kept.count < limit && seen.insert(coordinator.memberID).inserted {
            kept.append(coordinator)
        }
        return kept
    }
}

extension MembershipRepository {
    /// The active coordinators of these networks, each network's in member id order (at most
    /// `NoticeRecipients.coordinatorsPerNetworkMax` each): read before the change that tells them.
    public func activeCoordinators(of networkIDs: [NetworkID]) async throws -> [NoticeCoordinator] {
        var coordinators: [NoticeCoordinator] = []
        for networkID in networkIDs {
            let ids = try await activeCoordinatorIDs(of: networkID, limit: NoticeRecipients.coordinatorsPerNetworkMax)
            coordinators += ids.map { NoticeCoordinator(memberID: $0, networkID: networkID) }
        }
        return coordinators
    }
}
