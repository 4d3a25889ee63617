package nl.dkgw.gateway.store.jdbc;

/**
 * The tables one module keeps in the node's database: its Flyway location and its own history table, so that
 * modules add migrations without sharing one numbering.
 */
public record ModuleSchema(String module, String location, String historyTable) {}
