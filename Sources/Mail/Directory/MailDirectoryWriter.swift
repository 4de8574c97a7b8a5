#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable replacement of one file: a new temporary file (0600, O_EXCL), written, fsynced,
/// renamed over the target, and the folder fsynced so the rename survives a power cut.
/// Blocking: call it off the cooperative pool.
enum MailDirectoryWriter {
    static func write(_ bytes: [UInt8], fileName: String, directory: String) throws(MailDeliveryError) {
        precondition(!fileName.contains("/") && !fileName.hasPrefix("."), "a file name that could leave the folder")
        try ensureDirectory(directory)
        let target = directory + "/" + fileName
        let temporary = directory + "/.tmp-" + String(UInt64.random(in: .min ... .max), radix: 16) + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open") }
        do throws(MailDeliveryError) {
            try writeAll(bytes, to: descriptor)
            guard fsync(descriptor) == 0 else { throw failure("fsync") }
            guard close(descriptor) == 0 else { throw failure("close") }
        } catch {
            _ = close(descriptor)
            _ = unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let error = failure("rename")
            _ = unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Creates the folder 0700 when missing (its parent must exist).
    private static func ensureDirectory(_ directory: String) throws(MailDeliveryError) {
        if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw failure("mkdir") }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(MailDeliveryError) {
        var offset = 0
        var attempts = 0
        while offset < bytes.count {
            attempts += 1
            precondition(attempts <= bytes.count + 1_000, "write made no progress")
            let written = bytes[offset...].withUnsafeBytes { posixWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write")
            }
            offset += written
        }
    }

    private static func syncDirectory(_ directory: String) throws(MailDeliveryError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open folder") }
        defer { _ = close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("fsync folder") }
    }

    /// The step and errno: no path (it may name a person's message) and no contents.
    private static func failure(_ step: String) -> MailDeliveryError {
        .transient("mail-dir \(step): errno \(errno)")
    }
}

private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
