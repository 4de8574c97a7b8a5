import Foundation
import Ledger

public enum GroupSessionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case scheduled, completed, cancelled
}

public struct GroupSessionDraft: Sendable, Hashable, Codable {
    public var networkID: NetworkID
    /// nil: the actor facilitates. A coordinator may name another member of the network.
    public var facilitatorID: MemberID?
    public var title: String
    public var scheduledStart: Date
    public var durationMinutes: Int64
    public var participantIDs: [MemberID]

    public init(networkID: NetworkID, facilitatorID: MemberID? = nil, title: String, scheduledStart: Date,
                durationMinutes: Int64, participantIDs: [MemberID]) {
        self.networkID = networkID
        self.facilitatorID = facilitatorID
        self.title = title
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
        self.participantIDs = participantIDs
    }
}

/// One facilitator, many participants; completing it pays the facilitator as one linked chain
/// whose transfer ids are the block `firstTransferID ..< firstTransferID + transferCount`.
public struct GroupSession: Sendable, Hashable, Codable {
    public var id: GroupSessionID
    public var networkID: NetworkID
    public var facilitatorID: MemberID
    public var title: String
    public var scheduledStart: Date
    public var durationMinutes: Int64
    /// The members invited when it was scheduled: sorted by id, distinct, without the facilitator.
    public var participantIDs: [MemberID]
    /// The invited members who have joined (and not left): sorted, a subset of `participantIDs`.
    /// Only they are charged (split payment) and they are the attendance list (community payment).
    public var joinedParticipantIDs: [MemberID]
    /// The network's policy when the session was created: fixed so a retry resends the same chain.
    public var payment: GroupSessionPayment
    public var status: GroupSessionStatus
    public var firstTransferID: TransferID
    public var transferCount: Int
    public var completedAt: Date?
    public var createdAt: Date
    public var version: Int64

    public init(
        id: GroupSessionID, networkID: NetworkID, facilitatorID: MemberID, title: String, scheduledStart: Date,
        durationMinutes: Int64, participantIDs: [MemberID], payment: GroupSessionPayment,
        firstTransferID: TransferID, transferCount: Int, createdAt: Date
    ) {
        self.id = id
        self.networkID = networkID
        self.facilitatorID = facilitatorID
        self.title = title
        self.scheduledStart = scheduledStart
        self.durationMinutes = durationMinutes
        self.participantIDs = participantIDs
        joinedParticipantIDs = []
        self.payment = payment
        status = .scheduled
        self.firstTransferID = firstTransferID
        self.transferCount = transferCount
        completedAt = nil
        self.createdAt = createdAt
        version = 1
    }
}
