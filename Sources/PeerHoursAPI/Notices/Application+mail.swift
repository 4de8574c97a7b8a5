import Exchange
import ExchangeSQLite
import Foundation
import Identity
import IdentitySQLite
import Ledger
import Logging
import Mail
import Notifications
import Outbox

/// The outboxes of the exchange and identity databases, and the directory delivery resolves
/// people through.
func mailDependencies(exchangeStore: SQLiteExchangeStore, identityStore: SQLiteIdentityStore) -> MailDependencies {
    mailDependencies(
        outboxes: [.exchange: exchangeStore.outbox, .identity: identityStore.outbox], identity: identityStore, exchange: exchangeStore)
}

/// The same over any stores (SQLite's or PostgreSQL's).
func mailDependencies(
    outboxes: [OutboxSource: any OutboxRepository], identity: any IdentityStore,
    exchange: some MemberRepository & MemberSettingsRepository & NetworkRepository & NoticePreferenceRepository
) -> MailDependencies {
    let directory = StoreNoticeDirectory(
        identity: identity, members: exchange, settings: exchange, networks: exchange, preferences: noticePreferences(exchange))
    return MailDependencies(outboxes: outboxes, directory: directory)
}

/// The delivery service over `stores`, sending through the configured transport, its links on
/// the public origin (or the address `serve` listens on).
func deliveryService(
    _ mail: MailConfiguration, stores: MailDependencies, configuration: AppConfiguration, clock: any EpochClock, logger: Logger
) throws -> DeliveryService {
    let transport = try mailTransport(mail.transport)
    let settings = NoticeMailSettings(
        publicOrigin: publicOrigin(configuration), from: mail.from, unsubscribePath: unsubscribePaths(configuration))
    let builder = NoticeMailBuilder(directory: stores.directory, renderer: NoticeRenderer(words: try NoticeWords()), settings: settings)
    return DeliveryService(
        outboxes: stores.outboxes.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value), builder: builder,
        transport: transport, clock: clock, status: DeliveryStatus(transport: transport.name), options: mail.delivery,
        logger: logger)
}

func publicOrigin(_ configuration: AppConfiguration) -> String {
    configuration.web.publicOrigin ?? "\(configuration.scheme)://\(configuration.host):\(configuration.port)"
}

/// A member's choice for a category, as their settings store it (the category's default when
/// they never chose).
func noticePreferences(_ store: some NoticePreferenceRepository) -> @Sendable (Int64, NoticeCategory) async throws -> NoticeFrequency {
    { memberID, category in
        try await store.noticePreferences(memberID: MemberID(rawValue: memberID))[category] ?? category.defaultFrequency
    }
}

/// Unsubscribe links signed with the same key the pages verify them with.
func unsubscribePaths(_ configuration: AppConfiguration) -> @Sendable (Int64, NoticeCategory) -> String? {
    let signer = NoticeLinkSigner(key: configuration.web.noticeKey)
    return { memberID, category in signer.unsubscribePath(memberID: MemberID(rawValue: memberID), category: category) }
}
