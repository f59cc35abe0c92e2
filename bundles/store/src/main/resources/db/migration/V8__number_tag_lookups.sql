-- Number tags (SPEC §3.1): per-tag counts and "delete a tag removes it from numbers" look
-- numbers up by tag; the primary key (number_id, tag_id) only serves the other direction.
-- The approval setting lives in instance_setting (numbers.number_approval_required).
-- Same dialect rules as V1.

CREATE INDEX trunk_number_tag_tag_ix ON trunk_number_tag (tag_id);
CREATE INDEX trunk_number_status_ix ON trunk_number (instance_id, status);
