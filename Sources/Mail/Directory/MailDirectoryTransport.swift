import NIOPosix

/// Delivers by writing each message as `<Message-ID>.eml` into a folder (for development, tests
/// and sites that hand files to their own mail system). A resend of the same Message-ID replaces
/// the same file; a crash leaves either the old file or the new one, never a torn one.
public struct MailDirectoryTransport: MailTransport {
    public let directory: String

    public var name: String { "mail-dir" }

    /// `directory` is created (0700) at the first send when missing; its parent must exist.
    public init(directory: String) {
        precondition(!directory.isEmpty, "the mail folder's path is empty")
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    }

    /// A message that cannot be composed is `.permanent`; a failed write (disk full, no
    /// permission) is `.transient`.
    public func send(_ message: MailMessage) async throws {
        let bytes: [UInt8]
        do {
            bytes = try MailComposer.compose(message)
        } catch {
            throw MailDeliveryError.permanent("compose: \(error)")
        }
        let fileName = MailFileName.forMessageID(message.messageID)
        let directory = self.directory
        do {
            try await NIOThreadPool.singleton.runIfActive {
                try MailDirectoryWriter.write(bytes, fileName: fileName, directory: directory)
            }
        } catch let error as MailDeliveryError {
            throw error
        } catch {
            throw MailDeliveryError.transient("mail-dir: thread pool unavailable")
        }
    }
}
