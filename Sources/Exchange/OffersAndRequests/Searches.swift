import Foundation
import Ledger

/// A partner network whose partner-visible offers a searcher may see, and the support kinds the
/// agreement in force covers.
public struct PartnerScope: Sendable, Hashable {
    public var networkID: NetworkID
    public var kinds: [String]

    public init(networkID: NetworkID, kinds: [String]) {
        self.networkID = networkID
        self.kinds = kinds
    }
}

/// A validated offer search, resolved to the networks the searcher may see: every active offer
/// of `networkIDs`, and those of `partners` marked visible to partners with a covered kind.
public struct OfferSearch: Sendable, Hashable {
    public var networkIDs: [NetworkID]
    public var partners: [PartnerScope] = []
    /// Only this supporter's offers, when given.
    public var supporterID: MemberID?
    public var kind: String?
    public var topic: String?
    public var language: String?
    public var mode: SessionMode?
    /// Words to find (all of them, as prefixes) in titles and topics.
    public var words: [String]
    public var afterID: OfferID?
    public var limit: Int

    public init(networkIDs: [NetworkID], kind: String? = nil, topic: String? = nil, language: String? = nil,
                mode: SessionMode? = nil, words: [String] = [], afterID: OfferID? = nil, limit: Int) {
        self.networkIDs = networkIDs
        self.kind = kind
        self.topic = topic
        self.language = language
        self.mode = mode
        self.words = words
        self.afterID = afterID
        self.limit = limit
    }
}

/// A validated search over open requests. Words match topics only, never descriptions.
/// Requests whose exclusions name the searcher (by id, or by organisation) are left out, and so
/// are the searcher's own.
public struct RequestSearch: Sendable, Hashable {
    public var networkIDs: [NetworkID]
    public var kind: String?
    public var topic: String?
    public var language: String?
    public var mode: SessionMode?
    public var words: [String]
    public var searcherID: MemberID
    public var searcherOrganisation: String
    public var afterID: RequestID?
    public var limit: Int

    public init(networkIDs: [NetworkID], kind: String? = nil, topic: String? = nil, language: String? = nil,
                mode: SessionMode? = nil, words: [String] = [], searcherID: MemberID,
                searcherOrganisation: String, afterID: RequestID? = nil, limit: Int) {
        self.networkIDs = networkIDs
        self.kind = kind
        self.topic = topic
        self.language = language
        self.mode = mode
        self.words = words
        self.searcherID = searcherID
        self.searcherOrganisation = searcherOrganisation
        self.afterID = afterID
        self.limit = limit
    }
}
