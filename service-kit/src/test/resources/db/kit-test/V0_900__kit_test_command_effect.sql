-- Test-only table: the side effect of the commands run by IdempotentCommandsTest.
CREATE SEQUENCE command_effect_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE command_effect (
    id         BIGINT PRIMARY KEY,
    request_id VARCHAR(128) NOT NULL,
    payload    VARCHAR(200) NOT NULL
);
