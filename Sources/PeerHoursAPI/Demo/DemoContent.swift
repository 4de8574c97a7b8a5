import Exchange

/// The people, offers and requests `peerhours serve --demo` seeds: invented, on a reserved
/// domain, in two networks. Nothing here is real personal data.
enum DemoContent {
    struct Person {
        var key: String
        var email: String
        var network: String
        var coordinates: Bool
        var profile: MemberProfile
    }

    static let emailDomain = "demo.peerhours.example"

    static let administrator = MemberProfile(
        displayName: "Demo Administrator", profession: "Programme lead", organisation: "PeerHours demo",
        careerStage: .senior, languages: ["en"])

    static let networks: [(slug: String, name: String)] = [
        ("demo-north", "North GP Wellbeing (demo)"),
        ("demo-south", "South Nursing Peer Support (demo)"),
    ]

    static let people: [Person] = [
        person("amara", "demo-north", coordinates: true, "Dr Amara Okafor", "GP partner", "Riverside Surgery", .senior, ["en", "yo"]),
        person("tom", "demo-north", "Tom Reid", "Practice nurse", "Riverside Surgery", .mid, ["en"]),
        person("priya", "demo-north", "Dr Priya Shah", "Salaried GP", "Hillview Practice", .mid, ["en", "gu"]),
        person("sam", "demo-north", "Sam Lewis", "Paramedic", "North Ambulance Service", .early, ["en", "cy"]),
        person("grace", "demo-south", coordinates: true, "Grace Mensah", "Ward sister", "South General Hospital", .senior, ["en"]),
        person("owen", "demo-south", "Owen Price", "Clinical pharmacist", "Harbour Health Centre", .mid, ["en", "cy"]),
        person("li", "demo-south", "Dr Li Wei", "GP registrar", "Harbour Health Centre", .early, ["en", "zh"]),
    ]

    private static func person(
        _ key: String, _ network: String, coordinates: Bool = false, _ name: String, _ profession: String,
        _ organisation: String, _ stage: CareerStage, _ languages: [String]
    ) -> Person {
        Person(key: key, email: "\(key)@\(emailDomain)", network: network, coordinates: coordinates,
               profile: MemberProfile(displayName: name, profession: profession, organisation: organisation,
                                      careerStage: stage, languages: languages))
    }

    static let weekdayEvenings = (1...5).map { AvailabilityWindow(weekday: $0, startMinute: 18 * 60, endMinute: 21 * 60) }
    static let lunchtimes = [2, 4].map { AvailabilityWindow(weekday: $0, startMinute: 12 * 60, endMinute: 14 * 60) }
    /// Shift workers' support: any hour of any day (the seed books a session starting at once).
    static let anyTime = (1...7).map { AvailabilityWindow(weekday: $0, startMinute: 0, endMinute: 1440) }

    /// (supporter key, offer)
    static let offers: [(String, OfferDetails)] = [
        ("tom", OfferDetails(
            title: "Peer support after a hard shift", kinds: ["peer_support"], topics: ["burnout", "workload"],
            availability: anyTime, timeZone: "Europe/London", modes: [.video, .phone], languages: ["en"],
            capacityHoursPerMonth: 4)),
        ("priya", OfferDetails(
            title: "Coaching for a career change in general practice", kinds: ["coaching", "career_guidance"],
            topics: ["career-change", "portfolio-career"], availability: lunchtimes, timeZone: "Europe/London",
            modes: [.video], languages: ["en", "gu"], capacityHoursPerMonth: 2)),
        ("owen", OfferDetails(
            title: "Mentoring on prescribing and leading a team", kinds: ["mentoring"], topics: ["prescribing", "leadership"],
            availability: weekdayEvenings, timeZone: "Europe/London", modes: [.video, .inPerson], area: "Harbour",
            languages: ["en", "cy"], capacityHoursPerMonth: 3, visibility: .partners)),
        ("grace", OfferDetails(
            title: "Reflective practice for new ward leaders", kinds: ["reflective_practice"], topics: ["leadership", "resilience"],
            availability: lunchtimes, timeZone: "Europe/London", modes: [.video, .phone], languages: ["en"],
            capacityHoursPerMonth: 4)),
    ]

    /// (requester key, request); the descriptions are private to the requester and their supporter.
    static let requests: [(String, RequestDetails)] = [
        ("sam", RequestDetails(
            kind: "peer_support", topics: ["burnout"], preferredWindows: weekdayEvenings, timeZone: "Europe/London",
            mode: .video, language: "en", description: "A difficult run of night shifts; I would like to talk it through.")),
        ("tom", RequestDetails(
            kind: "coaching", topics: ["career-change"], timeZone: "Europe/London", mode: .video, language: "en",
            excludeOwnOrganisation: true, description: "Thinking about advanced practice training.")),
        ("li", RequestDetails(
            kind: "mentoring", topics: ["prescribing"], preferredWindows: weekdayEvenings, timeZone: "Europe/London",
            mode: .video, language: "en", urgency: .high, description: "First months of independent prescribing.")),
        ("owen", RequestDetails(
            kind: "reflective_practice", topics: ["resilience"], timeZone: "Europe/London", mode: .phone, language: "en")),
        ("priya", RequestDetails(
            kind: "mentoring", topics: ["leadership"], preferredWindows: weekdayEvenings, timeZone: "Europe/London",
            mode: .video, language: "en", description: "Leading a practice team for the first time.")),
    ]

    /// The agreement between the two demo networks: mentoring and peer support both ways, up to
    /// 20 hours net each way, 10 sessions a month each way, for a year.
    static let agreementKinds = ["mentoring", "peer_support"]
}
