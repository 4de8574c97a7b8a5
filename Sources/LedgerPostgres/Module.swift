// The LedgerPostgres target: see Package.swift.
import PostgresSupport
