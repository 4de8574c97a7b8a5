import Foundation
import Ledger

/// One service a network points its members to when they need someone soon ("Samaritans",
/// "Call 116 123, any time", "Someone to listen…"). Shown without signing in, beside the default
/// list and the not-an-emergency statement (`/help-now`, `/urgent`).
public struct Signpost: Sendable, Hashable, Codable {
    public static let nameLengthMax = 80
    public static let howLengthMax = 160
    public static let aboutLengthMax = 300

    public var name: String
    /// How to reach it: a number, a text code, an address.
    public var how: String
    /// What it is for, in a sentence or two.
    public var about: String

    public init(name: String, how: String, about: String) {
        self.name = name
        self.how = how
        self.about = about
    }
}

/// A network's own words for the people it serves: its signposting list and its privacy notice,
/// both public (read without signing in), both written by its coordinators. Holds nothing about
/// any member.
public struct NetworkCareTexts: Sendable, Hashable, Codable {
    public static let signpostCountMax = 12
    public static let privacyNoticeLengthMax = 8_000

    public var signposts: [Signpost]
    /// Plain text, paragraphs separated by a blank line; nil when the network has none (the
    /// service's default notice stands alone).
    public var privacyNotice: String?
    /// When a coordinator last saved them; nil when never.
    public var updatedAt: Date?

    public init(signposts: [Signpost] = [], privacyNotice: String? = nil, updatedAt: Date? = nil) {
        self.signposts = signposts
        self.privacyNotice = privacyNotice
        self.updatedAt = updatedAt
    }

    /// The texts as stored: each field trimmed of surrounding white space, a blank notice nil.
    /// Pure; `validated()` checks the result.
    public func normalised() -> NetworkCareTexts {
        let trim = { (text: String) in text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let notice = privacyNotice.map(trim).flatMap { $0.isEmpty ? nil : $0 }
        return NetworkCareTexts(
            signposts: signposts.map { Signpost(name: trim($0.name), how: trim($0.how), about: trim($0.about)) },
            privacyNotice: notice, updatedAt: updatedAt)
    }

    /// Throws `ExchangeError.validation` naming the first field out of bounds (`signposts[2].how`,
    /// `privacyNotice`): at most 12 signposts, each with a name and a way to reach it (what it is
    /// for may be blank), within the lengths above; no control characters but line breaks.
    func validate() throws(ExchangeError) {
        try Validate.count(signposts, field: "signposts", 0...Self.signpostCountMax)
        for (index, signpost) in signposts.enumerated() {
            let field = "signposts[\(index)]"
            try Validate.text(signpost.name, field: field + ".name", length: 1...Signpost.nameLengthMax)
            try Validate.text(signpost.how, field: field + ".how", length: 1...Signpost.howLengthMax)
            try Validate.text(signpost.about, field: field + ".about", length: 0...Signpost.aboutLengthMax)
            for (name, text) in [("name", signpost.name), ("how", signpost.how)] where text.contains("\n") {
                throw ExchangeError.invalid(field + "." + name, "must be one line")
            }
        }
        try Validate.optionalText(privacyNotice, field: "privacyNotice", lengthMax: Self.privacyNoticeLengthMax)
    }
}

/// A network's care texts with the network they belong to, as the public pages show them.
public struct PublishedCareTexts: Sendable, Hashable {
    public var networkID: NetworkID
    public var slug: String
    public var name: String
    public var texts: NetworkCareTexts

    public init(networkID: NetworkID, slug: String, name: String, texts: NetworkCareTexts) {
        self.networkID = networkID
        self.slug = slug
        self.name = name
        self.texts = texts
    }
}
