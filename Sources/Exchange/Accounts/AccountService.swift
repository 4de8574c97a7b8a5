import Foundation
import Ledger

/// Balances and statements: a member sees their own, a coordinator every member of their
/// network, nobody else (administrators included).
public final class AccountService: Sendable {
    let context: ServiceContext
    let memberships: any MembershipRepository
    let corrections: any CorrectionRepository

    init(context: ServiceContext, memberships: any MembershipRepository, corrections: any CorrectionRepository) {
        self.context = context
        self.memberships = memberships
        self.corrections = corrections
    }

    public func balance(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Balance {
        let membership = try await authorise(actor, memberID: memberID, networkID: networkID)
        if actor.memberID != memberID { try await context.audit(actor, .balanceViewed, network: networkID, member: memberID) }
        return Balance(memberID: memberID, networkID: networkID, account: try await account(membership))
    }

    /// The ledger statement of the member's account, oldest first.
    public func statement(_ actor: Actor, memberID: MemberID, networkID: NetworkID,
                          page: PageRequest = PageRequest()) async throws -> Page<StatementLine> {
        let membership = try await openStatement(actor, memberID: memberID, networkID: networkID)
        return try await statementPage(membership, page: page)
    }

    /// A page of the statement with the current balance: one authorisation, and one audit entry
    /// when a coordinator opens another member's.
    public func statementWithBalance(_ actor: Actor, memberID: MemberID, networkID: NetworkID,
                                     page: PageRequest = PageRequest()) async throws -> (Balance, Page<StatementLine>) {
        let membership = try await openStatement(actor, memberID: memberID, networkID: networkID)
        let balance = Balance(memberID: memberID, networkID: networkID, account: try await account(membership))
        return (balance, try await statementPage(membership, page: page))
    }

    /// Authorises reading the statement and records a coordinator opening another member's.
    private func openStatement(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let membership = try await authorise(actor, memberID: memberID, networkID: networkID)
        if actor.memberID != memberID { try await context.audit(actor, .statementViewed, network: networkID, member: memberID) }
        return membership
    }

    private func statementPage(_ membership: Membership, page: PageRequest) async throws -> Page<StatementLine> {
        let size = try Cursor.validSize(page)
        let after = try Cursor.decode(page.cursor, list: "statement")
        let entries = try await context.ledger.statement(of: membership.ledgerAccountID, afterSequence: after, limit: size + 1)
        var lines = entries.map { StatementLine(entry: $0, account: membership.ledgerAccountID) }
        for index in lines.indices where lines[index].reversesTransferID != nil {
            lines[index].correctionReason = try await correctionReason(entries[index].transfer)
        }
        return Cursor.page(lines, size: size, list: "statement") { $0.sequence }
    }

    /// The reason of the correction a reversing transfer made (its reference is the correction's id).
    func correctionReason(_ transfer: Transfer) async throws -> String? {
        guard transfer.command.code == .correction else { return nil }
        return try await corrections.correction(CorrectionID(transfer.command.reference))?.reason
    }

    /// Every member's balance in a network: its coordinators only. Members never activated
    /// (no ledger account yet) are left out.
    public func networkBalances(_ actor: Actor, networkID: NetworkID,
                                page: PageRequest = PageRequest()) async throws -> Page<Balance> {
        _ = try await context.access.requireCoordinator(actor, of: networkID)
        let size = try Cursor.validSize(page)
        try await context.audit(actor, .networkBalancesViewed, network: networkID)
        let after = try Cursor.decode(page.cursor, list: "balances").map { MemberID($0) }
        let memberships = try await memberships.memberships(in: networkID, afterMemberID: after, limit: size + 1)
        var balances: [Balance] = []
        for membership in memberships {
            guard let account = try await context.ledger.account(membership.ledgerAccountID) else { continue }
            balances.append(Balance(memberID: membership.memberID, networkID: networkID, account: account))
        }
        // The cursor follows the memberships read, not the balances kept.
        guard memberships.count > size, let last = memberships.prefix(size).last else {
            return Page(items: balances, nextCursor: nil)
        }
        let kept = balances.filter { $0.memberID <= last.memberID }
        return Page(items: kept, nextCursor: Cursor.encode(list: "balances", position: last.memberID.rawValue))
    }

    private func authorise(_ actor: Actor, memberID: MemberID, networkID: NetworkID) async throws -> Membership {
        let own = try await context.access.membership(actor, in: networkID)
        guard actor.memberID == memberID || own.isActiveCoordinator else {
            throw ExchangeError.forbidden("only the member and the network's coordinators may see this account")
        }
        if actor.memberID == memberID { return own }
        guard let membership = try await memberships.membership(memberID: memberID, networkID: networkID) else {
            throw ExchangeError.notFound("member \(memberID) in network \(networkID)")
        }
        return membership
    }

    private func account(_ membership: Membership) async throws -> Account {
        guard let account = try await context.ledger.account(membership.ledgerAccountID) else {
            throw ExchangeError.invalidState("the membership has not been activated yet")
        }
        return account
    }
}
