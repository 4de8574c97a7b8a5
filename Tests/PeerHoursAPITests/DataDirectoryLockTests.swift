import Foundation
import PeerHoursAPI
import TestSupport
import Testing

@Suite struct DataDirectoryLockTests {
    // Proves one process per data directory: while a lock is held a second is refused with a
    // message naming the lock file; once the first is released the directory can be taken again.
    // (flock conflicts between two open files in one process as between two processes.)
    @Test func secondHolderRefused() throws {
        let temporary = try TemporaryDirectory(prefix: "peerhours-lock")
        defer { temporary.remove() }
        let directory = temporary.path
        var first: DataDirectoryLock? = try DataDirectoryLock(directory: directory)
        #expect(first != nil)
        do {
            _ = try DataDirectoryLock(directory: directory)
            Issue.record("a second lock on the same directory was granted")
        } catch let held as DataDirectoryLock.Held {
            #expect(held.path.hasSuffix("/serve.lock"))
            #expect(held.description.contains("another peerhours process"))
        }
        first = nil
        let again = try DataDirectoryLock(directory: directory)
        #expect(again.path == (directory as NSString).appendingPathComponent("serve.lock"))
    }
}
