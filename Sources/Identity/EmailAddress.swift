import Foundation

/// Emails are compared and stored in one normal form: trimmed and lower-cased.
public enum EmailAddress {
    public static let lengthMax = 254

    public static func normalized(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A deliberately loose check (one `@`, something either side, no spaces, bounded length);
    /// whether the address works is proven by the invitation reaching its owner.
    public static func isPlausible(_ email: String) -> Bool {
        let scalars = email.unicodeScalars
        guard scalars.count >= 3, scalars.count <= lengthMax else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !email.contains(where: { $0.isWhitespace })
    }
}
