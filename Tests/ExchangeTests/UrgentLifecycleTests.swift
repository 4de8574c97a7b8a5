@testable import Exchange
import Foundation
import Ledger
import Testing

@Suite struct UrgentLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let member = MemberID(1), lead = MemberID(2), otherLead = MemberID(3), stranger = MemberID(4)

    static func request(_ status: UrgentRequestStatus) -> UrgentRequest {
        var request = UrgentRequest(id: UrgentRequestID(7), networkID: NetworkID(1), memberID: member, note: "n", contact: nil,
                                    raisedAt: now.addingTimeInterval(-3600))
        request.status = status
        if status != .waiting {
            request.leadID = lead
            request.acknowledgedAt = now.addingTimeInterval(-1800)
        }
        if status == .arranged { request.conversationAt = now.addingTimeInterval(3600) }
        if status == .closed || status == .withdrawn { request.closedAt = now.addingTimeInterval(-60) }
        return request
    }

    static func decide(_ status: UrgentRequestStatus, _ command: UrgentCommand, by memberID: MemberID, isLead: Bool)
        -> Result<UrgentDecision, ExchangeError>
    {
        UrgentLifecycle.decide(request(status), command, actor: UrgentStanding(memberID: memberID, isLead: isLead), now: now)
    }

    // Proves the happy path: waiting → acknowledged (the lead recorded) → arranged → closed with
    // minutes, each a change to commit.
    @Test func happyPath() throws {
        let standing = UrgentStanding(memberID: Self.lead, isLead: true)
        var request = Self.request(.waiting)
        request = try UrgentLifecycle.decide(request, .acknowledge, actor: standing, now: Self.now).get().request
        #expect(request.status == .acknowledged && request.leadID == Self.lead && request.acknowledgedAt == Self.now)
        let at = Self.now.addingTimeInterval(7200)
        request = try UrgentLifecycle.decide(request, .arrange(conversationAt: at), actor: standing, now: Self.now).get().request
        #expect(request.status == .arranged && request.conversationAt == at)
        let closed = try UrgentLifecycle.decide(request, .close(heldMinutes: 45), actor: standing, now: Self.now).get()
        #expect(closed.changed && closed.request.status == .closed && closed.request.heldMinutes == 45)
        #expect(closed.request.closedAt == Self.now)
    }

    // Proves who is refused what: someone neither the member nor a lead is told it does not
    // exist; the member may not act as a lead on their own request, nor a lead on theirs; a
    // lead may not withdraw another's request.
    @Test func whoMayDoWhat() {
        #expect(Self.decide(.waiting, .acknowledge, by: Self.stranger, isLead: false).error?.isNotFound == true)
        #expect(Self.decide(.waiting, .withdraw, by: Self.stranger, isLead: false).error?.isNotFound == true)
        #expect(Self.decide(.waiting, .acknowledge, by: Self.member, isLead: false).error?.isForbidden == true)
        #expect(Self.decide(.waiting, .acknowledge, by: Self.member, isLead: true).error?.isForbidden == true)
        #expect(Self.decide(.waiting, .withdraw, by: Self.lead, isLead: true).error?.isForbidden == true)
        #expect((try? Self.decide(.waiting, .withdraw, by: Self.member, isLead: false).get())?.request.status == .withdrawn)
    }

    // Proves every refusal of state: a second lead's acknowledgement is a conflict (the first
    // lead's repeat changes nothing); arranging or closing waits for an acknowledgement; an
    // ended request refuses everything but the same ending again; minutes outside 15...240
    // and a conversation in the past or beyond 60 days are invalid.
    @Test func refusalsOfState() {
        if case .conflict = Self.decide(.acknowledged, .acknowledge, by: Self.otherLead, isLead: true).error {} else {
            Issue.record("a second lead's acknowledgement is a conflict")
        }
        #expect((try? Self.decide(.acknowledged, .acknowledge, by: Self.lead, isLead: true).get())?.changed == false)
        let later = Self.now.addingTimeInterval(3600)
        #expect(Self.decide(.waiting, .arrange(conversationAt: later), by: Self.lead, isLead: true).error?.isInvalidState == true)
        #expect(Self.decide(.waiting, .close(heldMinutes: nil), by: Self.lead, isLead: true).error?.isInvalidState == true)
        for ended in [UrgentRequestStatus.closed, .withdrawn] {
            #expect(Self.decide(ended, .acknowledge, by: Self.lead, isLead: true).error?.isInvalidState == true)
            #expect(Self.decide(ended, .arrange(conversationAt: later), by: Self.lead, isLead: true).error?.isInvalidState == true)
        }
        #expect(Self.decide(.closed, .withdraw, by: Self.member, isLead: false).error?.isInvalidState == true)
        #expect((try? Self.decide(.withdrawn, .withdraw, by: Self.member, isLead: false).get())?.changed == false)
        #expect((try? Self.decide(.closed, .close(heldMinutes: nil), by: Self.lead, isLead: true).get())?.changed == false)
        #expect(Self.decide(.closed, .close(heldMinutes: 30), by: Self.lead, isLead: true).error?.isInvalidState == true)
        for minutes: Int64 in [14, 241, 0, -5] {
            #expect(Self.decide(.acknowledged, .close(heldMinutes: minutes), by: Self.lead, isLead: true).error?.validationField == "heldMinutes")
        }
        for at in [Self.now.addingTimeInterval(-60), Self.now.addingTimeInterval(61 * 86_400)] {
            #expect(Self.decide(.acknowledged, .arrange(conversationAt: at), by: Self.lead, isLead: true).error?.validationField == "conversationAt")
        }
    }

    // Proves notes and contacts are trimmed (blank is none) and held to 500 and 200 characters.
    @Test func draftLimits() throws {
        let clean = try UrgentLifecycle.validated(UrgentRequestDraft(note: "  hello  ", contact: "   "))
        #expect(clean.note == "hello" && clean.contact == nil)
        _ = try UrgentLifecycle.validated(UrgentRequestDraft(note: String(repeating: "é", count: 500), contact: String(repeating: "x", count: 200)))
        #expect(throws: ExchangeError.invalid("note", "must be at most 500 characters")) {
            try UrgentLifecycle.validated(UrgentRequestDraft(note: String(repeating: "a", count: 501)))
        }
        #expect(throws: ExchangeError.invalid("contact", "must be at most 200 characters")) {
            try UrgentLifecycle.validated(UrgentRequestDraft(contact: String(repeating: "a", count: 201)))
        }
    }

    // Proves the payment chain is community → member then member → lead, the same minutes,
    // linked, on the two allocated ids, with a neutral code and no reference to the request.
    @Test func paymentChain() {
        var request = Self.request(.closed)
        request.heldMinutes = 45
        request.paymentTransferID = TransferID(100)
        let chain = UrgentChain.commands(for: request, community: AccountID(1), member: AccountID(2), lead: AccountID(3))
        #expect(chain.map(\.id) == [TransferID(100), TransferID(101)])
        #expect(chain.map(\.linked) == [true, false])
        #expect(chain[0].kind == .single(debit: AccountID(1), credit: AccountID(2), amountMinutes: 45))
        #expect(chain[1].kind == .single(debit: AccountID(2), credit: AccountID(3), amountMinutes: 45))
        #expect(chain.allSatisfy { $0.code == .communitySupport && $0.reference == 0 && $0.code.isValid })
    }
}

extension Result where Failure == ExchangeError {
    var error: ExchangeError? { if case .failure(let error) = self { error } else { nil } }
}
