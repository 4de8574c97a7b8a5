import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Putting a finished file or directory in place so that after a crash it is either wholly
/// there or not there: the caller has fsynced its contents; the move is one rename (or a hard
/// link, which refuses an existing name), and the folder holding it is fsynced after.
enum DurableFiles {
    /// Moves the fsynced file `partial` to `path`. Without `replacing`, an existing `path` is
    /// refused (link(2) fails with EEXIST), even one created since the caller looked.
    static func publish(_ partial: String, as path: String, replacing: Bool) throws {
        if replacing {
            guard rename(partial, path) == 0 else { throw posixError() }
        } else {
            guard link(partial, path) == 0 else {
                if errno == EEXIST { throw BackupError.outputExists(path) }
                throw posixError()
            }
            unlink(partial)
        }
        try synchronizeFolder(of: path)
    }

    /// Moves the directory `staging` to `path`, which must not exist or be empty (rename(2)
    /// replaces only an empty directory, so nothing is ever overwritten).
    static func publishDirectory(_ staging: String, as path: String) throws {
        guard rename(staging, path) == 0 else {
            if errno == ENOTEMPTY || errno == EEXIST { throw BackupError.targetNotEmpty(path) }
            throw posixError()
        }
        try synchronizeFolder(of: path)
    }

    static func synchronize(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw posixError() }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw posixError() }
    }

    static func synchronizeFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try synchronize(path: folder.isEmpty ? "." : folder)
    }

    private static func posixError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
