import Foundation
import Ledger

/// The member's statements: every ledger entry of each of their accounts, as `AccountService`
/// reads a statement (the same lines, the same correction reasons), with the other side of each
/// transfer and the posted balance after it.
extension AccessExportService {
    func statements(_ memberID: MemberID, _ joined: [Membership], names: inout AccessExportNames) async throws
        -> [AccessExportStatement]
    {
        var statements: [AccessExportStatement] = []
        var accountsRead: [AccountID: Account] = [:]
        for membership in joined where membership.joinedAt != nil {
            let account = membership.ledgerAccountID
            guard try await context.ledger.account(account) != nil else { continue }
            let read = try await AccessExportPaging.collect { (last: StatementEntry?, limit) in
                try await self.context.ledger.statement(of: account, afterSequence: last?.sequence, limit: limit)
            }
            var entries: [AccessExportLedgerEntry] = []
            var balanceMinutes: Int64 = 0
            for entry in read.items {
                var line = StatementLine(entry: entry, account: account)
                if line.reversesTransferID != nil { line.correctionReason = try await accounts.correctionReason(entry.transfer) }
                let otherID = entry.transfer.debitAccountID == account ? entry.transfer.creditAccountID : entry.transfer.debitAccountID
                if accountsRead[otherID] == nil, accountsRead.count < AccessExportLimits.rowsMax {
                    accountsRead[otherID] = try await context.ledger.account(otherID)
                }
                let otherSide = try await Self.otherSide(accountsRead[otherID], names: &names)
                if line.movesBalance { balanceMinutes += line.direction == .credit ? line.amountMinutes : -line.amountMinutes }
                entries.append(Self.entry(line, otherSide: otherSide, balanceAfterMinutes: balanceMinutes))
            }
            statements.append(AccessExportStatement(
                networkID: membership.networkID.rawValue, network: try await names.network(membership.networkID),
                entries: AccessExportSection(items: entries, truncated: read.truncated)))
        }
        return statements
    }

    static func entry(_ line: StatementLine, otherSide: String, balanceAfterMinutes: Int64) -> AccessExportLedgerEntry {
        var purpose: String
        var exchangeID: Int64?
        var groupSessionID: Int64?
        switch line.purpose {
        case .exchange(let id): purpose = "exchange"; exchangeID = id.rawValue
        case .groupSession(let id): purpose = "group_session"; groupSessionID = id.rawValue
        case .welcomeGrant: purpose = "welcome_grant"
        case .other(let code): purpose = code
        }
        let state = switch line.kind {
        case "pending": "pending"
        case "void_pending": "voided"
        default: "posted"
        }
        return AccessExportLedgerEntry(
            at: line.at, transferID: line.transferID.rawValue, state: state, direction: line.direction.rawValue,
            minutes: line.amountMinutes, purpose: purpose, exchangeID: exchangeID, groupSessionID: groupSessionID,
            otherSide: otherSide, balanceAfterMinutes: balanceAfterMinutes, correctionReason: line.correctionReason)
    }

    /// A member's account by their display name; the network's own accounts by their role.
    static func otherSide(_ account: Account?, names: inout AccessExportNames) async throws -> String {
        guard let account else { return "an account no longer known" }
        switch account.kind {
        case .member:
            let memberID = MemberID(account.reference)
            try await names.load([memberID])
            return names.name(memberID)
        case .community: return "community account"
        case .correction: return "correction account"
        case .clearing: return "clearing account with \(try await names.network(NetworkID(account.reference)))"
        }
    }
}
