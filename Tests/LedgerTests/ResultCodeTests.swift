import Ledger
import Testing

/// One way to reach a transfer result code: what happens first, then the submission whose
/// result at `index` is the code.
struct TransferScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: TransferResultCode
    var setUp: @Sendable (LedgerFixture) async throws -> Void = { _ in }
    var submission: [TransferCommand]
    var index = 0

    var testDescription: String { "\(expected.rawValue) (\(name))" }

    /// What the same submission answers when sent again (contract: an accepted id answers
    /// `exists`; a remembered failure answers `id_already_failed`; anything else answers again).
    var expectedOnRetry: TransferResultCode {
        switch expected {
        case .created, .exists: .exists
        case .accountNotFound, .networksMustMatch, .accountClosed, .exceedsFloor, .exceedsCeiling,
            .pendingNotFound, .pendingTransferNotPending, .pendingAlreadyPosted, .pendingAlreadyVoided,
            .pendingExpired, .postAmountExceedsPending, .reversalTargetNotFound, .reversalTargetInvalid,
            .reversalAccountsMismatch, .reversalExceedsOriginal, .overflow:
            .idAlreadyFailed
        default: expected
        }
    }
}

private func setUp(_ commands: TransferCommand...) -> @Sendable (LedgerFixture) async throws -> Void {
    { fixture in
        for command in commands {
            let code = try await fixture.submit(command)
            #expect(code == .created, "set-up transfer \(command.id) answered \(code)")
        }
    }
}

let transferScenarios: [TransferScenario] = [
    TransferScenario(name: "single", expected: .created, submission: [single(1, 1, 2, 60)]),
    TransferScenario(name: "identical retry", expected: .exists, setUp: setUp(single(1, 1, 2, 60)),
                     submission: [single(1, 1, 2, 60)]),
    TransferScenario(name: "single then pending", expected: .existsWithDifferentFlags,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [pending(1, 5, 2, 60)]),
    TransferScenario(name: "debit and amount differ", expected: .existsWithDifferentDebitAccountID,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(1, 5, 2, 61)]),
    TransferScenario(name: "credit and amount differ", expected: .existsWithDifferentCreditAccountID,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(1, 1, 5, 61)]),
    TransferScenario(name: "amount and network differ", expected: .existsWithDifferentAmount,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(1, 1, 2, 61, network: 2)]),
    TransferScenario(name: "pending id and network differ", expected: .existsWithDifferentPendingID,
                     setUp: setUp(pending(1, 1, 2, 60), pending(2, 1, 2, 60), post(3, 1)),
                     submission: [post(3, 2, network: 2)]),
    TransferScenario(name: "timeout and code differ", expected: .existsWithDifferentTimeout,
                     setUp: setUp(pending(1, 1, 2, 60, timeout: 60)),
                     submission: [pending(1, 1, 2, 60, timeout: 61, code: .groupSession)]),
    TransferScenario(name: "network and code differ", expected: .existsWithDifferentNetworkID,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(1, 1, 2, 60, network: 2, code: .clearing)]),
    TransferScenario(name: "code and reference differ", expected: .existsWithDifferentCode,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(1, 1, 2, 60, code: .clearing, reference: 9)]),
    TransferScenario(name: "reference and reverses id differ", expected: .existsWithDifferentReference,
                     setUp: setUp(single(1, 1, 2, 60), single(2, 2, 1, 10)),
                     submission: [single(2, 2, 1, 10, reference: 9, reverses: 1)]),
    TransferScenario(name: "reverses id differs", expected: .existsWithDifferentReversesID,
                     setUp: setUp(single(1, 1, 2, 60), single(2, 2, 1, 10)),
                     submission: [single(2, 2, 1, 10, reverses: 1)]),
    TransferScenario(name: "after account_not_found", expected: .idAlreadyFailed,
                     setUp: { (fixture: LedgerFixture) async throws in #expect(try await fixture.submit(single(1, 1, 99, 60)) == .accountNotFound) },
                     submission: [single(1, 1, 2, 60)]),
    TransferScenario(name: "id zero", expected: .idMustBePositive, submission: [single(0, 1, 2, 60)]),
    TransferScenario(name: "amount zero", expected: .amountMustBePositive, submission: [single(1, 1, 2, 0)]),
    TransferScenario(name: "post amount negative", expected: .amountMustBePositive,
                     setUp: setUp(pending(1, 1, 2, 60)), submission: [post(2, 1, amount: -1)]),
    TransferScenario(name: "same account", expected: .accountsMustDiffer, submission: [pending(1, 1, 1, 60)]),
    TransferScenario(name: "timeout zero", expected: .timeoutOutOfRange, submission: [pending(1, 1, 2, 60, timeout: 0)]),
    TransferScenario(name: "timeout over 400 days", expected: .timeoutOutOfRange,
                     submission: [pending(1, 1, 2, 60, timeout: 400 * 24 * 3600 + 1)]),
    TransferScenario(name: "capital letter", expected: .codeInvalid,
                     submission: [single(1, 1, 2, 60, code: TransferCode(rawValue: "Exchange"))]),
    TransferScenario(name: "33 characters", expected: .codeInvalid,
                     submission: [single(1, 1, 2, 60, code: TransferCode(rawValue: String(repeating: "a", count: 33)))]),
    TransferScenario(name: "pending reversal", expected: .reversalMustBeSingle,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [pending(2, 2, 1, 10, reverses: 1)]),
    TransferScenario(name: "unknown credit account", expected: .accountNotFound, submission: [single(1, 1, 99, 60)]),
    TransferScenario(name: "account of another network", expected: .networksMustMatch,
                     submission: [single(1, 1, 4, 60)]),
    TransferScenario(name: "closed credit account", expected: .accountClosed,
                     setUp: { (fixture: LedgerFixture) async throws in #expect(try await fixture.ledger.closeAccounts([AccountID(2)]).map(\.code) == [.closed]) },
                     submission: [single(1, 1, 2, 60)]),
    TransferScenario(name: "one minute under the floor", expected: .exceedsFloor, submission: [single(1, 1, 2, 601)]),
    TransferScenario(name: "pending debits count against the floor", expected: .exceedsFloor,
                     setUp: setUp(pending(1, 1, 2, 600)), submission: [single(2, 1, 2, 1)]),
    TransferScenario(name: "one minute over the ceiling", expected: .exceedsCeiling, submission: [single(1, 1, 3, 101)]),
    TransferScenario(name: "pending credits count against the ceiling", expected: .exceedsCeiling,
                     setUp: setUp(pending(1, 1, 3, 100)), submission: [single(2, 2, 3, 1)]),
    TransferScenario(name: "unknown pending", expected: .pendingNotFound, submission: [post(1, 99)]),
    TransferScenario(name: "post of a single", expected: .pendingTransferNotPending,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [post(2, 1)]),
    TransferScenario(name: "post twice", expected: .pendingAlreadyPosted,
                     setUp: setUp(pending(1, 1, 2, 60), post(2, 1)), submission: [void(3, 1)]),
    TransferScenario(name: "post after void", expected: .pendingAlreadyVoided,
                     setUp: setUp(pending(1, 1, 2, 60), void(2, 1)), submission: [post(3, 1)]),
    TransferScenario(name: "post after timeout", expected: .pendingExpired,
                     setUp: { (fixture: LedgerFixture) async throws in
                         #expect(try await fixture.submit(pending(1, 1, 2, 60, timeout: 1)) == .created)
                         fixture.clock.advance(seconds: 1)
                     },
                     submission: [post(2, 1)]),
    TransferScenario(name: "post more than reserved", expected: .postAmountExceedsPending,
                     setUp: setUp(pending(1, 1, 2, 60)), submission: [post(2, 1, amount: 61)]),
    TransferScenario(name: "reverses an unknown id", expected: .reversalTargetNotFound,
                     submission: [single(1, 2, 1, 10, code: .correction, reverses: 99)]),
    TransferScenario(name: "reverses a pending", expected: .reversalTargetInvalid,
                     setUp: setUp(pending(1, 1, 2, 60)), submission: [single(2, 2, 1, 10, code: .correction, reverses: 1)]),
    TransferScenario(name: "reverses a reversal", expected: .reversalTargetInvalid,
                     setUp: setUp(single(1, 1, 2, 60), single(2, 2, 1, 10, reverses: 1)),
                     submission: [single(3, 1, 2, 5, code: .correction, reverses: 2)]),
    TransferScenario(name: "reversal in the same direction", expected: .reversalAccountsMismatch,
                     setUp: setUp(single(1, 1, 2, 60)), submission: [single(2, 1, 2, 10, code: .correction, reverses: 1)]),
    TransferScenario(name: "reverses more than remains", expected: .reversalExceedsOriginal,
                     setUp: setUp(single(1, 1, 2, 60), single(2, 2, 1, 40, reverses: 1)),
                     submission: [single(3, 2, 1, 21, code: .correction, reverses: 1)]),
    TransferScenario(name: "credits posted past Int64.max", expected: .overflow,
                     setUp: setUp(single(1, 5, 2, Int64.max)), submission: [single(2, 5, 1, 1)]),
    TransferScenario(name: "chain member of a failed chain", expected: .linkedEventFailed,
                     submission: [single(1, 1, 2, 60, linked: true), single(2, 1, 2, 601)], index: 0),
    TransferScenario(name: "last of the submission is linked", expected: .linkedChainOpen,
                     submission: [single(1, 1, 2, 60, linked: true), single(2, 1, 2, 60, linked: true)], index: 1),
]

@Suite struct ResultCodeTests {
    // Proves that every transfer result code is reached by its scenario, that the same
    // submission sent again answers `exists`, `id_already_failed` (remembered failures) or the
    // same code (failures of the command alone, chain failures), and that journal verification
    // passes afterwards.
    @Test(arguments: transferScenarios)
    func transferResultCode(_ scenario: TransferScenario) async throws {
        let fixture = try await LedgerFixture()
        try await scenario.setUp(fixture)
        let first = try await fixture.submit(scenario.submission)
        #expect(first[scenario.index] == scenario.expected)
        let again = try await fixture.submit(scenario.submission)
        #expect(again[scenario.index] == scenario.expectedOnRetry)
        try await fixture.verify()
    }

    // Proves the table above leaves no transfer result code untested.
    @Test func everyTransferResultCodeHasAScenario() {
        let covered = Set(transferScenarios.map(\.expected))
        let missing = TransferResultCode.allCases.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "no scenario for \(missing)")
    }

    // Proves a command that fails on its own answers that failure even when its id is stored:
    // validation comes before `exists`.
    @Test func validationComesBeforeExists() async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit(single(1, 1, 2, 60)) == .created)
        #expect(try await fixture.submit(single(1, 1, 2, 0)) == .amountMustBePositive)
        #expect(try await fixture.submit(single(1, 1, 1, 60)) == .accountsMustDiffer)
        #expect(try await fixture.submit(single(1, 1, 2, 60, code: TransferCode(rawValue: ""))) == .codeInvalid)
        #expect(try await fixture.submit(single(1, 1, 2, 60)) == .exists)
        try await fixture.verify()
    }

    // Proves an identical retry answers `exists` with the original's timestamp and changes
    // nothing, while any difference answers exists_with_different_* instead.
    @Test func identicalRetryAnswersExistsWithTheOriginalTimestamp() async throws {
        let fixture = try await LedgerFixture()
        let created = try #require(try await fixture.ledger.submit([single(1, 1, 2, 60)]).first)
        #expect(created.code == .created)
        fixture.clock.advance(seconds: 5)
        let head = try await fixture.ledger.store.journalHead()
        let retried = try #require(try await fixture.ledger.submit([single(1, 1, 2, 60)]).first)
        #expect(retried.code == .exists)
        #expect(retried.timestampNanoseconds == created.timestampNanoseconds)
        #expect(try await fixture.ledger.store.journalHead() == head)
        #expect(try await fixture.counters(1) == [0, 60, 0, 0])
        #expect(try await fixture.submit(single(1, 1, 2, 60, reference: 1)) == .existsWithDifferentReference)
        try await fixture.verify()
    }

    // Proves an id that failed with a remembered failure keeps answering `id_already_failed`
    // once the condition has passed (the account has been credited enough), while a new id
    // with the same content succeeds.
    @Test func rememberedFailureOutlivesItsCondition() async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit(single(1, 1, 2, 700)) == .exceedsFloor)
        #expect(try await fixture.submit(single(2, 2, 1, 200)) == .created)
        #expect(try await fixture.submit(single(1, 1, 2, 700)) == .idAlreadyFailed)
        #expect(try await fixture.submit(single(1, 1, 2, 10)) == .idAlreadyFailed)
        #expect(try await fixture.counters(1) == [0, 0, 0, 200])
        #expect(try await fixture.submit(single(3, 1, 2, 700)) == .created)
        try await fixture.verify()
    }

    // Proves failures of the command alone (and an open chain) are not remembered: the same id,
    // corrected, succeeds.
    @Test(arguments: [
        (single(1, 1, 2, 0), TransferResultCode.amountMustBePositive),
        (single(1, 1, 1, 60), .accountsMustDiffer),
        (pending(1, 1, 2, 60, timeout: 0), .timeoutOutOfRange),
        (single(1, 1, 2, 60, code: TransferCode(rawValue: "no way")), .codeInvalid),
        (pending(1, 2, 1, 60, reverses: 7), .reversalMustBeSingle),
        (single(1, 1, 2, 60, linked: true), .linkedChainOpen),
    ])
    func commandFailuresAreNotRemembered(_ invalid: TransferCommand, _ expected: TransferResultCode) async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit(invalid) == expected)
        #expect(try await fixture.submit(single(1, 1, 2, 60)) == .created)
        try await fixture.verify()
    }

    // Proves a linked chain is applied whole or not at all: when its third transfer fails, the
    // pending and single before it are rolled back (counters and journal unchanged), they answer
    // `linked_event_failed` and may be retried, while the failing id keeps its own remembered code.
    @Test func failedLinkedChainIsRolledBackWhole() async throws {
        let fixture = try await LedgerFixture()
        let head = try await fixture.ledger.store.journalHead()
        let chain = [pending(1, 1, 2, 100, linked: true), single(2, 2, 1, 50, linked: true), single(3, 1, 2, 600)]
        #expect(try await fixture.submit(chain) == [.linkedEventFailed, .linkedEventFailed, .exceedsFloor])
        #expect(try await fixture.counters(1) == [0, 0, 0, 0])
        #expect(try await fixture.counters(2) == [0, 0, 0, 0])
        #expect(try await fixture.ledger.store.transfer(TransferID(1)) == nil)
        #expect(try await fixture.ledger.store.journalHead() == head)
        #expect(try await fixture.submit([chain[0], single(2, 2, 1, 50)]) == [.created, .created])
        #expect(try await fixture.submit(single(3, 1, 2, 1)) == .idAlreadyFailed)
        #expect(try await fixture.counters(1) == [100, 0, 0, 50])
        try await fixture.verify()
    }

    // Proves a chain applies in order and `exists` counts as success inside it, while a retry
    // whose linked flag differs answers exists_with_different_flags and fails its chain.
    @Test func linkedChainSucceedsWithExistingMember() async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit([single(1, 1, 2, 60, linked: true), single(2, 2, 1, 10)]) == [.created, .created])
        #expect(try await fixture.submit([single(1, 1, 2, 60, linked: true), single(2, 2, 1, 10)]) == [.exists, .exists])
        #expect(try await fixture.submit([single(1, 1, 2, 60, linked: true), pending(3, 1, 2, 5, linked: true), post(4, 3)])
            == [.exists, .created, .created])
        #expect(try await fixture.submit([single(2, 2, 1, 10, linked: true), single(5, 1, 2, 1)])
            == [.existsWithDifferentFlags, .linkedEventFailed])
        #expect(try await fixture.counters(1) == [0, 65, 0, 10])
        try await fixture.verify()
    }

    // Proves an open chain (the submission's last transfer is linked) applies nothing: its last
    // transfer answers `linked_chain_open`, the others `linked_event_failed`, and neither id is
    // remembered.
    @Test func openLinkedChainAppliesNothing() async throws {
        let fixture = try await LedgerFixture()
        let results = try await fixture.submit([
            single(1, 1, 2, 60), single(2, 1, 2, 10, linked: true), pending(3, 2, 1, 20, linked: true),
        ])
        #expect(results == [.created, .linkedEventFailed, .linkedChainOpen])
        #expect(try await fixture.counters(1) == [0, 60, 0, 0])
        #expect(try await fixture.submit([single(2, 1, 2, 10), pending(3, 2, 1, 20)]) == [.created, .created])
        try await fixture.verify()
    }

    // Proves a pending transfer expires exactly at timestamp + timeout: one nanosecond before,
    // on-demand expiry leaves it and a post succeeds; at the deadline, expiry releases it and a
    // post answers `pending_expired`.
    @Test func pendingExpiresExactlyAtItsDeadline() async throws {
        let fixture = try await LedgerFixture()
        let start = fixture.clock.nowNanoseconds()
        #expect(try await fixture.submit([pending(1, 1, 2, 60, timeout: 10), pending(2, 1, 2, 40, timeout: 10)])
            == [.created, .created])
        let deadline = start + 10 * 1_000_000_000
        fixture.clock.set(nanoseconds: deadline - 1)
        #expect(try await fixture.ledger.expireDue() == 0)
        #expect(try await fixture.submit(post(3, 1)) == .created)
        #expect(try await fixture.counters(1) == [40, 60, 0, 0])
        fixture.clock.set(nanoseconds: deadline)
        #expect(try await fixture.ledger.expireDue() == 1)
        #expect(try await fixture.counters(1) == [0, 60, 0, 0])
        #expect(try await fixture.ledger.store.resolution(ofPending: TransferID(2))?.status == .expired)
        #expect(try await fixture.submit(post(4, 2)) == .pendingExpired)
        try await fixture.verify()
    }

    // Proves a post at the deadline answers `pending_expired` and releases the reservation even
    // without an on-demand expiry first (the commit's own sweep or the post expires it then).
    @Test func postAtTheDeadlineAnswersPendingExpired() async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit(pending(1, 1, 2, 60, timeout: 3)) == .created)
        fixture.clock.advance(seconds: 3)
        #expect(try await fixture.submit(void(2, 1)) == .pendingExpired)
        #expect(try await fixture.counters(1) == [0, 0, 0, 0])
        #expect(try await fixture.counters(2) == [0, 0, 0, 0])
        try await fixture.verify()
    }

    // Proves a closed account takes no new transfer but its reservations still post.
    @Test func closedAccountStillPostsItsReservations() async throws {
        let fixture = try await LedgerFixture()
        #expect(try await fixture.submit([pending(1, 1, 2, 60), pending(2, 2, 1, 30)]) == [.created, .created])
        #expect(try await fixture.ledger.closeAccounts([AccountID(1)]).map(\.code) == [.closed])
        #expect(try await fixture.submit([post(3, 1), void(4, 2), pending(5, 2, 1, 5)])
            == [.created, .created, .accountClosed])
        #expect(try await fixture.counters(1) == [0, 60, 0, 0])
        #expect(try await fixture.account(1).closed)
        try await fixture.verify()
    }
}
