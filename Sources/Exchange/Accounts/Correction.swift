import Foundation
import Ledger

/// A coordinator's correction: a reversing transfer in the ledger that names the transfer it
/// corrects and moves (all or part of) its minutes back, with the reason, who and when.
public struct Correction: Sendable, Hashable, Codable {
    public var id: CorrectionID
    public var networkID: NetworkID
    /// The transfer corrected (posted, in this network).
    public var correctedTransferID: TransferID
    /// The reversing transfer's id, allocated with the row before the ledger is asked.
    public var reversalTransferID: TransferID
    public var minutes: Int64
    public var reason: String
    public var createdByID: MemberID
    public var createdAt: Date
    /// False until the ledger accepted the reversal (a crash in between leaves it false; the
    /// same request again completes it).
    public var applied: Bool

    public init(id: CorrectionID, networkID: NetworkID, correctedTransferID: TransferID, reversalTransferID: TransferID,
                minutes: Int64, reason: String, createdByID: MemberID, createdAt: Date, applied: Bool) {
        self.id = id
        self.networkID = networkID
        self.correctedTransferID = correctedTransferID
        self.reversalTransferID = reversalTransferID
        self.minutes = minutes
        self.reason = reason
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.applied = applied
    }
}

/// What a coordinator asks: correct this transfer by this many minutes (nil: all of the
/// transfer's minutes, which the ledger refuses once any part of it was corrected).
public struct CorrectionDraft: Sendable, Hashable, Codable {
    public var transferID: TransferID
    public var minutes: Int64?
    public var reason: String

    public init(transferID: TransferID, minutes: Int64? = nil, reason: String) {
        self.transferID = transferID
        self.minutes = minutes
        self.reason = reason
    }
}

/// Corrections by a network's coordinators (administrators too). A coordinator may not correct
/// a transfer to or from their own account. The ledger enforces the rest: only a posted
/// transfer, never more than what is left of it, the accounts exactly swapped.
public final class CorrectionService: Sendable {
    let context: ServiceContext
    let corrections: any CorrectionRepository
    let memberships: any MembershipRepository

    init(context: ServiceContext, corrections: any CorrectionRepository, memberships: any MembershipRepository) {
        self.context = context
        self.corrections = corrections
        self.memberships = memberships
    }
    public static let reasonLengthMax = 500

    /// A retry of a keyed correction answers the one the first attempt made (finishing it, when
    /// the first attempt stopped before the ledger accepted the reversal).
    public func correct(_ actor: Actor, networkID: NetworkID, _ draft: CorrectionDraft) async throws -> Correction {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        if let earlier = try await context.earlierCreation(actor, .correction),
           let made = try await corrections.correction(CorrectionID(earlier)), made.applied {
            return made
        }
        try Validate.text(draft.reason, field: "reason", length: 1...Self.reasonLengthMax)
        if let minutes = draft.minutes { try Validate.range(minutes, field: "minutes", 1...Int64(Int32.max)) }
        guard let original = try await context.ledger.transfer(draft.transferID), original.command.networkID == networkID else {
            throw ExchangeError.notFound("transfer \(draft.transferID) in network \(networkID)")
        }
        if let own = try await memberships.membership(memberID: actor.memberID, networkID: networkID),
            [original.debitAccountID, original.creditAccountID].contains(own.ledgerAccountID)
        {
            throw ExchangeError.forbidden("a coordinator may not correct a transfer to or from their own account")
        }
        for id in [original.debitAccountID, original.creditAccountID] where try await context.ledger.account(id)?.kind == .clearing {
            // One side alone would leave the pair's clearing accounts no longer summing to zero.
            throw ExchangeError.invalidState(
                "a cross-network transfer cannot be corrected on one side: its pair in the partner network would stay")
        }
        let minutes = draft.minutes ?? original.amountMinutes
        // The same correction interrupted before (a crash between the row and the ledger, or
        // before the row was marked): finish that one rather than reverse twice.
        let interrupted = try await corrections.unappliedCorrections(transferID: draft.transferID).first {
            $0.createdByID == actor.memberID && $0.minutes == minutes && $0.reason == draft.reason
        }
        var correction: Correction
        if let interrupted {
            correction = interrupted
        } else {
            let now = context.now()
            correction = try await corrections.insertCorrection(
                Correction(
                    id: CorrectionID(0), networkID: networkID, correctedTransferID: draft.transferID,
                    reversalTransferID: TransferID(0), minutes: minutes, reason: draft.reason, createdByID: actor.memberID,
                    createdAt: now, applied: false),
                keyed: context.creationRecord(actor, .correction, at: now))
        }
        let reversal = TransferCommand(
            id: correction.reversalTransferID, networkID: networkID,
            kind: .single(debit: original.creditAccountID, credit: original.debitAccountID, amountMinutes: minutes),
            code: .correction, reference: correction.id.rawValue, reversesID: draft.transferID)
        if case .refused(let code, _) = try await context.ledger.submit([reversal]) {
            // Nothing moved: the row goes, so the list holds only corrections the ledger made.
            try await corrections.deleteCorrection(correction.id)
            throw ExchangeError.ledgerRefused(code, "the correction was refused")
        }
        correction = try await corrections.markCorrectionApplied(
            correction.id,
            audit: [context.auditEvent(actor, .correctionMade, network: networkID, subject: correction.id.rawValue,
                                       detail: draft.reason)])
        context.logger.info("correction made", metadata: ["network": "\(networkID)", "correction": "\(correction.id)"])
        return correction
    }

    /// The network's corrections, oldest first: its coordinators and administrators.
    public func corrections(_ actor: Actor, networkID: NetworkID, page: PageRequest = PageRequest()) async throws -> Page<Correction> {
        try await context.access.requireCoordinatorOrAdministrator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "corrections").map { CorrectionID($0) }
        let fetched = try await corrections.corrections(networkID: networkID, afterID: after, limit: size + 1)
        return Cursor.page(fetched, size: size, list: "corrections") { $0.id.rawValue }
    }
}
