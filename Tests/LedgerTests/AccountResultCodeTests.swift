import Ledger
import Testing

/// Opening `opening` (after `existing`, when given) answers `expected`.
struct AccountScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: AccountResultCode
    var existing: NewAccount?
    var opening: NewAccount

    var testDescription: String { "\(expected.rawValue) (\(name))" }
}

private let base = NewAccount(id: AccountID(10), networkID: NetworkID(1), kind: .member, lowerLimitMinutes: -600,
                              upperLimitMinutes: 1_000, reference: 7)

private func changed(_ change: (inout NewAccount) -> Void) -> NewAccount {
    var account = base
    change(&account)
    return account
}

let accountScenarios: [AccountScenario] = [
    AccountScenario(name: "new id", expected: .created, opening: base),
    AccountScenario(name: "no ceiling, lowest floor", expected: .created,
                    opening: changed { $0.upperLimitMinutes = nil; $0.lowerLimitMinutes = Int64.min }),
    AccountScenario(name: "identical", expected: .exists, existing: base, opening: base),
    AccountScenario(name: "network and kind differ", expected: .existsWithDifferentNetworkID, existing: base,
                    opening: changed { $0.networkID = NetworkID(2); $0.kind = .community }),
    AccountScenario(name: "kind and floor differ", expected: .existsWithDifferentKind, existing: base,
                    opening: changed { $0.kind = .clearing; $0.lowerLimitMinutes = -60 }),
    AccountScenario(name: "floor and ceiling differ", expected: .existsWithDifferentLowerLimit, existing: base,
                    opening: changed { $0.lowerLimitMinutes = -60; $0.upperLimitMinutes = 5 }),
    AccountScenario(name: "ceiling and reference differ", expected: .existsWithDifferentUpperLimit, existing: base,
                    opening: changed { $0.upperLimitMinutes = 5; $0.reference = 8 }),
    AccountScenario(name: "ceiling removed", expected: .existsWithDifferentUpperLimit, existing: base,
                    opening: changed { $0.upperLimitMinutes = nil }),
    AccountScenario(name: "reference differs", expected: .existsWithDifferentReference, existing: base,
                    opening: changed { $0.reference = 8 }),
    AccountScenario(name: "id zero and network zero", expected: .idMustBePositive,
                    opening: changed { $0.id = AccountID(0); $0.networkID = NetworkID(0) }),
    AccountScenario(name: "network negative and floor positive", expected: .networkIDMustBePositive,
                    opening: changed { $0.networkID = NetworkID(-1); $0.lowerLimitMinutes = 1 }),
    AccountScenario(name: "floor positive and ceiling negative", expected: .lowerLimitMustNotBePositive,
                    opening: changed { $0.lowerLimitMinutes = 1; $0.upperLimitMinutes = -1 }),
    AccountScenario(name: "ceiling negative", expected: .upperLimitMustNotBeNegative,
                    opening: changed { $0.upperLimitMinutes = -1 }),
    AccountScenario(name: "validation before exists", expected: .lowerLimitMustNotBePositive, existing: base,
                    opening: changed { $0.lowerLimitMinutes = 1 }),
]

@Suite struct AccountResultCodeTests {
    // Proves every account result code, in the documented order of checks (validation, then
    // exists, then the first differing of network, kind, lower, upper, reference), and that a
    // refused opening leaves a stored account as it was; verification passes afterwards.
    @Test(arguments: accountScenarios)
    func accountResultCode(_ scenario: AccountScenario) async throws {
        let fixture = try await LedgerFixture()
        if let existing = scenario.existing {
            #expect(try await fixture.ledger.createAccounts([existing]).map(\.code) == [.created])
        }
        let results = try await fixture.ledger.createAccounts([scenario.opening])
        #expect(results.map(\.code) == [scenario.expected])
        let stored = try await fixture.ledger.store.account(scenario.opening.id)
        let expectedStored = scenario.expected == .created ? scenario.opening : scenario.existing
        #expect(stored?.opening == expectedStored)
        try await fixture.verify()
    }

    // Proves the table above leaves no account result code untested.
    @Test func everyAccountResultCodeHasAScenario() {
        let covered = Set(accountScenarios.map(\.expected))
        let missing = AccountResultCode.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no scenario for \(missing)")
    }

    // Proves every close result code: closing an open account answers `closed` and sets the
    // flag; closing it again answers `already_closed`; an unknown id answers `account_not_found`;
    // and only the first close is journalled.
    @Test func closeAccountResultCodes() async throws {
        let fixture = try await LedgerFixture()
        let head = try await fixture.ledger.store.journalHead()
        let results = try await fixture.ledger.closeAccounts([AccountID(2), AccountID(2), AccountID(99)])
        #expect(results.map(\.code) == [.closed, .alreadyClosed, .accountNotFound])
        #expect(try await fixture.account(2).closed)
        #expect(try await !fixture.account(1).closed)
        #expect(try await fixture.ledger.store.journalHead().sequence == head.sequence + 1)
        #expect(try await fixture.ledger.closeAccounts([AccountID(2)]).map(\.code) == [.alreadyClosed])
        let covered: Set<CloseAccountResultCode> = [.closed, .alreadyClosed, .accountNotFound]
        #expect(covered == Set(CloseAccountResultCode.allCases))
        try await fixture.verify()
    }
}
