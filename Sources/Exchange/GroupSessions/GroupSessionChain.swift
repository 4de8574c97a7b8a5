import Ledger

/// The transfers that pay a group session's facilitator: pure, from stored fields only.
enum GroupSessionChain {
    /// Each participant's share of `minutes`: ⌊minutes / n⌋, and one more for the first
    /// `minutes mod n` participants, so the shares sum exactly to `minutes`.
    static func shares(minutes: Int64, participants: Int) -> [Int64] {
        precondition(participants > 0 && minutes > 0)
        let count = Int64(participants)
        let base = minutes / count
        let remainder = minutes % count
        let shares = (0..<count).map { base + ($0 < remainder ? 1 : 0) }
        precondition(shares.reduce(0, +) == minutes, "the shares sum to the session's minutes")
        return shares
    }

    /// One linked chain (the last transfer unlinked). A split session is paid by the
    /// participants who joined; zero shares (more participants than minutes) are skipped and
    /// their ids in the block stay unused.
    static func commands(for session: GroupSession, network: Network,
                         accounts: [MemberID: AccountID]) -> [TransferCommand] {
        guard let facilitator = accounts[session.facilitatorID] else {
            preconditionFailure("the facilitator has an account")
        }
        var legs: [(offset: Int64, debit: AccountID, minutes: Int64)] = []
        switch session.payment {
        case .community:
            legs = [(0, network.communityAccountID, session.durationMinutes)]
        case .split:
            // Only the participants who joined pay; they are at most the invited, so the ids fit.
            let shares = shares(minutes: session.durationMinutes, participants: session.joinedParticipantIDs.count)
            for (index, participant) in session.joinedParticipantIDs.enumerated() where shares[index] > 0 {
                guard let debit = accounts[participant] else { preconditionFailure("every participant has an account") }
                legs.append((Int64(index), debit, shares[index]))
            }
        }
        precondition(legs.allSatisfy { $0.offset < Int64(session.transferCount) }, "the chain fits its id block")
        return legs.enumerated().map { position, leg in
            TransferCommand(
                id: TransferID(session.firstTransferID.rawValue + leg.offset), networkID: session.networkID,
                kind: .single(debit: leg.debit, credit: facilitator, amountMinutes: leg.minutes),
                code: .groupSession, reference: session.id.rawValue, linked: position < legs.count - 1)
        }
    }
}
