import Foundation
import Ledger
import Outbox

/// Every stored change of an exchange goes through `storeChange(_:from:…)`, which decides its notices
/// (`ExchangeNotices`, pure) from the exchange before and after, reads what they need (the
/// networks' coordinators, the offer's modes) before the commit, and hands them to the store to
/// write in the change's own transaction.
extension ExchangeService {
    /// Stores `next` (read as `before`) with the notices of the change, caused by `actorID`.
    func storeChange(_ next: PeerExchange, from before: PeerExchange, requestStatus: RequestStatus?,
               audit: [AuditEvent] = [], check: ExchangeCommitCheck = .none, actorID: MemberID? = nil) async throws -> PeerExchange {
        let notices = try await notices(from: before, to: next, version: next.version + 1, actorID: actorID)
        return try await exchanges.updateExchange(next, requestStatus: requestStatus, audit: audit, check: check, notices: notices)
    }

    /// The drafts of the change from `before` (nil: a new exchange) to `after`, stored as `version`.
    func notices(from before: PeerExchange?, to after: PeerExchange, version: Int64,
                 actorID: MemberID?) async throws -> [OutboxDraft] {
        guard let event = ExchangeNotices.event(from: before, to: after) else { return [] }
        let coordinators = event.concernsCoordinators ? try await memberships.activeCoordinators(of: after.networkIDs) : []
        let modes = event.describesMeeting ? try await offers.offer(after.offerID)?.details.modes ?? [] : []
        return ExchangeNotices.drafts(event, after, version: version, actorID: actorID, coordinators: coordinators,
                                      meetingModes: modes)
    }
}
