// The IdentityPostgres target: see Package.swift.
import PostgresSupport
