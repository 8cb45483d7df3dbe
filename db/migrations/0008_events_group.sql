-- Rows of one event for several audiences (emitTicketEvent) share a key: every row after the
-- first holds the first row's id, so the live stream sends the event once and never merges two
-- separate changes that look alike.
ALTER TABLE `events` ADD `group_id` integer;