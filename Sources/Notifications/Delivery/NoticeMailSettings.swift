import Foundation
import Mail
import Outbox

/// What every message shares: the sender, the public origin its links start with, and the host
/// named in its `Message-ID`.
public struct NoticeMailSettings: Sendable {
    /// "https://peerhours.example" (no trailing slash): links in emails must work outside this machine.
    public var publicOrigin: String
    public var from: MailAddress
    public var messageIDHost: String
    /// The page where a member chooses which emails they get.
    public var settingsPath: String
    /// The unsubscribe page of an optional category for a member (a signed path), when signing is set up.
    public var unsubscribePath: @Sendable (Int64, NoticeCategory) -> String?

    public init(
        publicOrigin: String, from: MailAddress, messageIDHost: String? = nil, settingsPath: String = "/account/settings#emails",
        unsubscribePath: @escaping @Sendable (Int64, NoticeCategory) -> String? = { _, _ in nil }
    ) {
        var origin = publicOrigin
        while origin.hasSuffix("/") { origin.removeLast() }
        self.publicOrigin = origin
        self.from = from
        self.messageIDHost = messageIDHost ?? URL(string: origin)?.host ?? "peerhours.invalid"
        self.settingsPath = settingsPath
        self.unsubscribePath = unsubscribePath
    }
}
