import Exchange
import Foundation
import Hummingbird

/// `/support/requests/{id}/suggestions`: the matching service's best offers for one request,
/// each with its reasons in words (never the scores), and — when asked — why the nearest
/// others were left out.
struct SuggestionsView: Sendable {
    struct Suggestion: Sendable {
        var rank: String
        var card: OfferCard
        var reasons: [String]
    }

    struct Exclusion: Sendable {
        var name: String
        var reason: String
    }

    var heading: String
    var requestHref: String
    var notice: String?
    var suggestions: [Suggestion]
    var hasSuggestions: Bool
    var explaining: Bool
    var explainHref: String
    var hideHref: String
    var exclusions: [Exclusion]
    var hasExclusions: Bool
    var isOpen: Bool

    init(request: SupportRequest, suggestions: [Suggestion], explaining: Bool, exclusions: [Exclusion], notice: String?,
         words: Words) {
        heading = words.format("suggestionsHeading", ["kind": ListingWords.kind(request.details.kind, words: words)])
        requestHref = ListingPaths.request(request.id)
        self.notice = notice
        isOpen = notice == nil
        self.suggestions = suggestions
        hasSuggestions = !suggestions.isEmpty
        self.explaining = explaining
        explainHref = ListingPaths.suggestions(request.id) + "?explain=1#left-out"
        hideHref = ListingPaths.suggestions(request.id)
        self.exclusions = exclusions
        hasExclusions = !exclusions.isEmpty
    }
}

/// Reasons in words, from what the request and the offer say and which of the score's parts
/// counted: nothing here shows a number the matcher computed but the shared time. `voice` is the
/// catalogue keys' prefix: `reason…` speaks to the requester ("free when you are"), a
/// coordinator's pages pass `coordinateReason…` (about the requester).
enum SuggestionReasons {
    static func reasons(_ suggestion: OfferSuggestion, offer: Offer, request: SupportRequest, profile: MemberProfile?,
                        words: Words, voice: String = "reason") -> [String] {
        let details = request.details
        let key = { (name: String) in voice + name }
        var reasons: [String] = []
        let offerTimes = ListingWords.convert(offer.details.availability, from: offer.details.timeZone, to: details.timeZone, now: Date())
        if details.preferredWindows.isEmpty {
            // A stored proposal keeps its score's parts but not the shared minutes: no figure then.
            if suggestion.overlapMinutes > 0 {
                reasons.append(words.format(key("FreeWeekly"), [
                    "hours": HoursText.text(minutes: Int64(suggestion.overlapMinutes), words: words),
                ]))
            }
        } else {
            let shared = ListingWords.shared(details.preferredWindows, offerTimes)
            let lines = ListingWords.times(Array(shared.prefix(3)), from: details.timeZone, in: details.timeZone, words: words)
            if !lines.isEmpty {
                reasons.append(words.format(key("FreeWhenYouAre"), ["times": ListingWords.list(lines, words: words)]))
            }
        }
        if offer.details.languages.contains(details.language) {
            reasons.append(words.format(key("Language"), ["language": ListingWords.language(details.language, words: words)]))
        }
        let topics = details.topics.filter(offer.details.topics.contains)
        if !topics.isEmpty {
            reasons.append(words.format(key("Topics"), ["topics": ListingWords.list(topics.map { "‘\($0)’" }, words: words)]))
        }
        if suggestion.parts.professionPreference > 0, let profile {
            reasons.append(words.format(key("Profession"), ["profession": profile.profession]))
        }
        if suggestion.givenMinutesPastYear > 0 {
            reasons.append(words.format(key("Given"), ["hours": HoursText.text(minutes: suggestion.givenMinutesPastYear, words: words)]))
        }
        if suggestion.parts.careerStagePreference > 0 { reasons.append(words[key("CareerStage")]) }
        if suggestion.parts.history > 0 { reasons.append(words[key("History")]) }
        reasons.append(words[key("Capacity")])
        if offer.networkID != request.networkID { reasons.append(words[key("Partner")]) }
        return reasons
    }

    /// Why an offer was left out, by the one filter it failed (`MatchingFilter`'s raw value).
    static func exclusion(_ filter: String, request: SupportRequest, words: Words) -> String {
        let details = request.details
        let key = "exclusion_" + filter
        return words.format(key, [
            "kind": ListingWords.kind(details.kind, words: words).lowercased(),
            "language": ListingWords.language(details.language, words: words),
            "mode": ListingWords.mode(details.mode, words: words).lowercased(),
            "duration": HoursText.text(minutes: details.durationMinutes, words: words),
        ])
    }
}

extension WebApp {
    func showSuggestions<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let id = Exchange.RequestID(try pathID(context))
        guard let signedIn = visit.signedIn else { return redirect("/sign-in", visit: visit) }
        let explaining = request.uri.queryParameters.get("explain") == "1"
        let actor = signedIn.actor
        var answer: RequestSuggestions?
        var notice: String?
        do {
            answer = try await exchange.matching.suggestions(actor, id, explain: explaining)
        } catch ExchangeError.invalidState {
            notice = visit.words["suggestionsNotOpen"]
        }
        let item = try await exchange.requests.request(actor, id)
        // The matcher also refuses an open request it cannot read (invalidState): say so plainly.
        if answer == nil, item.status == .open { notice = visit.words["suggestionsCannotMatch"] }
        var suggestions: [SuggestionsView.Suggestion] = []
        var exclusions: [SuggestionsView.Exclusion] = []
        if let answer {
            for (index, suggestion) in answer.suggestions.enumerated() {
                let offer = try await exchange.offers.offer(actor, suggestion.offerID)
                let profile = try await supporterProfile(actor, of: suggestion.offerID)
                let card = OfferCard(offer, supporter: profile, isOwn: false, viewerZone: viewerZone, words: visit.words,
                                     request: id)
                suggestions.append(SuggestionsView.Suggestion(
                    rank: visit.words.format("suggestionRank", ["rank": String(index + 1)]), card: card,
                    reasons: SuggestionReasons.reasons(suggestion, offer: offer, request: item, profile: profile, words: visit.words)))
            }
            for excluded in answer.excluded {
                var name = visit.words["searchYourOffer"]
                if excluded.supporterID != actor.memberID {
                    name = try await supporterProfile(actor, of: excluded.offerID)?.displayName ?? visit.words["exclusionSomeone"]
                }
                exclusions.append(SuggestionsView.Exclusion(
                    name: name, reason: SuggestionReasons.exclusion(excluded.filter.rawValue, request: item, words: visit.words)))
            }
        }
        let view = SuggestionsView(request: item, suggestions: suggestions, explaining: explaining, exclusions: exclusions,
                                   notice: notice, words: visit.words)
        return try await page("requests-suggestions", view, visit: visit)
    }
}
