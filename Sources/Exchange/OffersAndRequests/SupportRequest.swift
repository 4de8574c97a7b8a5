import Foundation
import Ledger

public enum Urgency: String, Sendable, Hashable, Codable, CaseIterable {
    case low, normal, high
}

public enum RequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open, matched, closed, withdrawn
}

/// The part of a request its requester writes.
public struct RequestDetails: Sendable, Hashable, Codable {
    public var kind: String
    public var topics: [String]
    public var preferredWindows: [AvailabilityWindow]
    public var timeZone: String
    public var mode: SessionMode
    public var language: String
    public var durationMinutes: Int64
    public var excludeOwnOrganisation: Bool
    public var excludedMemberIDs: [MemberID]
    public var urgency: Urgency
    /// PRIVATE: readable only by the requester and, once an exchange on the request is accepted,
    /// its supporter. Never indexed, never searched, never in the ledger.
    public var description: String?
    /// Where an in-person session could take place (required for `.inPerson`, 1–80 characters).
    public var area: String?
    /// A profession the requester would prefer in a supporter (1–80 characters; scored by the
    /// matcher, compared ignoring case, never required).
    public var preferredProfession: String?
    /// A career stage the requester would prefer in a supporter (scored, never required).
    public var preferredCareerStage: CareerStage?

    public init(
        kind: String, topics: [String] = [], preferredWindows: [AvailabilityWindow] = [],
        timeZone: String, mode: SessionMode, language: String, durationMinutes: Int64 = 60,
        excludeOwnOrganisation: Bool = false, excludedMemberIDs: [MemberID] = [],
        urgency: Urgency = .normal, description: String? = nil, area: String? = nil,
        preferredProfession: String? = nil, preferredCareerStage: CareerStage? = nil
    ) {
        self.area = area
        self.preferredProfession = preferredProfession
        self.preferredCareerStage = preferredCareerStage
        self.kind = kind
        self.topics = topics
        self.preferredWindows = preferredWindows
        self.timeZone = timeZone
        self.mode = mode
        self.language = language
        self.durationMinutes = durationMinutes
        self.excludeOwnOrganisation = excludeOwnOrganisation
        self.excludedMemberIDs = excludedMemberIDs
        self.urgency = urgency
        self.description = description
    }
}

/// A request for support ("Request" in the brief; named so it does not clash with HTTP types).
public struct SupportRequest: Sendable, Hashable, Codable {
    public var id: RequestID
    public var requesterID: MemberID
    public var networkID: NetworkID
    /// `details.description` is nil in what a service returns to anyone not entitled to read it.
    public var details: RequestDetails
    public var status: RequestStatus
    public var createdAt: Date

    public init(id: RequestID, requesterID: MemberID, networkID: NetworkID, details: RequestDetails,
                status: RequestStatus, createdAt: Date) {
        self.id = id
        self.requesterID = requesterID
        self.networkID = networkID
        self.details = details
        self.status = status
        self.createdAt = createdAt
    }

    /// The request with its private description removed.
    public var redacted: SupportRequest {
        var copy = self
        copy.details.description = nil
        return copy
    }
}
