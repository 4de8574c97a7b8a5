import GRDB
import SQLiteSupport

/// The exchange schema: named, append-only migrations, run at start-up. Never edit one that has
/// shipped; add the next. Instants are whole seconds since the Unix epoch; lists are JSON arrays.
enum ExchangeMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26 exchange v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("2026-11-27 exchange dispute reasons") { db in
            try db.execute(sql: "ALTER TABLE exchanges ADD COLUMN dispute_reason TEXT")
            try db.execute(sql: "ALTER TABLE exchanges ADD COLUMN resolution_reason TEXT")
        }
        migrator.registerMigration("2026-11-27 members by invitation") { db in
            try db.execute(sql: """
                ALTER TABLE members ADD COLUMN invitation_id INTEGER;
                CREATE UNIQUE INDEX members_by_invitation ON members (invitation_id) WHERE invitation_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("2026-11-27 coordinator tools") { db in
            try db.execute(sql: coordinatorTools)
        }
        migrator.registerMigration("2026-11-27 matching runs") { db in
            try db.execute(sql: SQLiteExchangeStore.matchingSchema)
        }
        migrator.registerMigration("2026-11-27 request area") { db in
            try db.execute(sql: "ALTER TABLE requests ADD COLUMN area TEXT")
        }
        migrator.registerMigration("2026-11-27 matching preferences") { db in
            try db.execute(sql: SQLiteExchangeStore.matchingPreferencesSchema)
        }
        migrator.registerMigration("2026-11-27 agreements") { db in
            try db.execute(sql: SQLiteExchangeStore.agreementsSchema)
        }
        migrator.registerMigration("2026-11-27 cross-network exchanges") { db in
            try db.execute(sql: SQLiteExchangeStore.crossNetworkSchema)
        }
        migrator.registerMigration("2026-11-27 reports") { db in
            // Unconfirmed exchanges past their session time, per network (SQLiteReportStore).
            try db.execute(sql: "CREATE INDEX exchanges_by_network_status ON exchanges (network_id, status, scheduled_start)")
        }
        migrator.registerMigration("2026-11-27 unsettled index without IN") { db in
            // SQLite evaluates a partial index's `status IN (…)` through a temporary b-tree built
            // for the old and the new row of every UPDATE: a measurable share of each exchange
            // step. The same set as comparisons; `exchangesDue` repeats it word for word, which is
            // what lets SQLite use the index.
            try db.execute(sql: """
                DROP INDEX exchanges_unsettled;
                CREATE INDEX exchanges_unsettled ON exchanges (id) WHERE \(SQLiteExchangeStore.unsettledCondition);
                """)
        }
        migrator.registerMigration("2026-12-01 request supporter preferences") { db in
            try db.execute(sql: """
                ALTER TABLE requests ADD COLUMN preferred_profession TEXT;
                ALTER TABLE requests ADD COLUMN preferred_career_stage TEXT;
                """)
        }
        migrator.registerMigration("2026-12-01 group session participants join") { db in
            // Sessions scheduled before this migration have nobody joined: their invited
            // participants join before the start, or nobody is charged.
            try db.execute(sql: "ALTER TABLE group_sessions ADD COLUMN joined_participant_ids TEXT NOT NULL DEFAULT '[]'")
        }
        migrator.registerMigration("2026-12-01 exchanges by offer and start") { db in
            // A proposal's and an acceptance's capacity check sums the offer's exchanges in the
            // session's month; covering, so the sum reads no table row.
            try db.execute(sql: """
                CREATE INDEX exchanges_by_offer_start
                    ON exchanges (offer_id, scheduled_start, status, duration_minutes, settled_minutes)
                """)
        }
        migrator.registerMigration("2026-12-01 keyed creations") { db in
            try db.execute(sql: SQLiteExchangeStore.keyedCreationsSchema)
        }
        migrator.registerMigration("2026-12-02 issue17-aggregates: membership and agreement versions") { db in
            // Every update of a membership or an agreement is a compare-and-set on the version it
            // read, so two instances over one database cannot lose each other's change.
            try db.execute(sql: """
                ALTER TABLE memberships ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE agreements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                """)
        }
        migrator.registerMigration("2026-12-02 issue17-handlers memberships by network and status") { db in
            // A coordinator's list narrowed to one status (e.g. the few suspended members of a
            // large network) seeks them instead of reading every membership of the network.
            try db.execute(sql: "CREATE INDEX memberships_by_network_status ON memberships (network_id, status, member_id)")
        }
        migrator.registerMigration("2026-12-02 exchange messages") { db in
            // The private thread between an exchange's two parties, and each party's read marker.
            try db.execute(sql: SQLiteExchangeStore.messagesSchema)
        }
        migrator.registerMigration("2026-12-02 group sessions by member") { db in
            // A member's page lists the sessions they lead or were invited to: one row per person
            // and session, filled in for the sessions that exist already.
            try db.execute(sql: """
                CREATE TABLE group_session_people (
                    member_id INTEGER NOT NULL REFERENCES members (id),
                    group_session_id INTEGER NOT NULL REFERENCES group_sessions (id),
                    PRIMARY KEY (member_id, group_session_id)
                ) STRICT, WITHOUT ROWID;
                INSERT INTO group_session_people (member_id, group_session_id)
                    SELECT facilitator_id, id FROM group_sessions
                    UNION SELECT CAST(people.value AS INTEGER), sessions.id
                        FROM group_sessions AS sessions, json_each(sessions.participant_ids) AS people;
                """)
        }
        migrator.registerMigration("2026-12-02 member settings") { db in
            // Each member's language and time zone, once they change them (none: the defaults).
            try db.execute(sql: SQLiteExchangeStore.memberSettingsSchema)
        }
        migrator.registerMigration("2026-12-02 issue19-matching: runs reviewed before they are sent") { db in
            // A run made for review keeps its proposals drafted until a coordinator sends it;
            // the runs made before this migration were sent when they were made.
            try db.execute(sql: SQLiteExchangeStore.matchingReviewMigration)
        }
        migrator.registerMigration("2026-12-02 i19-disputes: the other side of a dispute") { db in
            // The party who did not dispute gives their side (for the coordinators), and when a
            // dispute began, for the coordinators' list of disputes by age.
            try db.execute(sql: """
                ALTER TABLE exchanges ADD COLUMN dispute_answer TEXT;
                ALTER TABLE exchanges ADD COLUMN dispute_answered_at INTEGER;
                ALTER TABLE exchanges ADD COLUMN disputed_at INTEGER;
                """)
        }
        migrator.registerMigration("2026-12-02 members list: completed exchanges by network") { db in
            // The coordinators' members list sums each member's completed sessions in one pass
            // over this covering index (`SQLiteExchangeStore.rosterSQL`) instead of looking up
            // every completed exchange's row: 0.30 s → 0.11 s for 93,000 exchanges in the shell.
            try db.execute(sql: SQLiteExchangeStore.completedByNetworkIndex)
        }
        migrator.registerMigration("2026-12-02 notifications: the exchange database's outbox") { db in
            // Notices of exchanges, group sessions, memberships and agreements, written in the
            // transaction of the change that causes them (issue 20; `SQLiteOutboxTable`).
            try db.execute(sql: SQLiteOutboxTable.createStatements)
        }
        migrator.registerMigration("2026-12-02 i20-prefs: notice preferences and calendar feeds") { db in
            // Each member's choice of optional emails (none stored: the category's default), and
            // their private calendar feed (the token's SHA-256 only, one per member).
            try db.execute(sql: SQLiteExchangeStore.noticePreferencesSchema)
            try db.execute(sql: SQLiteExchangeStore.calendarFeedsSchema)
        }
        migrator.registerMigration("2026-12-02 i21-U: urgent requests, wellbeing leads and urgent settings") { db in
            // A member's request to talk to someone soon, which only the network's wellbeing
            // leads read; the leads a coordinator names; how long a request may wait.
            try db.execute(sql: SQLiteExchangeStore.urgentSchema)
        }
        migrator.registerMigration("2026-12-02 i21-w: network care texts") { db in
            // Each network's signposting list and privacy notice, written by its coordinators and
            // read without signing in (issue 21); nothing in them is about a member.
            try db.execute(sql: SQLiteExchangeStore.networkCareTextsSchema)
        }
        migrator.registerMigration("2026-12-02 i21-d: erasure and retention") { db in
            // An erased member's row keeps its id (ledger accounts, others' exchanges) and says
            // when it was erased; each network's retention period; when a request ended, which
            // the retention sweep counts from (`SQLiteExchangeStore.erasureAndRetentionSchema`).
            try db.execute(sql: SQLiteExchangeStore.erasureAndRetentionSchema)
        }
        migrator.registerMigration("2026-12-02 i21-x: audit events by subject member") { db in
            // A member's access export lists the audit events about them across every network
            // (`SubjectAuditRepository`): a seek by subject, not a scan of the whole trail.
            try db.execute(sql: """
                CREATE INDEX audit_events_by_subject_member ON audit_events (subject_member_id, id)
                    WHERE subject_member_id IS NOT NULL
                """)
        }
        return migrator
    }

    /// The audit trail (no private content: ids, the action, and what the action states) and
    /// corrections (each with its reversing transfer's id, allocated before the ledger is asked);
    /// the reason shown to both parties when an exchange is cancelled for them.
    private static let coordinatorTools = """
        CREATE TABLE audit_events (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES members (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            action TEXT NOT NULL,
            subject_member_id INTEGER REFERENCES members (id),
            subject_id INTEGER,
            detail TEXT
        ) STRICT;
        CREATE INDEX audit_events_by_network ON audit_events (network_id, id);

        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            network_id INTEGER NOT NULL REFERENCES networks (id),
            corrected_transfer_id INTEGER NOT NULL,
            reversal_transfer_id INTEGER NOT NULL UNIQUE,
            minutes INTEGER NOT NULL CHECK (minutes > 0),
            reason TEXT NOT NULL,
            created_by_id INTEGER NOT NULL REFERENCES members (id),
            created_at INTEGER NOT NULL,
            applied INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX corrections_by_network ON corrections (network_id, id);
        CREATE INDEX corrections_by_transfer ON corrections (corrected_transfer_id);

        ALTER TABLE exchanges ADD COLUMN cancellation_reason TEXT;
        """

    private static let v1 = """
        CREATE TABLE ledger_id_sequence (
            name TEXT PRIMARY KEY CHECK (name IN ('account', 'transfer')),
            next_id INTEGER NOT NULL CHECK (next_id > 0)
        ) STRICT;
        INSERT INTO ledger_id_sequence (name, next_id) VALUES ('account', 1), ('transfer', 1);

        CREATE TABLE networks (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            credit_floor_minutes INTEGER NOT NULL,
            ceiling_minutes INTEGER,
            welcome_grant_minutes INTEGER NOT NULL,
            auto_confirm_days INTEGER NOT NULL,
            group_session_payment TEXT NOT NULL,
            grace_minutes INTEGER NOT NULL,
            community_account_id INTEGER NOT NULL UNIQUE,
            correction_account_id INTEGER NOT NULL UNIQUE,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            display_name TEXT NOT NULL,
            profession TEXT NOT NULL,
            organisation TEXT NOT NULL,
            career_stage TEXT NOT NULL,
            languages TEXT NOT NULL,
            bio TEXT,
            is_administrator INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE memberships (
            member_id INTEGER NOT NULL REFERENCES members (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            status TEXT NOT NULL,
            role TEXT NOT NULL,
            ledger_account_id INTEGER NOT NULL UNIQUE,
            welcome_transfer_id INTEGER NOT NULL UNIQUE,
            invited_at INTEGER NOT NULL,
            joined_at INTEGER,
            PRIMARY KEY (member_id, network_id)
        ) STRICT;
        CREATE INDEX memberships_by_network ON memberships (network_id, member_id);

        CREATE TABLE support_kinds (name TEXT PRIMARY KEY) STRICT;
        INSERT INTO support_kinds (name) VALUES
            ('coaching'), ('mentoring'), ('peer_support'), ('reflective_practice'), ('career_guidance');

        CREATE TABLE offers (
            id INTEGER PRIMARY KEY,
            supporter_id INTEGER NOT NULL REFERENCES members (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            status TEXT NOT NULL,
            title TEXT NOT NULL,
            kinds TEXT NOT NULL,
            topics TEXT NOT NULL,
            availability TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            modes TEXT NOT NULL,
            area TEXT,
            languages TEXT NOT NULL,
            capacity_hours_per_month INTEGER NOT NULL,
            visibility TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX offers_by_network ON offers (network_id, status, id);
        CREATE INDEX offers_by_supporter ON offers (supporter_id, id);
        -- Titles and topics only; rowid = offers.id.
        CREATE VIRTUAL TABLE offers_text USING fts5 (title, topics, tokenize = 'unicode61');

        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            requester_id INTEGER NOT NULL REFERENCES members (id),
            network_id INTEGER NOT NULL REFERENCES networks (id),
            status TEXT NOT NULL,
            kind TEXT NOT NULL,
            topics TEXT NOT NULL,
            preferred_windows TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            mode TEXT NOT NULL,
            language TEXT NOT NULL,
            duration_minutes INTEGER NOT NULL,
            exclude_own_organisation INTEGER NOT NULL,
            excluded_member_ids TEXT NOT NULL,
            urgency TEXT NOT NULL,
            description TEXT,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX requests_by_network ON requests (network_id, status, id);
        CREATE INDEX requests_by_requester ON requests (requester_id, id);
        -- Topics only: descriptions are never indexed. rowid = requests.id.
        CREATE VIRTUAL TABLE requests_text USING fts5 (topics, tokenize = 'unicode61');

        CREATE TABLE exchanges (
            id INTEGER PRIMARY KEY,
            network_id INTEGER NOT NULL REFERENCES networks (id),
            offer_id INTEGER NOT NULL REFERENCES offers (id),
            request_id INTEGER REFERENCES requests (id),
            requester_id INTEGER NOT NULL REFERENCES members (id),
            supporter_id INTEGER NOT NULL REFERENCES members (id),
            proposed_by_id INTEGER NOT NULL REFERENCES members (id),
            scheduled_start INTEGER NOT NULL,
            duration_minutes INTEGER NOT NULL,
            status TEXT NOT NULL,
            requester_confirmed_minutes INTEGER,
            requester_confirmed_at INTEGER,
            supporter_confirmed_minutes INTEGER,
            supporter_confirmed_at INTEGER,
            disputed_by_id INTEGER,
            resolved_by_id INTEGER,
            settled_minutes INTEGER,
            reserve_transfer_id INTEGER NOT NULL UNIQUE,
            settle_transfer_id INTEGER NOT NULL UNIQUE,
            reserve_deadline INTEGER,
            auto_confirm_at INTEGER,
            pending_action TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            version INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX exchanges_by_requester ON exchanges (requester_id, id);
        CREATE INDEX exchanges_by_supporter ON exchanges (supporter_id, id);
        CREATE INDEX exchanges_by_request ON exchanges (request_id) WHERE request_id IS NOT NULL;
        CREATE INDEX exchanges_unsettled ON exchanges (id) WHERE status IN ('proposed', 'accepted', 'disputed');

        CREATE TABLE group_sessions (
            id INTEGER PRIMARY KEY,
            network_id INTEGER NOT NULL REFERENCES networks (id),
            facilitator_id INTEGER NOT NULL REFERENCES members (id),
            title TEXT NOT NULL,
            scheduled_start INTEGER NOT NULL,
            duration_minutes INTEGER NOT NULL,
            participant_ids TEXT NOT NULL,
            payment TEXT NOT NULL,
            status TEXT NOT NULL,
            first_transfer_id INTEGER NOT NULL,
            transfer_count INTEGER NOT NULL,
            completed_at INTEGER,
            created_at INTEGER NOT NULL,
            version INTEGER NOT NULL
        ) STRICT;
        """
}
