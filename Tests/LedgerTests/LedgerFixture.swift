import Ledger
import TestSupport
import Testing

/// A fresh in-memory ledger with a manual clock and five accounts:
/// 1 and 2 members of network 1 (floor −600), 3 a community account of network 1 with a ceiling
/// of 100, 4 a member of network 2, 5 a clearing account of network 1 with no floor to speak of
/// (Int64.min), for reaching overflow.
struct LedgerFixture: Sendable {
    let clock: ManualClock
    let ledger: Ledger

    static let accounts: [NewAccount] = [
        NewAccount(id: AccountID(1), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(2), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(3), networkID: NetworkID(1), kind: .community, lowerLimitMinutes: -600,
                   upperLimitMinutes: 100),
        NewAccount(id: AccountID(4), networkID: NetworkID(2), kind: .member, lowerLimitMinutes: -600),
        NewAccount(id: AccountID(5), networkID: NetworkID(1), kind: .clearing, lowerLimitMinutes: Int64.min),
    ]

    init() async throws {
        clock = ManualClock()
        ledger = Ledger(store: InMemoryLedgerStore(), clock: clock)
        let results = try await ledger.createAccounts(Self.accounts)
        #expect(results.map(\.code) == Array(repeating: .created, count: Self.accounts.count))
    }

    func submit(_ commands: [TransferCommand]) async throws -> [TransferResultCode] {
        try await ledger.submit(commands).map(\.code)
    }

    func submit(_ command: TransferCommand) async throws -> TransferResultCode {
        try #require(try await ledger.submit([command]).first).code
    }

    func account(_ id: Int64) async throws -> Account {
        try #require(try await ledger.store.account(AccountID(id)))
    }

    /// The four counters of an account: debits pending, debits posted, credits pending, credits posted.
    func counters(_ id: Int64) async throws -> [Int64] {
        let account = try await account(id)
        return [account.debitsPendingMinutes, account.debitsPostedMinutes,
                account.creditsPendingMinutes, account.creditsPostedMinutes]
    }

    /// Journal verification must pass after every scenario.
    func verify() async throws {
        _ = try await ledger.store.verify()
    }
}

// Commands, briefly: accounts and ids as plain numbers.

func single(
    _ id: Int64, _ debit: Int64, _ credit: Int64, _ amount: Int64, network: Int64 = 1,
    code: TransferCode = .exchange, reference: Int64 = 0, reverses: Int64? = nil, linked: Bool = false
) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .single(debit: AccountID(debit), credit: AccountID(credit), amountMinutes: amount),
                    code: code, reference: reference, reversesID: reverses.map { TransferID($0) }, linked: linked)
}

func pending(
    _ id: Int64, _ debit: Int64, _ credit: Int64, _ amount: Int64, timeout: Int64 = 60, network: Int64 = 1,
    code: TransferCode = .exchange, reference: Int64 = 0, reverses: Int64? = nil, linked: Bool = false
) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .pending(debit: AccountID(debit), credit: AccountID(credit), amountMinutes: amount,
                                   timeoutSeconds: timeout),
                    code: code, reference: reference, reversesID: reverses.map { TransferID($0) }, linked: linked)
}

func post(
    _ id: Int64, _ pendingID: Int64, amount: Int64? = nil, network: Int64 = 1, code: TransferCode = .exchange,
    linked: Bool = false
) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .postPending(pendingID: TransferID(pendingID), amountMinutes: amount),
                    code: code, linked: linked)
}

func void(_ id: Int64, _ pendingID: Int64, network: Int64 = 1, linked: Bool = false) -> TransferCommand {
    TransferCommand(id: TransferID(id), networkID: NetworkID(network),
                    kind: .voidPending(pendingID: TransferID(pendingID)), code: .exchange, linked: linked)
}
