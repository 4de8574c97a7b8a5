import Exchange
import Foundation
import Hummingbird

/// Where the listings pages live (offers, requests, search, suggestions). The API owns
/// `/offers…` and `/requests…` (api/openapi.yaml), so the pages sit under `/support`: every
/// path of this area is spelled here, and links to it are built here.
enum ListingPaths {
    static let offers = "/support/offers"
    static let newOffer = "/support/offers/new"
    static let requests = "/support/requests"
    static let newRequest = "/support/requests/new"
    static let search = "/search"

    static func offer(_ id: OfferID) -> String { "\(offers)/\(id.rawValue)" }
    static func editOffer(_ id: OfferID) -> String { "\(offer(id))/edit" }
    static func offerStatus(_ id: OfferID) -> String { "\(offer(id))/status" }
    static func request(_ id: Exchange.RequestID) -> String { "\(requests)/\(id.rawValue)" }
    static func withdrawRequest(_ id: Exchange.RequestID) -> String { "\(request(id))/withdraw" }
    static func suggestions(_ id: Exchange.RequestID) -> String { "\(request(id))/suggestions" }

    /// The other area's page that proposes a session on an offer (and, from suggestions, for a request).
    static func askForSession(offer: OfferID, request: Exchange.RequestID? = nil) -> String {
        var path = SessionPaths.new + "?offer=\(offer.rawValue)"
        if let request { path += "&request=\(request.rawValue)" }
        return path
    }

    /// `path` with `cursor` (opaque: base64url, so only `=` may need escaping) as its query.
    static func nextPage(_ path: String, cursor: String, query: [(String, String)] = []) -> String {
        let pairs = query + [("cursor", cursor)]
        return path + "?" + pairs.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension WebApp {
    /// The numeric id in the path's `name` parameter (`id` unless told); anything else (not a
    /// number, out of the ids' range 1…2^53−1) is the 404 page.
    func pathID<Context: WebRequestContext>(_ context: Context, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text), (1...9_007_199_254_740_991).contains(id) else {
            throw WebRefusal.notFound
        }
        return id
    }

    /// A page request from the query's `cursor` (a cursor the domain refuses is a 400 page).
    func pageRequest(_ request: Request) -> PageRequest {
        PageRequest(cursor: request.uri.queryParameters.get("cursor").map { String($0) })
    }

    /// Runs a list read, turning the domain's refusal of a cursor (a validation error) into the
    /// 400 page rather than a failure.
    func listing<Item>(_ read: () async throws -> Item) async throws -> Item {
        do {
            return try await read()
        } catch ExchangeError.validation {
            throw WebRefusal.badRequest
        }
    }

    /// The signed-in member's networks where they are active, with names, in id order.
    func activeNetworks(_ signedIn: Visit.SignedIn) async throws -> [Network] {
        var networks: [Network] = []
        for membership in try await exchange.memberships.memberships(signedIn.actor, of: signedIn.actor.memberID)
        where membership.isActive {
            networks.append(try await exchange.networks.network(signedIn.actor, membership.networkID))
        }
        return networks.sorted { $0.id.rawValue < $1.id.rawValue }
    }

    /// The display name, profession and organisation of whoever gives the support `offerID`
    /// offers, when `actor` may see that offer (a partner network's included); nil otherwise (an
    /// offer left out of a suggestion because `actor` may not see it).
    func supporterProfile(_ actor: Actor, of offerID: OfferID) async throws -> MemberProfile? {
        do {
            return try await exchange.offers.supporter(actor, of: offerID).profile
        } catch ExchangeError.notFound {
            return nil
        }
    }
}
