/// The canonical bytes of a journal entry: a fixed, versioned, big-endian layout. Changing it
/// breaks every stored chain, so it is versioned by the leading magic and never edited in place.
struct CanonicalEncoder {
    private(set) var bytes: [UInt8] = Array("PHJ1".utf8)

    init() {
        bytes.reserveCapacity(160)
    }

    mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    mutating func append(_ value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
    }

    mutating func append(_ value: Int64?) {
        if let value {
            bytes.append(1)
            append(value)
        } else {
            bytes.append(0)
        }
    }

    mutating func append(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    mutating func append(_ string: String) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= Int(UInt16.max), "canonical strings are short codes")
        bytes.append(UInt8(utf8.count >> 8))
        bytes.append(UInt8(utf8.count & 0xff))
        bytes.append(contentsOf: utf8)
    }

    mutating func append(_ event: LedgerEvent) {
        append(event.kindName)
        switch event {
        case .accountOpened(let account, let timestamp):
            append(account.id.rawValue)
            append(account.networkID.rawValue)
            append(account.kind.rawValue)
            append(account.lowerLimitMinutes)
            append(account.upperLimitMinutes)
            append(account.reference)
            append(timestamp)
        case .accountClosed(let id, let timestamp):
            append(id.rawValue)
            append(timestamp)
        case .transferAccepted(let transfer):
            append(transfer)
        case .pendingExpired(let id, let timestamp):
            append(id.rawValue)
            append(timestamp)
        }
    }

    private mutating func append(_ transfer: Transfer) {
        let command = transfer.command
        append(command.id.rawValue)
        append(command.networkID.rawValue)
        append(command.kind.name)
        let fields = TransferFields(command.kind)
        append(fields.debitAccountID?.rawValue)
        append(fields.creditAccountID?.rawValue)
        append(fields.amountMinutes)
        append(fields.pendingID?.rawValue)
        append(fields.timeoutSeconds)
        append(command.code.rawValue)
        append(command.reference)
        append(command.reversesID?.rawValue)
        append(command.linked)
        append(transfer.debitAccountID.rawValue)
        append(transfer.creditAccountID.rawValue)
        append(transfer.amountMinutes)
        append(transfer.timestampNanoseconds)
    }
}

/// A transfer kind's fields laid flat, each nil where the kind has none: for comparisons
/// (`exists_with_different_*`), storage columns and the canonical encoding.
public struct TransferFields: Sendable, Hashable {
    public var debitAccountID: AccountID?
    public var creditAccountID: AccountID?
    public var amountMinutes: Int64?
    public var pendingID: TransferID?
    public var timeoutSeconds: Int64?

    public init(_ kind: TransferKind) {
        switch kind {
        case .single(let debit, let credit, let amount):
            self.init(debit: debit, credit: credit, amount: amount, pendingID: nil, timeout: nil)
        case .pending(let debit, let credit, let amount, let timeout):
            self.init(debit: debit, credit: credit, amount: amount, pendingID: nil, timeout: timeout)
        case .postPending(let pendingID, let amount):
            self.init(debit: nil, credit: nil, amount: amount, pendingID: pendingID, timeout: nil)
        case .voidPending(let pendingID):
            self.init(debit: nil, credit: nil, amount: nil, pendingID: pendingID, timeout: nil)
        }
    }

    private init(
        debit: AccountID?, credit: AccountID?, amount: Int64?, pendingID: TransferID?, timeout: Int64?
    ) {
        debitAccountID = debit
        creditAccountID = credit
        amountMinutes = amount
        self.pendingID = pendingID
        timeoutSeconds = timeout
    }

    /// Rebuilds a kind from its name and flat fields, as a store reads them back.
    /// Nil when the fields do not fit the kind (a corrupted row).
    public static func kind(
        named name: String, debit: AccountID?, credit: AccountID?, amountMinutes: Int64?,
        pendingID: TransferID?, timeoutSeconds: Int64?
    ) -> TransferKind? {
        switch (name, debit, credit, amountMinutes, pendingID, timeoutSeconds) {
        case ("single", let debit?, let credit?, let amount?, nil, nil):
            .single(debit: debit, credit: credit, amountMinutes: amount)
        case ("pending", let debit?, let credit?, let amount?, nil, let timeout?):
            .pending(debit: debit, credit: credit, amountMinutes: amount, timeoutSeconds: timeout)
        case ("post_pending", nil, nil, let amount, let pendingID?, nil):
            .postPending(pendingID: pendingID, amountMinutes: amount)
        case ("void_pending", nil, nil, nil, let pendingID?, nil):
            .voidPending(pendingID: pendingID)
        default:
            nil
        }
    }
}
