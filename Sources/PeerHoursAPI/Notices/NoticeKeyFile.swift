import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The key that signs unsubscribe links (`NoticeLinkSigner`): 32 random bytes in `notices.key` in
/// the data directory, readable by the owner only (0600), made at the first start and kept, so
/// links in emails already sent keep working across restarts. Deleting the file voids every link.
public enum NoticeKeyFile {
    public static let fileName = "notices.key"
    public static let byteCount = 32

    public enum Problem: Error, CustomStringConvertible, Equatable {
        /// The file is not exactly 32 bytes (truncated or not ours).
        case wrongSize(path: String, bytes: Int)
        /// Group or others may read or write it.
        case tooOpen(path: String, mode: UInt16)
        case io(path: String, errno: Int32)

        public var description: String {
            switch self {
            case .wrongSize(let path, let bytes): "\(path) holds \(bytes) bytes, not \(NoticeKeyFile.byteCount): remove it to make a new key (links already sent stop working)"
            case .tooOpen(let path, let mode): "\(path) has mode \(String(mode, radix: 8)): it must be readable by its owner only (chmod 600)"
            case .io(let path, let code): "\(path): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Reads the key, or makes it (exclusively, so two starts cannot make two) when absent.
    public static func loadOrCreate(directory: String) throws -> SymmetricKey {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let created = try create(path) { return created }
        return try load(path)
    }

    /// nil when the file exists already.
    private static func create(_ path: String) throws -> SymmetricKey? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return nil }
            throw Problem.io(path: path, errno: errno)
        }
        defer { close(descriptor) }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == byteCount, fsync(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw Problem.io(path: path, errno: code)
        }
        return SymmetricKey(data: bytes)
    }

    private static func load(_ path: String) throws -> SymmetricKey {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Problem.io(path: path, errno: errno) }
        let mode = UInt16(status.st_mode & 0o777)
        guard mode & 0o077 == 0 else { throw Problem.tooOpen(path: path, mode: mode) }
        guard status.st_size == byteCount else { throw Problem.wrongSize(path: path, bytes: Int(status.st_size)) }
        guard let data = FileManager.default.contents(atPath: path), data.count == byteCount else {
            throw Problem.wrongSize(path: path, bytes: FileManager.default.contents(atPath: path)?.count ?? 0)
        }
        return SymmetricKey(data: data)
    }
}
