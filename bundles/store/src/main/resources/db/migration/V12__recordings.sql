-- The recordings index (SPEC §28, §29): one row per call recording or voicemail file, inserted
-- when the file opens (ended_at null) so that a file left open by a crash is found and repaired
-- at the next start. file is the absolute path under the appliance's data directory.
-- Same dialect rules as V1.

CREATE TABLE recording (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    instance_id     BIGINT        NOT NULL,
    session_id      VARCHAR(64)   NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    file_path       VARCHAR(1000) NOT NULL,
    channels        INTEGER       NOT NULL,
    duration_s      INTEGER       NOT NULL,
    started_at      TIMESTAMP     NOT NULL,
    ended_at        TIMESTAMP,
    category        VARCHAR(16)   NOT NULL,
    skill_group_id  BIGINT,
    size_bytes      BIGINT        NOT NULL,
    uploaded_at     TIMESTAMP
);

CREATE INDEX recording_session_ix ON recording (instance_id, session_id);
CREATE INDEX recording_started_ix ON recording (instance_id, started_at);
CREATE INDEX recording_ended_ix ON recording (ended_at);
