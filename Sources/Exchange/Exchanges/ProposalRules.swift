import Foundation
import Matching

/// The rules a one-to-one exchange must meet when it is proposed and again when it is
/// accepted, decided from facts the service has loaded: no I/O, no clock. Each answers nil
/// when the rule holds, or the refusal in words a person can act on.
enum ProposalRules {
    /// The whole session `[start, start + duration)` must lie inside one of the offer's weekly
    /// windows, placed on the session's real dates in the offer's time zone (the matcher's
    /// week arithmetic, so a daylight-saving week is read as the clocks run).
    static func availability(_ offer: OfferDetails, start: Date, durationMinutes: Int64) -> ExchangeError? {
        let windows = offer.availability.compactMap { try? MatchingAdapter.window($0) }
        if SessionFit.fits(start: start, durationMinutes: Int(durationMinutes), windows: windows,
                           timeZoneIdentifier: offer.timeZone) {
            return nil
        }
        let session = SessionWords.localSpan(start: start, durationMinutes: durationMinutes, timeZone: offer.timeZone)
        let offered = offer.availability.map(SessionWords.window).joined(separator: ", ")
        return .refused(.outsideAvailability,
                        "the session (\(session), \(offer.timeZone)) is outside the supporter's availability: \(offered)")
    }

    /// The minutes booked on the offer in the session's month (see `capacityMonth`) plus the
    /// session must not exceed the offer's monthly capacity.
    static func capacity(hoursPerMonth: Int, bookedMinutes: Int64, durationMinutes: Int64) -> ExchangeError? {
        let capacityMinutes = Int64(hoursPerMonth) * 60
        let remaining = max(0, capacityMinutes - bookedMinutes)
        guard durationMinutes > remaining else { return nil }
        return .refused(.capacityExhausted,
                        "this offer has \(SessionWords.minutes(remaining)) left that month of its "
                            + "\(hoursPerMonth) h a month, and the session needs \(SessionWords.minutes(durationMinutes))")
    }

    /// `[start, end)` of the calendar month, on the offer's clock, that contains `date`: the
    /// month whose capacity a session takes. Civil-date arithmetic (`CivilCalendar`) and the
    /// zone's offsets, not a Foundation calendar built per call: every proposal and acceptance
    /// asks. An unknown zone (validation refuses one) is read as UTC.
    static func capacityMonth(containing date: Date, timeZone identifier: String) -> (start: Date, end: Date) {
        let zone = TimeZoneCache.zone(identifier)
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let local = seconds + Int64(zone?.secondsFromGMT(for: date) ?? 0)
        let civil = CivilCalendar.date(days: CivilCalendar.day(holding: local).days)
        let next = civil.month == 12 ? (year: civil.year + 1, month: 1) : (year: civil.year, month: civil.month + 1)
        return (localMidnight(CivilCalendar.days(year: civil.year, month: civil.month, day: 1), zone),
                localMidnight(CivilCalendar.days(year: next.year, month: next.month, day: 1), zone))
    }

    /// The instant at which the day `days` (since 1970-01-01) begins on `zone`'s clock: its
    /// offset is asked at a first guess and again at the answer, so a change of offset between
    /// the two (a clock change late on the last day of a month) is honoured.
    private static func localMidnight(_ days: Int64, _ zone: TimeZone?) -> Date {
        let local = days * CivilCalendar.secondsPerDay
        func offset(at seconds: Int64) -> Int64 {
            Int64(zone?.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))) ?? 0)
        }
        let guess = local - offset(at: local)
        return Date(timeIntervalSince1970: TimeInterval(local - offset(at: guess)))
    }

    /// Who is told about a requester's credit: the requester at proposal, the supporter at acceptance.
    enum CreditReader { case requester, supporter }

    /// The session's minutes must be spendable: the account's available minutes (posted less
    /// reserved) minus the minutes must stay at or above its floor — the ledger's own rule.
    static func credit(_ balance: Balance, durationMinutes: Int64, reader: CreditReader) -> ExchangeError? {
        let spendable = max(0, balance.availableMinutes - balance.floorMinutes)
        guard durationMinutes > spendable else { return nil }
        let needs = SessionWords.minutes(durationMinutes)
        let can = SessionWords.minutes(spendable)
        let floor = SessionWords.minutes(balance.floorMinutes)
        switch reader {
        case .requester:
            return .refused(.insufficientCredit,
                            "this session needs \(needs) and you can spend \(can) before your network's limit of \(floor)")
        case .supporter:
            return .ledgerRefused(.exceedsFloor,
                                  "the requester does not have enough credit for this session: it needs \(needs) and "
                                      + "they can spend \(can) before their network's limit of \(floor)")
        }
    }

}

/// A request and an offer it is (or may be) proposed to.
public struct RequestOfferPair: Sendable, Hashable {
    public var requestID: RequestID
    public var offerID: OfferID

    public init(requestID: RequestID, offerID: OfferID) {
        self.requestID = requestID
        self.offerID = offerID
    }
}

extension OfferDetails {
    /// The first quarter-hour at or after `date` (on whole UTC quarter-hours) at which a session
    /// of `durationMinutes` fits the availability; nil when none does within eight days.
    public func nextAvailableStart(atOrAfter date: Date, durationMinutes: Int64) -> Date? {
        let stepSeconds = 15.0 * 60
        let first = (date.timeIntervalSince1970 / stepSeconds).rounded(.up) * stepSeconds
        let stepCountMax = 8 * 24 * 4
        for step in 0...stepCountMax {
            let start = Date(timeIntervalSince1970: first + Double(step) * stepSeconds)
            if ProposalRules.availability(self, start: start, durationMinutes: durationMinutes) == nil { return start }
        }
        return nil
    }
}
