-- The audit log is read newest first by its id (JdbcAuditEvents.latest) and never by time, so the index on
-- occurred_at (V4) served no query; every audited action still wrote it, one more tree for H2 to rewrite at commit
-- (issue 15: the admin API audits each submitted message).
DROP INDEX ix_audit_event_time;
