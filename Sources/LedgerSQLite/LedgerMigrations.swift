import GRDB

/// The ledger's schema: named, append-only migrations, run at start-up. Never edit one that
/// has shipped; add the next.
///
/// Transfers, journal entries, closures and resolutions are only ever inserted. Account counters
/// and network totals are updated in place (they are folds of the journal, re-checked by verify);
/// `ledger_pending_open` is a work queue of reservations not yet resolved.
enum LedgerMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26 ledger v1") { db in
            try db.execute(sql: v1)
        }
        return migrator
    }

    private static let v1 = """
        CREATE TABLE ledger_accounts (
            id INTEGER PRIMARY KEY CHECK (id > 0),
            network_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            lower_limit_minutes INTEGER NOT NULL,
            upper_limit_minutes INTEGER,
            reference INTEGER NOT NULL,
            created_timestamp INTEGER NOT NULL,
            closed INTEGER NOT NULL,
            debits_pending_minutes INTEGER NOT NULL,
            debits_posted_minutes INTEGER NOT NULL,
            credits_pending_minutes INTEGER NOT NULL,
            credits_posted_minutes INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ledger_accounts_by_network ON ledger_accounts (network_id, id);

        CREATE TABLE ledger_account_closures (
            account_id INTEGER PRIMARY KEY,
            timestamp INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ledger_transfers (
            id INTEGER PRIMARY KEY CHECK (id > 0),
            journal_sequence INTEGER NOT NULL UNIQUE,
            network_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            linked INTEGER NOT NULL,
            debit_account_id INTEGER NOT NULL,
            credit_account_id INTEGER NOT NULL,
            requested_amount_minutes INTEGER,
            pending_id INTEGER,
            timeout_seconds INTEGER,
            code TEXT NOT NULL,
            reference INTEGER NOT NULL,
            reverses_id INTEGER,
            amount_minutes INTEGER NOT NULL,
            timestamp INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ledger_transfers_by_debit ON ledger_transfers (debit_account_id, journal_sequence);
        CREATE INDEX ledger_transfers_by_credit ON ledger_transfers (credit_account_id, journal_sequence);
        CREATE INDEX ledger_transfers_by_reversed ON ledger_transfers (reverses_id) WHERE reverses_id IS NOT NULL;

        CREATE TABLE ledger_pending_open (
            transfer_id INTEGER PRIMARY KEY,
            deadline INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX ledger_pending_open_by_deadline ON ledger_pending_open (deadline, transfer_id);

        CREATE TABLE ledger_pending_resolutions (
            pending_id INTEGER PRIMARY KEY,
            status TEXT NOT NULL,
            resolved_by_id INTEGER,
            timestamp INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ledger_failed_transfers (
            id INTEGER PRIMARY KEY,
            result TEXT NOT NULL,
            timestamp INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ledger_network_totals (
            network_id INTEGER PRIMARY KEY,
            debits_pending_minutes INTEGER NOT NULL,
            debits_posted_minutes INTEGER NOT NULL,
            credits_pending_minutes INTEGER NOT NULL,
            credits_posted_minutes INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ledger_journal (
            sequence INTEGER PRIMARY KEY CHECK (sequence > 0),
            kind TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            hash BLOB NOT NULL
        ) STRICT;
        """
}
