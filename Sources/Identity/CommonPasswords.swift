import Foundation

/// Commonly used passwords, lower-cased, written from well-known breach top lists (never
/// downloaded). A password is refused when it, or its stem without leading and trailing digits
/// and symbols, is on the list.
enum CommonPasswords {
    static func contains(_ lowercasedPassword: String) -> Bool {
        if list.contains(lowercasedPassword) { return true }
        let stem = lowercasedPassword.trimmingCharacters(in: stemTrimmed)
        return stem.count >= 4 && list.contains(stem)
    }

    private static let stemTrimmed = CharacterSet.letters.inverted

    static let list: Set<String> = [
        "!qaz2wsx#edc", "000000000000", "09876543210", "0987654321098", "111111111111", "1111122222",
        "112233445566", "11223344556677", "121212121212", "123123123123", "123321123321", "12341234",
        "123412341234", "1234512345", "1234554321", "123456", "12345678", "123456789",
        "1234567890", "123456789012", "1234567890123", "12345678910", "1234qwerasdf", "1234qwerasdfzxcv",
        "123abc123abc", "123qwe123qwe", "123qweasdzxc", "135792468013", "147258369147", "147852369",
        "159753159753", "1a2b3c4d5e6f", "1q2w3e4r5t6y", "1q2w3e4r5t6y7u", "1qaz!qaz1qaz", "1qaz2wsx",
        "1qaz2wsx3edc", "1qazxsw23edc", "246813579246", "456789456789", "741852963741", "789456123789",
        "963852741963", "987654321098", "987654321987", "a1b2c3d4e5f6", "aaaaaaaaaaaa", "abc123",
        "abc123456789", "abc123abc123", "abcd1234abcd", "abcdefghijkl", "abcdefghijklmnop", "access123456",
        "accessgranted", "admin", "admin123", "admin12345678", "adminadmin", "administrator",
        "administrator1", "adminpassword", "arsenal12345", "asdf1234asdf", "asdfghjkl", "asdfghjkl123",
        "asdfghjklqwe", "autumn2024", "autumn2025", "babyboy12345", "babygirl1234", "baseball",
        "baseball1234", "basketball", "basketball12", "batman", "batman123456", "blink182blink",
        "changeme", "changeme123", "changemenow", "charlie", "charlie12345", "chelsea123456",
        "clinical1234", "computer", "computer1234", "correct horse battery staple", "correcthorsebatterystaple", "cricket12345",
        "december2025", "default12345", "default1234567", "demo12345678", "doctor123456", "doctordoctor",
        "dragon", "dragon123456", "england12345", "example12345", "football", "football1234",
        "football12345", "fortnite1234", "freedom", "freedom12345", "gameofthrones", "generalpractice",
        "goodmorning1", "goodnight123", "gp1234567890", "guest1234567", "guestguest12", "harrypotter1",
        "harrypotter123", "healthcare123", "hello1234567", "hellohello12", "helloworld12", "helloworld123",
        "hockey123456", "hospital1234", "hospital12345", "hunter", "hunter123456", "iamthebest123",
        "iloveu123456", "iloveyou", "iloveyou123", "iloveyou1234", "iloveyoubaby", "iloveyouforever",
        "iloveyousomuch", "internet", "internet1234", "january2025", "jennifer", "jennifer1234",
        "jessica", "jessica12345", "jordan23jordan", "letmein", "letmein123", "letmein12345",
        "letmeinplease", "liverpool", "liverpool1892", "login12345678", "london123456", "londonlondon",
        "lordoftherings", "lovelovelove", "lovely123456", "loveyou12345", "manchester123", "manchesterunited",
        "master", "master123456", "matrix123456", "matrixmatrix", "medicine1234", "michael",
        "michael12345", "michaeljordan", "minecraft123", "monkey", "monkey123456", "mylove123456",
        "mypassword", "mypassword123", "mysecretpassword", "nationalhealthservice", "newpassword", "newpassword123",
        "nhs123456789", "nhsengland123", "nhspassword", "nhspassword1", "nhspassword123", "nopassword12",
        "nopassword123", "nurse1234567", "nursenurse12", "opensesame123", "p@ssw0rd", "p@ssw0rd1234",
        "p@ssword123", "paramedic123", "passw0rd", "passw0rd1234", "password", "password!123",
        "password1", "password12", "password123", "password1234", "password12345", "password123456",
        "passwordless", "passwordpassword", "patient12345", "peerhours", "peerhours123", "peerhours1234",
        "pharmacy1234", "physician123", "playstation1", "playstation2", "pleaseletmein", "pokemon12345",
        "practicemanager", "princess", "princess1234", "privatepassword", "q1w2e3r4t5y6", "qazwsxedc123",
        "qazwsxedcrfv", "qwer1234qwer", "qwerty123456", "qwertyqwerty", "qwertyuiop", "qwertyuiop12",
        "qwertyuiop123", "qwertyuiopas", "qwertyuiopasdfgh", "qwertyuiopasdfghjkl", "qwertyytrewq", "receptionist",
        "roblox123456", "rugby1234567", "sample123456", "scotland1234", "secret123456", "secretpassword",
        "september2025", "shadow", "shadow123456", "soccer123456", "spiderman", "spiderman123",
        "spring2024", "spring2025", "startrek1234", "starwars", "starwars1234", "starwars12345",
        "summer2023", "summer2024", "summer2025", "summer2026", "sunshine", "sunshine1234",
        "superman", "superman123", "surgery12345", "temp12345678", "temporary123", "temppassword",
        "tennis123456", "test12345678", "testing12345", "testpassword", "testtesttest", "thankyou1234",
        "thomas", "thomas123456", "timebank12345", "timebanking1", "topsecret123", "tottenham123",
        "trustno1", "trustnoone123", "unitedkingdom", "user12345678", "username1234", "wales1234567",
        "welcome", "welcome123", "welcome12345", "welcometothejungle", "wellbeing123", "wellbeing1234",
        "whatever", "whatever1234", "whatsup12345", "winter2023", "winter2024", "winter2025",
        "winter2026", "xbox12345678", "zaq12wsxcde3", "zxcv1234zxcv", "zxcvbnm123456", "zxcvbnmasdfg",
    ]
}
