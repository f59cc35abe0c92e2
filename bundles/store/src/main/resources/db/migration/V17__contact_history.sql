-- The last agent per customer number (SPEC §15.1 preferences, §20 call-out then call-in). Same dialect rules as V1.
-- Numbered 17 to stay clear of the migrations other branches add at the same time (the migrator applies gaps).

CREATE TABLE contact_history (
    instance_id     BIGINT      NOT NULL REFERENCES instance (id),
    customer_number VARCHAR(32) NOT NULL,
    kind            VARCHAR(8)  NOT NULL,
    agent_id        VARCHAR(20) NOT NULL,
    contact_at      TIMESTAMP   NOT NULL,
    CONSTRAINT contact_history_pk PRIMARY KEY (instance_id, customer_number, kind)
);

CREATE INDEX contact_history_at ON contact_history (contact_at);
