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
-- are ''), so that a tail is a prefix range of the reversed text.
--
-- Purpose and retention: an index of person, kept and purged with it.
CREATE TABLE gram_pos (n integer PRIMARY KEY);   -- 1..64: the places of a name
INSERT INTO gram_pos(n) SELECT generate_series(1, 64);

CREATE TABLE person_gram (
    gram      text COLLATE "C" NOT NULL,   -- one character or two, lower case
    grid      text COLLATE "C" NOT NULL,   -- = person.grid ('' for a visitor)
    person_id bigint NOT NULL,
    PRIMARY KEY (gram, grid, person_id)
);

CREATE FUNCTION person_gram_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM person_gram WHERE person_id = OLD.id AND grid = OLD.grid AND gram IN
            (SELECT lower(substr(OLD.name, n, 1)) FROM gram_pos WHERE n <= length(OLD.name)
             UNION SELECT lower(substr(OLD.name, n, 2)) FROM gram_pos WHERE n < length(OLD.name));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO person_gram(gram, grid, person_id)
            SELECT lower(substr(NEW.name, n, 1)), NEW.grid, NEW.id FROM gram_pos
                WHERE n <= length(NEW.name)
            UNION SELECT lower(substr(NEW.name, n, 2)), NEW.grid, NEW.id FROM gram_pos
                WHERE n < length(NEW.name)
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER person_gram_insert AFTER INSERT ON person
    FOR EACH ROW EXECUTE FUNCTION person_gram_sync();
CREATE TRIGGER person_gram_update AFTER UPDATE OF name, grid ON person
    FOR EACH ROW EXECUTE FUNCTION person_gram_sync();
CREATE TRIGGER person_gram_delete AFTER DELETE ON person
    FOR EACH ROW EXECUTE FUNCTION person_gram_sync();

-- the persons already there
INSERT INTO person_gram(gram, grid, person_id)
    SELECT lower(substr(p.name, n, 1)), p.grid, p.id FROM person p, gram_pos
        WHERE n <= length(p.name)
    UNION SELECT lower(substr(p.name, n, 2)), p.grid, p.id FROM person p, gram_pos
        WHERE n < length(p.name)
    ON CONFLICT DO NOTHING;

-- the tails (store/search.c writes the same expressions): PostgreSQL has
-- reverse(), and its planner spends ~15 ms on the 18 substr() calls of the
-- SQLite form every time it plans the statement
CREATE INDEX person_id_rev ON person((reverse(id_number)));
CREATE INDEX person_phone_rev ON person((reverse(phone)));
