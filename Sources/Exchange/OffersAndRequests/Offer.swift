import Foundation
import Ledger

/// A weekly window of availability in the offer's (or request's) time zone.
public struct AvailabilityWindow: Sendable, Hashable, Codable {
    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int
    /// Minutes after midnight, 0…1440, start < end.
    public var startMinute: Int
    public var endMinute: Int

    public init(weekday: Int, startMinute: Int, endMinute: Int) {
        self.weekday = weekday
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

public enum SessionMode: String, Sendable, Hashable, Codable, CaseIterable {
    case video, phone
    case inPerson = "in_person"
}

public enum OfferVisibility: String, Sendable, Hashable, Codable, CaseIterable {
    case network, partners
}

public enum OfferStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case active, paused
}

/// The part of an offer its supporter writes and may change.
public struct OfferDetails: Sendable, Hashable, Codable {
    public var title: String
    /// Support-kind names from the vocabulary, 1–5.
    public var kinds: [String]
    public var topics: [String]
    public var availability: [AvailabilityWindow]
    /// An IANA time zone id, e.g. `Europe/London`.
    public var timeZone: String
    public var modes: [SessionMode]
    /// Where in-person sessions can happen; required when `modes` has `in_person`.
    public var area: String?
    public var languages: [String]
    public var capacityHoursPerMonth: Int
    public var visibility: OfferVisibility

    public init(
        title: String, kinds: [String], topics: [String] = [], availability: [AvailabilityWindow],
        timeZone: String, modes: [SessionMode], area: String? = nil, languages: [String],
        capacityHoursPerMonth: Int, visibility: OfferVisibility = .network
    ) {
        self.title = title
        self.kinds = kinds
        self.topics = topics
        self.availability = availability
        self.timeZone = timeZone
        self.modes = modes
        self.area = area
        self.languages = languages
        self.capacityHoursPerMonth = capacityHoursPerMonth
        self.visibility = visibility
    }
}

public struct Offer: Sendable, Hashable, Codable {
    public var id: OfferID
    public var supporterID: MemberID
    public var networkID: NetworkID
    public var details: OfferDetails
    public var status: OfferStatus
    public var createdAt: Date

    public init(id: OfferID, supporterID: MemberID, networkID: NetworkID, details: OfferDetails,
                status: OfferStatus, createdAt: Date) {
        self.id = id
        self.supporterID = supporterID
        self.networkID = networkID
        self.details = details
        self.status = status
        self.createdAt = createdAt
    }
}
