-- mj4j task store, schema version 1. Written in the SQL that both H2 2.x and PostgreSQL accept.
-- Every statement is idempotent (IF NOT EXISTS): H2 commits each DDL statement on its own, so a run
-- interrupted halfway is completed by the next one. Times are TIMESTAMP WITH TIME ZONE to the
-- microsecond; JSON is kept as TEXT, in TaskJson's form.

-- One row per task: its latest snapshot, written before the engine's listeners hear of it.
CREATE TABLE IF NOT EXISTS mj4j_task (
    id             VARCHAR(255) NOT NULL,
    provider_id    VARCHAR(64)  NOT NULL,
    vendor_task_id VARCHAR(255),
    action         TEXT         NOT NULL,
    parent_id      VARCHAR(255),
    status         VARCHAR(16)  NOT NULL,
    snapshot       TEXT         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_poll_at   TIMESTAMP WITH TIME ZONE,
    version        BIGINT       NOT NULL,
    CONSTRAINT mj4j_task_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS mj4j_task_vendor_idx ON mj4j_task (provider_id, vendor_task_id);

CREATE INDEX IF NOT EXISTS mj4j_task_status_idx ON mj4j_task (status);

-- Every snapshot a task ever had, in order: seq equals the task row's version after the write.
CREATE TABLE IF NOT EXISTS mj4j_task_transition (
    task_id     VARCHAR(255) NOT NULL,
    seq         BIGINT       NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    progress    INTEGER,
    snapshot    TEXT         NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT mj4j_task_transition_pk PRIMARY KEY (task_id, seq),
    CONSTRAINT mj4j_task_transition_task_fk FOREIGN KEY (task_id) REFERENCES mj4j_task (id) ON DELETE CASCADE
);
