-- Service records (SPEC §27.1), one row per session, written at every step of the call (is_open
-- until final) so a crash leaves the row behind with last_seen_at. The columns a query filters
-- on are plain; the rest of the record (IVR path, transfers, satisfaction, voicemail, recording,
-- variables, progress marks) is JSON the records bundle keeps under 32000 characters (Derby's
-- VARCHAR limit is 32672; PostgreSQL shares VARCHAR, not CLOB/TEXT). No foreign key to instance:
-- a record is never refused. Same dialect rules as V1.

CREATE TABLE service_record (
    session_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    instance_id      BIGINT        NOT NULL,
    started_at       TIMESTAMP     NOT NULL,
    category         VARCHAR(16)   NOT NULL,
    direction        VARCHAR(16)   NOT NULL,
    agent_terminal   VARCHAR(16),
    caller_number    VARCHAR(64),
    callee_number    VARCHAR(64),
    remark           VARCHAR(200),
    status           VARCHAR(32)   NOT NULL,
    duration_s       INTEGER       NOT NULL,
    ring_duration_s  INTEGER       NOT NULL,
    talk_duration_s  INTEGER       NOT NULL,
    queue_duration_s INTEGER       NOT NULL,
    hold_duration_s  INTEGER       NOT NULL,
    agent_id         VARCHAR(20),
    agent_name       VARCHAR(64),
    skill_group_id   BIGINT,
    skill_group      VARCHAR(64),
    hangup_party     VARCHAR(16),
    campaign_id      BIGINT,
    is_open          BOOLEAN       NOT NULL,
    last_seen_at     TIMESTAMP     NOT NULL,
    ended_at         TIMESTAMP,
    detail           VARCHAR(32000) NOT NULL
);

CREATE INDEX service_record_time_ix ON service_record (instance_id, started_at);
CREATE INDEX service_record_open_ix ON service_record (is_open);
