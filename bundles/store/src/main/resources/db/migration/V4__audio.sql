-- Audio files (SPEC §10). Only metadata: the decoded 8 kHz PCM is a file under
-- ${karaf.data}/parley/audio/ named after the id. Same dialect rules as V1.

CREATE TABLE audio_file (
    id              VARCHAR(32)  NOT NULL PRIMARY KEY,
    instance_id     BIGINT       NOT NULL REFERENCES instance (id),
    name            VARCHAR(64)  NOT NULL,
    name_key        VARCHAR(64)  NOT NULL,
    file_name       VARCHAR(255),
    format          VARCHAR(8)   NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    duration_ms     BIGINT       NOT NULL,
    review_status   VARCHAR(16)  NOT NULL,
    reject_reason   VARCHAR(255),
    created_at      TIMESTAMP    NOT NULL
);

CREATE INDEX audio_file_instance_ix ON audio_file (instance_id, created_at);
