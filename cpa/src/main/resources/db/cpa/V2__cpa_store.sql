-- CPA store (module dkgw-cpa). The gateway owns V1 and V3+.
-- Portable between H2 2.x and PostgreSQL 15.

CREATE TABLE cpa (
    cpa_id      VARCHAR(255)             NOT NULL PRIMARY KEY,
    status      VARCHAR(16)              NOT NULL,
    start_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    xml         TEXT                     NOT NULL,
    version     BIGINT                   NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One row; bumped in the same transaction as every insert, replace and delete, so each node can see
-- cheaply whether its cache of parsed CPAs is stale.
CREATE TABLE cpa_revision (
    id       INTEGER NOT NULL PRIMARY KEY,
    revision BIGINT  NOT NULL
);

INSERT INTO cpa_revision (id, revision) VALUES (1, 0);
