import Exchange
import Foundation
import Hummingbird
import Identity
import Ledger
import Onboarding

/// The invitation form's fields as posted: a password (new, or the existing account's), and
/// for a new account the profile.
struct InvitationForm: Decodable, Sendable {
    var password: String?
    var displayName: String?
    var profession: String?
    var organisation: String?
    var careerStage: String?
    var languages: String?
    var bio: String?
    var csrf: String?

    static let fieldOrder = ["password", "displayName", "profession", "organisation", "careerStage", "languages", "bio"]
}

/// The invitation page's model. A new account sets a password (the policy is the hint, so it
/// needs no script) and fills in a profile; an email with an account already gives that
/// account's password only.
struct InvitationView: Sendable {
    var action: String
    var email: String
    /// The network the invitation joins, named in the lead ("You were invited to join …").
    var invitedTo: String
    var hasAccount: Bool
    var newAccount: Bool
    var password: FormField
    var displayName: FormField
    var profession: FormField
    var organisation: FormField
    var careerStage: OptionGroup
    var languages: FormField
    var bio: FormField
    var errors: [FormErrors.SummaryItem]
    var hasErrors: Bool

    init(words: Words, token: String, invitation: Invitation, networkName: String?, hasAccount: Bool, form: InvitationForm,
         errors: FormErrors) {
        action = "/join/" + token
        email = invitation.email
        invitedTo = networkName.map { words.format("joinInvitedTo", ["network": $0]) } ?? words["joinInvitedToNetwork"]
        self.hasAccount = hasAccount
        newAccount = !hasAccount
        password = FormField("password", words: words, key: hasAccount ? "joinExistingPassword" : "joinNewPassword",
                             errors: errors, type: "password", autocomplete: hasAccount ? "current-password" : "new-password")
        displayName = FormField("displayName", words: words, key: "profileDisplayName", value: form.displayName ?? "",
                                errors: errors, autocomplete: "name")
        profession = FormField("profession", words: words, key: "profileProfession", value: form.profession ?? "",
                               errors: errors, autocomplete: "organization-title")
        organisation = FormField("organisation", words: words, key: "profileOrganisation", value: form.organisation ?? "",
                                 errors: errors, autocomplete: "organization")
        careerStage = OptionGroup("careerStage", words: words, key: "profileCareerStage",
                                 values: CareerStage.allCases.map(\.rawValue), selected: form.careerStage, errors: errors)
        languages = FormField("languages", words: words, key: "profileLanguages", value: form.languages ?? "en", errors: errors)
        bio = FormField("bio", words: words, key: "profileBio", value: form.bio ?? "", errors: errors, multiline: true)
        self.errors = errors.summary(fieldOrder: InvitationForm.fieldOrder)
        hasErrors = !errors.isEmpty
    }
}

/// The page for a link that cannot be used: unknown, used or expired.
struct InvitationUnavailableView: Sendable {
    var heading: String
    var explanation: String
}

extension WebApp {
    func showInvitation<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request, preparingForms: true)
        let token = try context.parameters.require("token")
        let (status, hasAccount) = try await identity.invitationStatus(token: token)
        guard case .open(let invitation) = status else { return invitationUnavailable(status, visit: visit) }
        let view = InvitationView(words: visit.words, token: token, invitation: invitation,
                                  networkName: try await exchange.networks.nameForInvitation(to: NetworkID(invitation.networkID)), hasAccount: hasAccount,
                                  form: InvitationForm(), errors: FormErrors())
        return try await page("join", view, visit: visit)
    }

    /// Checks the form as the domain would (the password policy, the profile's one validation)
    /// and shows every mistake at once; then `SignUp` joins the network — the same operation as
    /// the API's — and the new member is signed in through the identity service's login.
    func acceptInvitation<Context: WebRequestContext>(_ request: Request, context: Context) async throws -> Response {
        let visit = try await visit(request)
        let form = try await decodeForm(InvitationForm.self, request, context: context)
        try FormProtection.check(request, presentedToken: form.csrf, visit: visit, publicOrigin: configuration.publicOrigin)
        let token = try context.parameters.require("token")
        let (status, hasAccount) = try await identity.invitationStatus(token: token)
        guard case .open(let invitation) = status else { return invitationUnavailable(status, visit: visit) }
        let password = form.password ?? ""
        var errors = InvitationChecks.errors(form, email: invitation.email, hasAccount: hasAccount, words: visit.words)
        func again(_ errors: FormErrors) async throws -> Response {
            let view = InvitationView(words: visit.words, token: token, invitation: invitation,
                                  networkName: try await exchange.networks.nameForInvitation(to: NetworkID(invitation.networkID)), hasAccount: hasAccount,
                                      form: form, errors: errors)
            return try await page("join", view, visit: visit, status: .unprocessableContent)
        }
        guard errors.isEmpty else { return try await again(errors) }
        do {
            _ = try await signUp.acceptInvitation(
                token: token, password: password, profile: hasAccount ? nil : InvitationChecks.profile(form))
        } catch IdentityError.invalidCredentials {
            errors.add("password", visit.words["joinExistingPasswordWrong"])
            return try await again(errors)
        } catch IdentityError.passwordPolicy(let violation) {
            errors.add("password", InvitationChecks.message(violation, words: visit.words))
            return try await again(errors)
        } catch SignUp.Refusal.invalidProfile(let broken) {
            for error in broken { errors.add(InvitationChecks.formField(error.field), visit.words["profileError_" + InvitationChecks.formField(error.field)]) }
            return try await again(errors)
        } catch IdentityError.invitationUsed, IdentityError.emailTaken {
            return invitationUnavailable(.alreadyUsed, visit: visit)
        } catch IdentityError.invitationExpired {
            return invitationUnavailable(.expired(invitation), visit: visit)
        } catch IdentityError.invitationRevoked {
            return invitationUnavailable(.revoked, visit: visit)
        } catch IdentityError.invitationNotFound {
            return invitationUnavailable(.notFound, visit: visit)
        }
        let session = try await identity.login(email: invitation.email, password: password, clientAddress: context.clientAddress)
        return try await startSession(session, replacing: visit)
    }

    private func invitationUnavailable(_ status: InvitationStatus, visit: Visit) -> Response {
        let (key, code): (String, HTTPResponse.Status) =
            switch status {
            case .alreadyUsed: ("joinUsed", .gone)
            case .expired: ("joinExpired", .gone)
            case .revoked: ("joinRevoked", .gone)
            case .notFound, .open: ("joinNotFound", .notFound)
            }
        let view = InvitationUnavailableView(heading: visit.words[key + "Heading"], explanation: visit.words[key + "Explanation"])
        return renderPage("join-unavailable", view, visit: visit, status: code)
    }
}

/// The invitation form's checks, pure: the same rules the domain and the identity service
/// apply, worded from the catalogue, so that every mistake shows at once before anything is taken.
enum InvitationChecks {
    static func errors(_ form: InvitationForm, email: String, hasAccount: Bool, words: Words) -> FormErrors {
        var errors = FormErrors()
        let password = form.password ?? ""
        if hasAccount {
            if password.isEmpty { errors.add("password", words["joinExistingPasswordMissing"]) }
            return errors
        }
        do {
            try PasswordPolicy.check(password, email: email)
        } catch {
            errors.add("password", message(error, words: words))
        }
        if CareerStage(rawValue: form.careerStage ?? "") == nil { errors.add("careerStage", words["profileError_careerStage"]) }
        for broken in profile(form).trimmed.validationErrors {
            errors.add(formField(broken.field), words["profileError_" + formField(broken.field)])
        }
        return errors
    }

    /// The profile as the domain reads it: languages split at commas and spaces, an empty
    /// biography as none. An unchosen career stage is reported by `errors`.
    static func profile(_ form: InvitationForm) -> MemberProfile {
        let languages = (form.languages ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        let bio = (form.bio ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return MemberProfile(
            displayName: form.displayName ?? "", profession: form.profession ?? "", organisation: form.organisation ?? "",
            careerStage: CareerStage(rawValue: form.careerStage ?? "") ?? .mid, languages: languages,
            bio: bio.isEmpty ? nil : bio)
    }

    /// The form field of a domain field name (`languages[2]` → `languages`).
    static func formField(_ domainField: String) -> String {
        String(domainField.prefix { $0 != "[" && $0 != "." })
    }

    static func message(_ violation: PasswordPolicyViolation, words: Words) -> String {
        switch violation {
        case .tooShort(let minimum): words.format("passwordTooShort", ["count": String(minimum)])
        case .tooLong(let maximum): words.format("passwordTooLong", ["count": String(maximum)])
        case .commonlyUsed: words["passwordCommon"]
        case .equalsEmail: words["passwordIsEmail"]
        }
    }
}
