/// The `route` label of a request: the template its router matched, never the path it asked
/// for, so that no id, token or search text reaches a metric and the label set stays bounded.
enum RouteLabel {
    /// A request no route matched (a 404 for a path nobody serves).
    static let unmatched = "unmatched"
    /// Beyond `ServiceMetrics.requestSeriesMax` series.
    static let other = "other"
    /// Longer templates than any the service registers are cut to this (a bound, not a tuning).
    static let lengthMax = 160

    /// The methods HTTP defines that a client may send; any other (a method is free text) is
    /// counted as `other`.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    static func method(_ method: String) -> String { methods.contains(method) ? method : other }

    /// The matched template (`/exchanges/{exchangeID}`), or `unmatched`. Every segment
    /// is kept only as the router's template wrote it: a parameter (`{name}`), a wildcard, or a
    /// literal with no digit; a literal with a digit (which a template never has, but a
    /// concrete path would) becomes `{}` so that nothing concrete can leak.
    static func template(endpointPath: String?) -> String {
        // Hummingbird names the not-found responder's endpoint `NotFound`: anything that is not
        // a path template is a request no route matched.
        guard let endpointPath, endpointPath.hasPrefix("/") else { return unmatched }
        let segments = endpointPath.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            if segment.hasPrefix("{") || segment.hasPrefix("*") || segment.hasPrefix(":") { return segment }
            return segment.contains(where: \.isNumber) ? "{}" : segment
        }
        let joined = segments.joined(separator: "/")
        return joined.count > lengthMax ? String(joined.prefix(lengthMax)) : joined
    }
}
