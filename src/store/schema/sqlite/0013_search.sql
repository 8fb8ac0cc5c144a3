-- 0013_search.sql - finding anyone (issue 14): part of a name (one
-- character too), the tail of an ID number or a phone number.
--
-- person_gram holds every character and every pair of neighbouring
-- characters of each person's name (lower-cased), with the person's grid,
-- so that "杨" within a town is one index range (gram, grid prefix) and its
-- count is read from the index alone. FTS5's trigram tokenizer cannot
-- serve queries under three characters, and PostgreSQL's pg_trgm neither
-- (its trigrams of "杨" match nothing useful); a plain side table works the
-- same on both engines. Triggers keep it: written with the person in the
-- same transaction by every path that inserts, renames, moves or deletes a
-- person (the core, imports, the synthetic city), so nothing can forget it.
-- A query of two and more characters reads the rows of its first pair and
-- checks the whole text against the name.
--
-- The tails: an index on the ID number (and the phone number) written
-- backwards, as concatenated one-character substrings (the same expression
-- on both engines; 15-digit numbers reverse as well, the missing places
-- are ''), so that a tail is a prefix range of the reversed text
-- (PostgreSQL: reverse(), which SQLite lacks; see schema/pg).
--
-- Purpose and retention: an index of person, kept and purged with it.
CREATE TABLE gram_pos (n INTEGER PRIMARY KEY);   -- 1..64: the places of a name
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 64)
INSERT INTO gram_pos(n) SELECT n FROM k;

CREATE TABLE person_gram (
    gram      TEXT NOT NULL,       -- one character or two, lower case
    grid      TEXT NOT NULL,       -- = person.grid ('' for a visitor)
    person_id INTEGER NOT NULL,
    PRIMARY KEY (gram, grid, person_id)
) WITHOUT ROWID;

CREATE TRIGGER person_gram_insert AFTER INSERT ON person BEGIN
    INSERT OR IGNORE INTO person_gram(gram, grid, person_id)
    SELECT lower(substr(NEW.name, n, 1)), NEW.grid, NEW.id FROM gram_pos
        WHERE n <= length(NEW.name)
    UNION SELECT lower(substr(NEW.name, n, 2)), NEW.grid, NEW.id FROM gram_pos
        WHERE n < length(NEW.name);
END;

CREATE TRIGGER person_gram_update AFTER UPDATE OF name, grid ON person BEGIN
    DELETE FROM person_gram WHERE person_id = OLD.id AND grid = OLD.grid AND gram IN
        (SELECT lower(substr(OLD.name, n, 1)) FROM gram_pos WHERE n <= length(OLD.name)
         UNION SELECT lower(substr(OLD.name, n, 2)) FROM gram_pos WHERE n < length(OLD.name));
    INSERT OR IGNORE INTO person_gram(gram, grid, person_id)
    SELECT lower(substr(NEW.name, n, 1)), NEW.grid, NEW.id FROM gram_pos
        WHERE n <= length(NEW.name)
    UNION SELECT lower(substr(NEW.name, n, 2)), NEW.grid, NEW.id FROM gram_pos
        WHERE n < length(NEW.name);
END;

CREATE TRIGGER person_gram_delete AFTER DELETE ON person BEGIN
    DELETE FROM person_gram WHERE person_id = OLD.id AND grid = OLD.grid AND gram IN
        (SELECT lower(substr(OLD.name, n, 1)) FROM gram_pos WHERE n <= length(OLD.name)
         UNION SELECT lower(substr(OLD.name, n, 2)) FROM gram_pos WHERE n < length(OLD.name));
END;

-- the persons already there
INSERT OR IGNORE INTO person_gram(gram, grid, person_id)
    SELECT lower(substr(p.name, n, 1)), p.grid, p.id FROM person p, gram_pos
        WHERE n <= length(p.name)
    UNION SELECT lower(substr(p.name, n, 2)), p.grid, p.id FROM person p, gram_pos
        WHERE n < length(p.name);

-- the tails (store/search.c writes the same expressions)
CREATE INDEX person_id_rev ON person((substr(id_number,18,1)||substr(id_number,17,1)||substr(id_number,16,1)||substr(id_number,15,1)||substr(id_number,14,1)||substr(id_number,13,1)||substr(id_number,12,1)||substr(id_number,11,1)||substr(id_number,10,1)||substr(id_number,9,1)||substr(id_number,8,1)||substr(id_number,7,1)||substr(id_number,6,1)||substr(id_number,5,1)||substr(id_number,4,1)||substr(id_number,3,1)||substr(id_number,2,1)||substr(id_number,1,1)));
CREATE INDEX person_phone_rev ON person((substr(phone,11,1)||substr(phone,10,1)||substr(phone,9,1)||substr(phone,8,1)||substr(phone,7,1)||substr(phone,6,1)||substr(phone,5,1)||substr(phone,4,1)||substr(phone,3,1)||substr(phone,2,1)||substr(phone,1,1)));
