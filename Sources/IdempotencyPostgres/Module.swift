// The IdempotencyPostgres target: see Package.swift.
import PostgresSupport
