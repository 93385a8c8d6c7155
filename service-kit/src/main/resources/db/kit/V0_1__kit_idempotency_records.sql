-- Request-id idempotency records of the service kit (io.creatorgov.kit.idempotency).
-- Each service keeps its own copy in its own database: add `db/kit` to quarkus.flyway.locations.
-- Versions 0.x are reserved for the kit; services number their own migrations from 1.
CREATE TABLE IF NOT EXISTS kit_idempotency_record (
    scope               VARCHAR(200)  NOT NULL,
    request_id          VARCHAR(128)  NOT NULL,
    request_fingerprint VARCHAR(64)   NOT NULL,
    response_type       VARCHAR(300)  NOT NULL,
    response            TEXT,
    created_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    completed_at        TIMESTAMPTZ,
    PRIMARY KEY (scope, request_id)
);

CREATE INDEX IF NOT EXISTS kit_idempotency_record_created_at_idx
    ON kit_idempotency_record (created_at);
