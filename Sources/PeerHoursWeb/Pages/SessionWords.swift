import Exchange
import Foundation

/// The paths of the sessions area and the pages it links to. The API owns `/exchanges…`
/// (api/openapi.yaml), so a member's one-to-one exchanges are under `/sessions…` here, the word
/// the pages use for them.
enum SessionPaths {
    static let list = "/sessions"
    static let new = "/sessions/new"
    static let statement = "/statement"
    static let statementCSV = "/statement.csv"
    static let newRequest = ListingPaths.newRequest

    static func exchange(_ id: ExchangeID) -> String { "/sessions/\(id.rawValue)" }
    static func action(_ id: ExchangeID, _ action: ExchangeAction) -> String { exchange(id) + "/" + action.rawValue }
    static func messages(_ id: ExchangeID) -> String { exchange(id) + "/messages" }
    static func offer(_ id: OfferID) -> String { ListingPaths.offer(id) }
    static func request(_ id: RequestID) -> String { ListingPaths.request(id) }

    /// A path segment or query value that names a domain id: digits only, positive; anything else
    /// is no such thing (the 404 page), never a 500.
    static func id(_ text: String?) -> Int64? {
        guard let text, !text.isEmpty, text.count <= 18, text.allSatisfy(\.isASCII), let value = Int64(text), value > 0 else {
            return nil
        }
        return value
    }
}

/// What a member can do to an exchange from its page, each a POST to `/sessions/{id}/<action>`.
enum ExchangeAction: String, Sendable, CaseIterable {
    case accept, decline, cancel, confirm, dispute
    /// The person who did not dispute gives their side (for the coordinators).
    case answer
}

/// A kind of support as a person reads it: the vocabulary's code ("peer_support") as words
/// ("Peer support"). The vocabulary is each deployment's own, so there is no catalogue key per kind.
enum KindWords {
    static func text(_ kind: String) -> String {
        let spaced = kind.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}
