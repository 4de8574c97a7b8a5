import Exchange
import Foundation
import Ledger

/// Group sessions over `Exchange.GroupSessionService`: schedule, read, complete (pays the
/// facilitator as one linked chain; a ledger refusal is its own problem type), cancel.
extension APIHandlers {
    func createGroupSession(_ input: Operations.CreateGroupSession.Input) async throws -> Operations.CreateGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        guard case .json(let body) = input.body else { throw Problem.unsupportedMediaType("Send application/json.") }
        let session = try await exchange.groupSessions.createGroupSession(actor, ExchangeWire.groupSessionDraft(body))
        return .created(.init(body: .json(ExchangeWire.groupSession(session))))
    }

    func getGroupSession(_ input: Operations.GetGroupSession.Input) async throws -> Operations.GetGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        let session = try await exchange.groupSessions.groupSession(actor, GroupSessionID(input.path.groupSessionID))
        return .ok(.init(body: .json(ExchangeWire.groupSession(session))))
    }

    func completeGroupSession(_ input: Operations.CompleteGroupSession.Input) async throws -> Operations.CompleteGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        let session = try await exchange.groupSessions.complete(actor, GroupSessionID(input.path.groupSessionID))
        return .ok(.init(body: .json(ExchangeWire.groupSession(session))))
    }

    /// An invited participant joins (before the start); again answers the same.
    func joinGroupSession(_ input: Operations.JoinGroupSession.Input) async throws -> Operations.JoinGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        let session = try await exchange.groupSessions.join(actor, GroupSessionID(input.path.groupSessionID))
        return .ok(.init(body: .json(ExchangeWire.groupSession(session))))
    }

    /// A participant who joined leaves (before the start); again answers the same.
    func leaveGroupSession(_ input: Operations.LeaveGroupSession.Input) async throws -> Operations.LeaveGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        let session = try await exchange.groupSessions.leave(actor, GroupSessionID(input.path.groupSessionID))
        return .ok(.init(body: .json(ExchangeWire.groupSession(session))))
    }

    /// The facilitator or a coordinator of the session's network; nothing moves in the ledger.
    func cancelGroupSession(_ input: Operations.CancelGroupSession.Input) async throws -> Operations.CancelGroupSession.Output {
        let actor = try RequestScope.required.requireActor()
        let session = try await exchange.groupSessions.cancel(actor, GroupSessionID(input.path.groupSessionID))
        return .ok(.init(body: .json(ExchangeWire.groupSession(session))))
    }
}
