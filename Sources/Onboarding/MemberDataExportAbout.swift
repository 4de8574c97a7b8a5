/// What each section of a data export is, in plain words, in the order the sections are read.
public struct MemberDataExportAbout: Sendable, Hashable, Codable {
    public var section: String
    public var text: String

    public static let sections: [MemberDataExportAbout] = [
        .init(section: "identity", text: "Your login: your email address, when your account was made, whether a password is set, and your active sessions (when each began and ends). Passwords and session keys are kept only as one-way hashes and are never shown."),
        .init(section: "profile", text: "Your profile as other members see it, and whether you are an administrator."),
        .init(section: "settings", text: "The language and time zone you chose for the app."),
        .init(section: "memberships", text: "The networks you belong to, your role and standing in each, and when you were invited and joined."),
        .init(section: "offers", text: "The support you offered, with its availability and settings."),
        .init(section: "requests", text: "The support you asked for, with your descriptions and preferences."),
        .init(section: "exchanges", text: "The sessions you took part in: when, how long, their status, the other person by name, and any reasons given for a dispute or a cancellation."),
        .init(section: "messages", text: "The messages in your sessions' threads, yours and the other person's: you were a party to each."),
        .init(section: "statements", text: "Every movement of hours on your account in each network, with the other side (a member by name, or the network's community, correction or clearing account) and your balance after it."),
        .init(section: "groupSessions", text: "The group sessions you led or were invited to."),
        .init(section: "blocks", text: "The people you asked never to be matched with."),
        .init(section: "notificationSettings", text: "How often you get each kind of optional email."),
        .init(section: "calendarFeed", text: "Whether you have a private calendar feed and when it was made (its address is secret and not shown)."),
        .init(section: "auditEvents", text: "What coordinators and administrators did concerning you, as the audit trail records it: when, what and in which network. Who acted is given by role, not by name."),
        .init(section: "urgentRequests", text: "Your requests for urgent support, with your notes and how you asked to be reached."),
        .init(section: "truncated", text: "A section holds at most 10,000 rows; when a section has more, its oldest rows are given and truncated is true. Ask an administrator for the rest."),
    ]
}
