import Ledger
import TestSupport
import Testing

/// Edge cases of the contract found by the model check, pinned as plain tests.
@Suite struct ContractEdgeTests {
    // Proves a deadline is never split between commits, even over `expiriesPerCommitMax`: the
    // two pending transfers of a chain reserved together (same commit, same timeout) expire in
    // one commit, so no reader ever sees one expired and the other still open.
    @Test func transfersSharingADeadlineExpireInOneCommit() async throws {
        let clock = ManualClock()
        let ledger = Ledger(store: InMemoryLedgerStore(), clock: clock, limits: LedgerLimits(expiriesPerCommitMax: 1))
        _ = try await ledger.createAccounts(LedgerFixture.accounts)
        let start = clock.nowNanoseconds()
        var first = pending(1, 1, 2, 60, timeout: 5)
        first.linked = true
        #expect(try await ledger.submit([first, pending(2, 1, 2, 40, timeout: 5), pending(3, 1, 2, 10, timeout: 6)])
            .map(\.code) == [.created, .created, .created])
        clock.set(nanoseconds: start + 6 * 1_000_000_000)
        #expect(try await ledger.expireDue() == 2, "both transfers due at the first deadline, not the third")
        #expect(try await ledger.store.resolution(ofPending: TransferID(2))?.status == .expired)
        #expect(try await ledger.store.resolution(ofPending: TransferID(3)) == nil)
        #expect(try await ledger.expireDue() == 1)
        _ = try await ledger.store.verify()
    }

    // Proves the expiry sweep uses the commit's time, not the raw clock: when more pending
    // transfers are due than one commit may expire and the clock then steps back, the next
    // commit's time is still the journal head's (LEDGER.md: "never earlier than the journal
    // head's time") and the pending transfer due at that time expires in it.
    @Test func expirySweepUsesTheCommitTimeWhenTheClockStepsBack() async throws {
        let clock = ManualClock()
        let ledger = Ledger(store: InMemoryLedgerStore(), clock: clock, limits: LedgerLimits(expiriesPerCommitMax: 1))
        _ = try await ledger.createAccounts(LedgerFixture.accounts)
        let start = clock.nowNanoseconds()
        // Different deadlines: one deadline's transfers are never split between commits.
        #expect(try await ledger.submit([pending(1, 1, 2, 60, timeout: 4), pending(2, 1, 2, 40, timeout: 5)])
            .map(\.code) == [.created, .created])
        let deadline = start + 5 * 1_000_000_000
        clock.set(nanoseconds: deadline)
        #expect(try await ledger.expireDue() == 1)
        #expect(try await ledger.store.journalHead().timestampNanoseconds == deadline)
        clock.set(nanoseconds: deadline - 1)  // the wall clock steps back
        #expect(try await ledger.expireDue() == 1, "pending 2 is due at the commit's time \(deadline)")
        #expect(try await ledger.store.nextPendingDeadlineNanoseconds() == nil)
        #expect(try await ledger.store.account(AccountID(1))?.debitsPendingMinutes == 0)
        _ = try await ledger.store.verify()
    }

    // Proves `overflow` is answered only when a counter, a network total, or the floor/ceiling
    // sum itself would not fit in Int64 (LEDGER.md step 4), not when an intermediate step of
    // computing credits_posted + credits_pending − debits_posted would: here the ceiling sum
    // is exactly Int64.max, which fits.
    @Test func ceilingSumThatFitsIsNotOverflow() async throws {
        let fixture = try await LedgerFixture()
        _ = try await fixture.ledger.createAccounts([
            NewAccount(id: AccountID(6), networkID: NetworkID(1), kind: .clearing, lowerLimitMinutes: Int64.min),
            NewAccount(id: AccountID(7), networkID: NetworkID(1), kind: .clearing, lowerLimitMinutes: Int64.min),
        ])
        #expect(try await fixture.submit(single(1, 5, 6, Int64.max - 5)) == .created)
        #expect(try await fixture.submit(single(2, 6, 1, 5)) == .created)
        // Account 6: credits_posted = max − 5, debits_posted = 5; a pending credit of 10 makes its
        // ceiling sum (max − 5) + 10 − 5 = max, while credits_posted + credits_pending = max + 5.
        #expect(try await fixture.submit(pending(3, 7, 6, 10)) == .created)
        #expect(try await fixture.counters(6) == [0, 5, 10, Int64.max - 5])
        try await fixture.verify()
    }

    // Proves a commit's time never goes back: after the clock steps back, a transfer is stamped
    // with the journal head's time, and its pending deadline counts from that time.
    @Test func commitTimeNeverGoesBack() async throws {
        let fixture = try await LedgerFixture()
        let first = try #require(try await fixture.ledger.submit([single(1, 1, 2, 10)]).first)
        let headTime = try #require(first.timestampNanoseconds)
        fixture.clock.advance(seconds: -10)
        let second = try #require(try await fixture.ledger.submit([pending(2, 1, 2, 10, timeout: 1)]).first)
        #expect(second.code == .created)
        #expect(second.timestampNanoseconds == headTime)
        #expect(try await fixture.ledger.store.nextPendingDeadlineNanoseconds() == headTime + 1_000_000_000)
        try await fixture.verify()
    }
}
