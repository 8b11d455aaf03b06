-- mj4j task store, schema version 2: task leases, so engines in several processes split the polling.
-- A task is polled by the node named in lease_owner until lease_until; an expired lease may be claimed.
ALTER TABLE mj4j_task ADD COLUMN IF NOT EXISTS lease_owner VARCHAR(128);

ALTER TABLE mj4j_task ADD COLUMN IF NOT EXISTS lease_until TIMESTAMP WITH TIME ZONE;

CREATE INDEX IF NOT EXISTS mj4j_task_lease_idx ON mj4j_task (status, lease_until);
