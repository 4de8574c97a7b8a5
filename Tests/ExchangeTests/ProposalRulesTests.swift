@testable import Exchange
import Foundation
import Ledger
import Testing

/// The rules a one-to-one proposal must meet (issue 16): the offer's weekly availability, its
/// monthly capacity, the requester's credit floor, one open exchange per request and offer.
@Suite struct ProposalRulesTests {
    static let mondayMorning = [AvailabilityWindow(weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60)]

    static func details(_ windows: [AvailabilityWindow], timeZone: String = "Europe/London") -> OfferDetails {
        OfferDetails(title: "Mornings", kinds: ["peer_support"], availability: windows, timeZone: timeZone,
                     modes: [.video], languages: ["en"], capacityHoursPerMonth: 4)
    }

    static func utc(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    // Proves availability is read on the offer's clock in the week after the spring change
    // (Europe/London on BST from 29 March 2026): Monday 09:00–12:00 London is 08:00–11:00 UTC,
    // so a session 08:00–09:00 UTC fits and one 11:00–12:00 UTC (12:00–13:00 London) does not —
    // the other way round from reading the windows as UTC — and the refusal names the window.
    @Test func availabilityIsDaylightSavingCorrect() throws {
        let offer = Self.details(Self.mondayMorning)
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-03-30T08:00:00Z"), durationMinutes: 60) == nil)
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-03-30T10:00:00Z"), durationMinutes: 60) == nil)
        let late = ProposalRules.availability(offer, start: try Self.utc("2026-03-30T11:00:00Z"), durationMinutes: 60)
        guard case .refused(.outsideAvailability, let detail) = late else {
            Issue.record("expected outside-availability, got \(String(describing: late))")
            return
        }
        #expect(detail.contains("Monday 09:00–12:00"))
        #expect(detail.contains("Monday 12:00–13:00"))
        // The week the clocks went back (25 October 2026): Monday 09:00 London is 09:00 UTC again.
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-10-26T08:00:00Z"), durationMinutes: 60) != nil)
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-10-26T11:00:00Z"), durationMinutes: 60) == nil)
    }

    // Proves the whole session must fit one window: one that starts inside but runs past its end
    // is refused, and windows that touch across midnight hold a session across midnight.
    @Test func wholeSessionMustFit() throws {
        let offer = Self.details(Self.mondayMorning)
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-01-05T11:30:00Z"), durationMinutes: 60) != nil)
        #expect(ProposalRules.availability(offer, start: try Self.utc("2026-01-05T11:00:00Z"), durationMinutes: 60) == nil)
        let lateNight = Self.details([AvailabilityWindow(weekday: 7, startMinute: 23 * 60, endMinute: 1440),
                                      AvailabilityWindow(weekday: 1, startMinute: 0, endMinute: 60)])
        #expect(ProposalRules.availability(lateNight, start: try Self.utc("2026-01-04T23:30:00Z"), durationMinutes: 60) == nil)
    }

    // Proves capacity counts what is booked that month: 3 h booked of 4 leaves 1 h, so a 60-minute
    // session fits and a 90-minute one is refused with the hours left in words.
    @Test func capacityRefusesBeyondTheMonth() {
        #expect(ProposalRules.capacity(hoursPerMonth: 4, bookedMinutes: 180, durationMinutes: 60) == nil)
        let refused = ProposalRules.capacity(hoursPerMonth: 4, bookedMinutes: 180, durationMinutes: 90)
        guard case .refused(.capacityExhausted, let detail) = refused else {
            Issue.record("expected capacity-exhausted, got \(String(describing: refused))")
            return
        }
        #expect(detail.contains("1 h left") && detail.contains("4 h a month") && detail.contains("needs 1 h 30 min"))
    }

    // Proves the credit rule is the ledger's: posted less reserved minus the session must stay at
    // or above the floor; told to the requester as what they can spend, to the supporter as the
    // requester lacking credit (with the ledger's code kept for machines).
    @Test func creditIsCheckedAgainstTheFloor() {
        var account = Account(opening: NewAccount(id: AccountID(1), networkID: NetworkID(1), kind: .member,
                                                  lowerLimitMinutes: -600), createdAtNanoseconds: 0)
        account.creditsPostedMinutes = 120
        account.debitsPostedMinutes = 600
        account.debitsPendingMinutes = 75
        let balance = Balance(memberID: MemberID(1), networkID: NetworkID(1), account: account)
        #expect(ProposalRules.credit(balance, durationMinutes: 45, reader: .requester) == nil)
        guard case .refused(.insufficientCredit, let words) = ProposalRules.credit(balance, durationMinutes: 60, reader: .requester) else {
            Issue.record("expected insufficient-credit")
            return
        }
        #expect(words == "this session needs 1 h and you can spend 45 min before your network's limit of −10 h")
        let supporter = ProposalRules.credit(balance, durationMinutes: 60, reader: .supporter)
        #expect(supporter?.ledgerCode == .exceedsFloor)
        #expect(supporter.map { "\($0)".contains("the requester does not have enough credit") } == true)
    }

    // Proves a Monday-only offer is not booked for a Tuesday through the service: the proposal is
    // refused with the windows named, and the Monday slot is accepted.
    @Test func proposalOutsideAvailabilityIsRefused() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network, availability: Self.mondayMorning)
        // The world's clock is Tuesday 14 November 2023 (GMT in London).
        let tuesday = try Self.utc("2023-11-21T10:00:00Z"), monday = try Self.utc("2023-11-20T10:00:00Z")
        let refused = await refusal {
            _ = try await world.domain.exchanges.propose(requester, ExchangeProposal(offerID: offer.id, scheduledStart: tuesday))
        }
        guard case .refused(.outsideAvailability, let detail) = refused else {
            Issue.record("expected outside-availability, got \(String(describing: refused))")
            return
        }
        #expect(detail.contains("Monday 09:00–12:00"))
        let booked = try await world.domain.exchanges.propose(requester, ExchangeProposal(offerID: offer.id, scheduledStart: monday))
        #expect(booked.status == .proposed)
    }

    // Proves an offer of 4 hours a month takes no more: 90-minute sessions are proposed until the
    // third (270 min) is refused with the hours left; and at acceptance the month is counted again,
    // so an acceptance after the supporter lowered the capacity is refused and nothing is reserved.
    @Test func capacityIsCountedAtProposalAndAcceptance() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network, capacityHoursPerMonth: 4)
        let first = try await world.propose(requester, offer: offer, minutes: 90)
        _ = try await world.propose(requester, offer: offer, minutes: 90)
        let third = await refusal { _ = try await world.propose(requester, offer: offer, minutes: 90) }
        guard case .refused(.capacityExhausted, let detail) = third else {
            Issue.record("expected capacity-exhausted, got \(String(describing: third))")
            return
        }
        #expect(detail.contains("1 h left"))

        var lowered = offer.details
        lowered.capacityHoursPerMonth = 2
        _ = try await world.domain.offers.updateOffer(supporter, offer.id, lowered)
        let late = await refusal { _ = try await world.domain.exchanges.accept(supporter, first.id) }
        guard case .refused(.capacityExhausted, _) = late else {
            Issue.record("expected capacity-exhausted at acceptance, got \(String(describing: late))")
            return
        }
        #expect(try await world.minutes(requester, network) == [120, 0, 120])
    }

    // Proves the requester's floor is checked when they propose (in words, before the supporter
    // is asked) and again at acceptance, where the supporter is told the requester lacks credit.
    @Test func creditFloorIsCheckedAtProposalAndAcceptance() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("tight-network", policy: NetworkPolicy(creditFloorMinutes: -60, welcomeGrantMinutes: 30))
        let requester = try await world.member("Grace", in: network)
        let supporter = try await world.member("Nia", in: network)
        let offer = try await world.offer(supporter, in: network, capacityHoursPerMonth: 10)
        let tooLong = await refusal { _ = try await world.propose(requester, offer: offer, minutes: 120) }
        guard case .refused(.insufficientCredit, let words) = tooLong else {
            Issue.record("expected insufficient-credit, got \(String(describing: tooLong))")
            return
        }
        #expect(words == "this session needs 2 h and you can spend 1 h 30 min before your network's limit of −1 h")

        let first = try await world.propose(requester, offer: offer, minutes: 60)
        let second = try await world.propose(requester, offer: offer, minutes: 60)
        _ = try await world.domain.exchanges.accept(supporter, first.id)
        let refused = await refusal { _ = try await world.domain.exchanges.accept(supporter, second.id) }
        #expect(refused?.ledgerCode == .exceedsFloor)
        #expect(refused.map { "\($0)".contains("the requester does not have enough credit") } == true)
        #expect(try await world.store.exchange(second.id)?.status == .proposed)
    }

    // Proves a request has at most one open exchange per offer: a second proposal for the same
    // request and offer is refused naming the first; once the first is cancelled, it may be proposed again.
    @Test func secondOpenProposalForTheSamePairIsRefused() async throws {
        let world = try await World()
        defer { world.remove() }
        let network = try await world.network("north-wellbeing")
        let requester = try await world.member("Rita", in: network)
        let supporter = try await world.member("Sam", in: network)
        let offer = try await world.offer(supporter, in: network)
        let request = try await world.request(requester, in: network)
        let first = try await world.propose(requester, offer: offer, request: request)
        let again = await refusal { _ = try await world.propose(requester, offer: offer, request: request) }
        guard case .refused(.openProposalExists, let detail) = again else {
            Issue.record("expected open-proposal-exists, got \(String(describing: again))")
            return
        }
        #expect(detail.contains("exchange \(first.id)"))
        _ = try await world.domain.exchanges.cancel(requester, first.id)
        #expect(try await world.propose(requester, offer: offer, request: request).status == .proposed)
    }
}
