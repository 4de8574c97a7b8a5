/// Why a password was refused; each case says what the person can do about it.
public enum PasswordPolicyViolation: Error, Sendable, Hashable {
    case tooShort(minimumCharacters: Int)
    case tooLong(maximumCharacters: Int)
    case commonlyUsed
    case equalsEmail

    public var detail: String {
        switch self {
        case .tooShort(let minimum): "The password must have at least \(minimum) characters."
        case .tooLong(let maximum): "The password must have at most \(maximum) characters."
        case .commonlyUsed: "The password is on the list of commonly used passwords; choose another."
        case .equalsEmail: "The password must not be your email address."
        }
    }
}

/// 12–128 characters (counted as Unicode scalars, as JSON Schema counts them), not on the
/// embedded list of common passwords, not the email.
public enum PasswordPolicy {
    public static let lengthMin = 12
    public static let lengthMax = 128

    public static func check(_ password: String, email: String) throws(PasswordPolicyViolation) {
        let length = password.unicodeScalars.count
        guard length >= lengthMin else { throw .tooShort(minimumCharacters: lengthMin) }
        guard length <= lengthMax else { throw .tooLong(maximumCharacters: lengthMax) }
        let folded = password.lowercased()
        if folded == EmailAddress.normalized(email) { throw .equalsEmail }
        if CommonPasswords.contains(folded) { throw .commonlyUsed }
    }
}
