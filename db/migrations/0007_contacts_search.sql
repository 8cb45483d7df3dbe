-- Ticket search finds contacts by any part of their name or number through an index (FTS5
-- trigram, external content: the text lives once, in contacts), not by scanning every contact.
CREATE VIRTUAL TABLE `contacts_fts` USING fts5(name, number, content='contacts', content_rowid='rowid', tokenize='trigram remove_diacritics 1');
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO contacts_fts(rowid, name, number) VALUES (new.rowid, new.name, new.number);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_delete` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, name, number) VALUES ('delete', old.rowid, old.name, old.number);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_fts_update` AFTER UPDATE OF name, number ON `contacts` BEGIN
  INSERT INTO contacts_fts(contacts_fts, rowid, name, number) VALUES ('delete', old.rowid, old.name, old.number);
  INSERT INTO contacts_fts(rowid, name, number) VALUES (new.rowid, new.name, new.number);
END;
--> statement-breakpoint
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');
