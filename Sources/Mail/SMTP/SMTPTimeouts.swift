/// How long each step of an SMTP delivery may take before it counts as a transient failure.
public struct SMTPTimeouts: Sendable, Hashable {
    public var connect: Duration
    /// From connection (and, for smtps, the TLS handshake) to the 220 greeting.
    public var greeting: Duration
    /// Each command's reply, the TLS handshake after STARTTLS included.
    public var command: Duration
    /// From the first octet of the message to the reply after the final ".".
    public var dataEnd: Duration

    public init(connect: Duration = .seconds(10), greeting: Duration = .seconds(30), command: Duration = .seconds(30), dataEnd: Duration = .seconds(60)) {
        precondition([connect, greeting, command, dataEnd].allSatisfy { $0 > .zero && $0 <= .seconds(600) }, "timeouts in (0, 10 min]")
        self.connect = connect
        self.greeting = greeting
        self.command = command
        self.dataEnd = dataEnd
    }

    /// The same bound for every step (`peerhours mail-check --timeout-seconds`).
    public static func uniform(_ duration: Duration) -> SMTPTimeouts {
        SMTPTimeouts(connect: duration, greeting: duration, command: duration, dataEnd: duration)
    }
}
