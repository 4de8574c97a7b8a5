import Exchange
import Foundation
import Identity
import Ledger
import Notifications
import Outbox

/// `NoticeDirectory` over the stores: addresses from identity, names and settings from the
/// exchange domain's repositories (read as the service itself: no actor, nothing audited).
struct StoreNoticeDirectory: NoticeDirectory {
    let identity: any IdentityStore
    let members: any MemberRepository
    let settings: any MemberSettingsRepository
    let networks: any NetworkRepository
    let preferences: @Sendable (Int64, NoticeCategory) async throws -> NoticeFrequency

    func recipient(memberID: Int64) async throws -> NoticeRecipientFacts? {
        guard let credential = try await identity.credential(memberID: memberID) else { return nil }
        let id = MemberID(rawValue: memberID)
        let member = try await members.member(id)
        let chosen = try await settings.memberSettings(id) ?? .standard
        return NoticeRecipientFacts(
            email: credential.email, name: member?.profile.displayName,
            timeZone: TimeZone(identifier: chosen.timeZone) ?? TimeZone(identifier: MemberSettings.defaultTimeZone) ?? .gmt,
            languageTag: "en-GB")
    }

    func memberName(_ memberID: Int64) async throws -> String? {
        try await members.member(MemberID(rawValue: memberID))?.profile.displayName
    }

    func networkName(_ networkID: Int64) async throws -> String? {
        try await networks.network(NetworkID(rawValue: networkID))?.name
    }

    func frequency(memberID: Int64, category: NoticeCategory) async throws -> NoticeFrequency {
        try await preferences(memberID, category)
    }
}
