import Exchange
import Foundation
import Identity
import Ledger
import Logging
import Mail

/// Erasing a member across the two databases and the mail folder (issue 21): the one function
/// the API's `POST /members/me/erasure` and `/members/{memberID}/erasure` and the web page's
/// `/account/erase` call.
///
/// Order, so that a crash midway leaves a state a retry finishes (every step is idempotent):
/// 1. the address is read from the identity database (it is needed for step 3);
/// 2. the exchange database's part (`ErasureService.erase`): sessions to come left, every
///    network left, open exchanges cancelled, content deleted, `erased_at` set — the member can
///    still sign in, and retry, until step 4;
/// 3. the mail folder's messages to the address are deleted;
/// 4. the identity database's part (`IdentityService.eraseAccount`): sessions, resets,
///    invitations, unsent emails, attempts, and last the credential.
/// A crash after step 4 leaves nothing of the address; one before it leaves the credential, so
/// the member (or an administrator) runs it again.
public struct MemberErasure: Sendable {
    public let identity: IdentityService
    public let exchange: ExchangeDomain
    /// The mail folder when email is written to one (`--mail-dir`); nil otherwise.
    public let mailDirectory: String?
    let logger: Logger

    /// The words a member types to confirm they want to be erased.
    public static let confirmationPhrase = "erase my account"

    public init(identity: IdentityService, exchange: ExchangeDomain, mailDirectory: String?,
                logger: Logger = Logger(label: "peerhours.erasure")) {
        self.identity = identity
        self.exchange = exchange
        self.mailDirectory = mailDirectory
        self.logger = logger
    }

    /// A member erases themself: `confirm` must be the phrase exactly (else `ExchangeError`
    /// validation at `confirm`) and `password` theirs (else `IdentityError.invalidCredentials`,
    /// counted as a failed login from `clientAddress`).
    public func eraseSelf(memberID: Int64, isAdministrator: Bool, confirm: String, password: String,
                          clientAddress: String) async throws -> ErasureReport {
        guard confirm == Self.confirmationPhrase else {
            throw ExchangeError.validation(ValidationError(field: "confirm", reason: "must be exactly “\(Self.confirmationPhrase)”"))
        }
        try await identity.confirmPassword(memberID: memberID, password: password, clientAddress: clientAddress)
        return try await erase(Actor(memberID: MemberID(memberID), isAdministrator: isAdministrator), memberID: MemberID(memberID))
    }

    /// The member themself or an administrator erases `memberID` (the exchange domain's rules:
    /// `ErasureService.erase`); audited `member.erased` in each network they belonged to.
    public func erase(_ actor: Actor, memberID: MemberID) async throws -> ErasureReport {
        let address = try await identity.email(memberID: memberID.rawValue)
        let report = try await exchange.erasure.erase(actor, memberID: memberID)
        var mailFiles = 0
        if let address, let mailDirectory {
            mailFiles = try MailFolderErasure(directory: mailDirectory).deleteMessages(to: EmailAddress.normalized(address))
        }
        try await identity.eraseAccount(memberID: memberID.rawValue, email: address)
        logger.notice("member erased everywhere", metadata: ["member": "\(memberID)", "mailFiles": "\(mailFiles)"])
        return report
    }
}
