import Foundation
import Ledger

/// The audit events about one member (their `subjectMemberID`), across every network: what a
/// member's access export (`AccessExportService`) shows them. Read-only; the trail is appended
/// through `AuditRepository`.
public protocol SubjectAuditRepository: Sendable {
    /// Events whose subject member is `memberID`, in id order after `afterID`, at most `limit`.
    func auditEvents(aboutMember memberID: MemberID, afterID: AuditEventID?, limit: Int) async throws -> [AuditEvent]
}
