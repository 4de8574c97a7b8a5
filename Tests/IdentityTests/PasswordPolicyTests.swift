import Identity
import Testing

// Proves the password policy refuses each kind of weak password with the reason a person can
// act on, and accepts a long passphrase.
@Suite struct PasswordPolicyTests {
    @Test(arguments: [
        ("short-pass1", PasswordPolicyViolation.tooShort(minimumCharacters: 12)),
        (String(repeating: "a1b2", count: 33), .tooLong(maximumCharacters: 128)),
        ("password1234", .commonlyUsed),
        ("Password1234!", .commonlyUsed),
        ("QWERTYUIOPAS", .commonlyUsed),
        ("nurse.okafor@example.nhs.uk", .equalsEmail),
    ])
    func refusesWeakPasswords(password: String, expected: PasswordPolicyViolation) {
        #expect(throws: expected) { try PasswordPolicy.check(password, email: "Nurse.Okafor@example.nhs.uk") }
    }

    @Test func acceptsAPassphrase() throws {
        try PasswordPolicy.check("violet-harbour-lantern-42", email: "nurse.okafor@example.nhs.uk")
    }

    // Proves lengths are counted in Unicode scalars (as JSON Schema counts), not bytes.
    @Test func countsCharactersNotBytes() throws {
        try PasswordPolicy.check("ééééééééééé1", email: "a@b.c")
        #expect(throws: PasswordPolicyViolation.tooShort(minimumCharacters: 12)) {
            try PasswordPolicy.check("éééééééééé1", email: "a@b.c")
        }
    }
}
