import Foundation

/// The bounds of a member profile (EXCHANGE.md), checked before anything is written; the
/// generated code checks types and enums but not lengths or patterns.
enum ProfileValidation {
    static func validated(_ profile: Components.Schemas.MemberProfile, pointer: String) throws -> MemberProfileInput {
        var errors: [Problem.FieldError] = []
        func bound(_ value: String, _ field: String, _ range: ClosedRange<Int>) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !range.contains(trimmed.unicodeScalars.count) || (range.lowerBound == 0 && value.unicodeScalars.count > range.upperBound) {
                errors.append(.init(pointer: "\(pointer)/\(field)", detail: "must be \(range.lowerBound) to \(range.upperBound) characters"))
            }
        }
        bound(profile.displayName, "displayName", 1...80)
        bound(profile.profession, "profession", 1...80)
        bound(profile.organisation, "organisation", 1...120)
        if let bio = profile.bio { bound(bio, "bio", 0...500) }
        if !(1...10).contains(profile.languages.count) || Set(profile.languages).count != profile.languages.count {
            errors.append(.init(pointer: "\(pointer)/languages", detail: "must be 1 to 10 different language codes"))
        }
        for (index, language) in profile.languages.enumerated() where !isLanguageCode(language) {
            errors.append(.init(pointer: "\(pointer)/languages/\(index)", detail: "must look like en, cy or en-GB"))
        }
        guard errors.isEmpty else {
            throw Problem.invalidRequest(errors.map { "\($0.pointer) \($0.detail)" }.joined(separator: "; ") + ".", fieldErrors: errors)
        }
        return MemberProfileInput(
            displayName: profile.displayName.trimmingCharacters(in: .whitespacesAndNewlines),
            profession: profile.profession.trimmingCharacters(in: .whitespacesAndNewlines),
            organisation: profile.organisation.trimmingCharacters(in: .whitespacesAndNewlines),
            careerStage: profile.careerStage.rawValue, languages: profile.languages, bio: profile.bio)
    }

    /// `^[a-z]{2,3}(-[A-Z]{2})?$`
    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        let lower = parts[0].unicodeScalars
        guard (2...3).contains(lower.count), lower.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        guard parts.count == 2 else { return true }
        let upper = parts[1].unicodeScalars
        return upper.count == 2 && upper.allSatisfy({ ("A"..."Z").contains($0) })
    }
}
