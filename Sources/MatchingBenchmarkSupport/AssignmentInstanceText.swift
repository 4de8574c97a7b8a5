/// Writes an instance in the issue-4 text format that `AssignmentInstanceParser` reads:
/// `R O CAP MAXS E`, then one `r o score` line per edge. Pure: returns the text.
public enum AssignmentInstanceText {
    /// - Precondition: every offer has the same capacity (the format has one CAP).
    public static func render(_ instance: AssignmentInstance) -> String {
        let capacity = instance.offerCapacities.first ?? 0
        precondition(instance.offerCapacities.allSatisfy { $0 == capacity }, "the format needs one capacity")
        var text = "\(instance.requestCount) \(instance.offerCount) \(capacity) \(instance.scoreMax) \(instance.edges.count)\n"
        text.reserveCapacity(instance.edges.count * 16 + 64)
        for edge in instance.edges {
            text += "\(edge.request) \(edge.offer) \(edge.score)\n"
        }
        return text
    }
}
