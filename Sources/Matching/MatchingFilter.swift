/// The hard filters, each a named reason an offer cannot serve a request. Declared (and
/// checked) cheapest first; `availability` is last because it is the only one that computes.
public enum MatchingFilter: String, Sendable, Hashable, CaseIterable, Codable {
    /// The supporter has fewer minutes left this month than the request's duration.
    case capacity
    /// The offer is the requester's own.
    case isSelf = "self"
    /// The requester excluded this supporter by id.
    case excludedMember
    /// The requester asked not to be matched within their own organisation.
    case ownOrganisation
    /// The offer does not include the requested kind of support.
    case kind
    /// No language in common.
    case language
    /// The offer does not include the requested mode, or in person but in another area.
    case mode
    /// Neither the request's network nor a partner network that may see the offer.
    case visibility
    /// One of the two blocked the other.
    case blockedPair
    /// The pair's last exchange was disputed.
    case disputedPair
    /// No unbroken shared stretch as long as the request's duration in the reference week.
    case availability
}
