import AppTestSupport
import Exchange
import Foundation
import HTTPTypes
import Identity
import Synchronization
import Testing
import Onboarding
@testable import PeerHoursAPI

/// A member directory whose next `failuresLeft` Exchange steps fail, as a crash or a refusal
/// between Identity's claim and its completion would; it records the profiles it was given.
final class FailingMemberDirectory: MemberDirectory {
    struct InjectedFailure: Error {}
    let base = FakeMemberDirectory()
    let failuresLeft = Mutex(0)
    let profiles = Mutex<[MemberProfileInput]>([])

    private func step() throws {
        try failuresLeft.withLock { left in
            guard left > 0 else { return }
            left -= 1
            throw InjectedFailure()
        }
    }

    func createAdministrator(profile: MemberProfileInput) async throws -> Int64 {
        try step()
        profiles.withLock { $0.append(profile) }
        return try await base.createAdministrator(profile: profile)
    }

    func checkMayInvite(_ principal: Principal, networkID: Int64) async throws {
        try await base.checkMayInvite(principal, networkID: networkID)
    }

    func join(networkID: Int64, invitationID: Int64, existingMemberID: Int64?, newProfile: MemberProfileInput?) async throws -> Int64 {
        try step()
        if let newProfile { profiles.withLock { $0.append(newProfile) } }
        return try await base.join(networkID: networkID, invitationID: invitationID, existingMemberID: existingMemberID, newProfile: newProfile)
    }
}

/// `SignUp`, the one operation across Identity and Exchange behind bootstrap and accepting an
/// invitation.
@Suite struct SignUpTests {
    static let profile = MemberProfile(
        displayName: "  Dr Amina Rahman ", profession: "GP", organisation: "Riverside Surgery", careerStage: .mid, languages: ["en"])

    /// Proves a bootstrap whose Exchange step fails releases the token's claim (the same token
    /// works on the retry, and only then is an administrator in Identity), and that names are
    /// stored trimmed.
    @Test func failedBootstrapReleasesTheClaim() async throws {
        let fixture = try await AppFixture()
        let directory = FailingMemberDirectory()
        let signUp = SignUp(identity: fixture.identity, members: directory)
        let token = try #require(try await fixture.identity.prepareBootstrapToken())
        directory.failuresLeft.withLock { $0 = 1 }
        await #expect(throws: FailingMemberDirectory.InjectedFailure.self) {
            _ = try await signUp.bootstrapAdministrator(token: token, email: "admin@example.org", password: AppFixture.password, profile: Self.profile)
        }
        #expect(try await !fixture.identityStore.administratorExists())
        let memberID = try await signUp.bootstrapAdministrator(
            token: token, email: "admin@example.org", password: AppFixture.password, profile: Self.profile)
        #expect(try await fixture.identityStore.administratorExists())
        #expect(memberID == 1)
        #expect(directory.profiles.withLock { $0.map(\.displayName) } == ["Dr Amina Rahman"])
    }

    /// Proves an acceptance whose join fails releases the invitation (the retry with the same
    /// token joins once), and that a new account without a profile is refused and released too.
    @Test func failedAcceptanceReleasesTheInvitation() async throws {
        let fixture = try await AppFixture()
        let directory = FailingMemberDirectory()
        let signUp = SignUp(identity: fixture.identity, members: directory)
        let issued = try await fixture.identity.invite(email: "nurse@example.nhs.uk", networkID: 4, invitedBy: 1)

        await #expect(throws: SignUp.Refusal.profileRequired) {
            _ = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: nil)
        }
        directory.failuresLeft.withLock { $0 = 1 }
        await #expect(throws: FailingMemberDirectory.InjectedFailure.self) {
            _ = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: Self.profile)
        }
        let joined = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: Self.profile)
        #expect(joined.networkID == 4)
        #expect(directory.base.joinCount == 1)
        await #expect(throws: IdentityError.self) {
            _ = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: Self.profile)
        }
    }

    /// Proves the profile is checked by the domain's one validation, every broken rule at once,
    /// before anything is claimed: the refusal names displayName and languages[0], and the
    /// same invitation is then accepted with a valid profile.
    @Test func invalidProfileIsRefusedWholeBeforeTheClaim() async throws {
        let fixture = try await AppFixture()
        let signUp = SignUp(identity: fixture.identity, members: FakeMemberDirectory())
        let issued = try await fixture.identity.invite(email: "nurse@example.nhs.uk", networkID: 4, invitedBy: 1)
        var invalid = Self.profile
        invalid.displayName = String(repeating: "n", count: 81)
        invalid.languages = ["EN"]
        do {
            _ = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: invalid)
            Issue.record("an invalid profile was accepted")
        } catch let SignUp.Refusal.invalidProfile(errors) {
            #expect(errors.map(\.field) == ["displayName", "languages[0]"])
            #expect(errors == invalid.validationErrors)
        }
        _ = try await signUp.acceptInvitation(token: issued.token, password: "quiet-meadow-compass-77", profile: Self.profile)
    }

    /// Proves the refusal's problem points into the body: `/profile/displayName` and
    /// `/profile/languages/0`, each with the domain's reason, all in one 400.
    @Test func invalidProfileProblemPointsIntoTheProfile() {
        let problem = Problem(SignUp.Refusal.invalidProfile([
            ValidationError(field: "displayName", reason: "must be 1–80 characters; it has 81"),
            ValidationError(field: "languages[0]", reason: "must be a language code"),
        ]))
        #expect(problem.status == .badRequest)
        #expect(problem.fieldErrors.map(\.pointer) == ["/profile/displayName", "/profile/languages/0"])
        #expect(problem.detail == "/profile/displayName must be 1–80 characters; it has 81; /profile/languages/0 must be a language code.")
    }
}
