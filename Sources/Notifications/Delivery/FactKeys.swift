import Foundation
import Outbox

/// How the delivery service reads a draft's facts (`Outbox.NoticeFacts`; the invitation's
/// inviter is Identity's own key).
enum FactKeys {
    static let invitedByMemberID = "invitedByMemberID"

    /// "Video call", "Phone call or video call": the ways the session may happen, never its subject
    /// (the offer's place is text a member wrote, and is not in the facts).
    static func meetingWay(_ facts: [String: String]) -> String? {
        let modes = (facts[NoticeFacts.meetingModes] ?? facts[NoticeFacts.meetingMode])?
            .split(separator: ",").map(String.init) ?? []
        guard !modes.isEmpty else { return nil }
        let words = modes.map { mode -> String in
            switch mode {
            case "video": "video call"
            case "phone": "phone call"
            case "in_person": "in person"
            default: mode.replacingOccurrences(of: "_", with: " ")
            }
        }
        let joined = words.joined(separator: " or ")
        return joined.prefix(1).uppercased() + joined.dropFirst()
    }
}
