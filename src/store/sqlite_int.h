/*
 * sqlite_int.h - internals shared by the SQLite backend's files: the
 * connection, its cache of prepared statements, and error mapping.
 * Nothing outside src/store/ includes this.
 */
#ifndef LF_SQLITE_INT_H
#define LF_SQLITE_INT_H
#include <sqlite3.h>

#include "store/store.h"

/* Every statement the backend runs, prepared once per connection on first
 * use (SQLITE_PREPARE_PERSISTENT) and reset after each use. */
/* Eight rows of three parameters, for SCAN_INSERT_MANY. */
#define SCAN_VALUES_8 "(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?),(?,?,?)"
#define SCAN_INSERT_ROWS 32

#define STORE_STMTS(X)                                                         \
    X(BEGIN_READ, "BEGIN DEFERRED")                                            \
    X(BEGIN_WRITE, "BEGIN IMMEDIATE")                                          \
    X(COMMIT, "COMMIT")                                                        \
    X(ROLLBACK, "ROLLBACK")                                                    \
    X(SAVEPOINT, "SAVEPOINT sp")                                               \
    X(RELEASE, "RELEASE sp")                                                   \
    X(ROLLBACK_TO, "ROLLBACK TO sp")                                           \
    X(CONFIG_GET, "SELECT value FROM config WHERE key = ?1")                   \
    X(CONFIG_SET, "INSERT INTO config(key, value) VALUES (?1, ?2) "            \
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value")     \
    X(NODE_INSERT, "INSERT INTO node(code, parent, kind, name, is_real, "      \
                   "created_utc, updated_utc) VALUES (?1,?2,?3,?4,?5,?6,?7)")  \
    X(NODE_GET, "SELECT code, ifnull(parent,''), kind, name, is_real, "        \
                "created_utc, updated_utc, "                                   \
                "(SELECT count(*) FROM node c WHERE c.parent = n.code) "       \
                "FROM node n WHERE code = ?1")                                 \
    X(NODE_CHILDREN, "SELECT code, ifnull(parent,''), kind, name, is_real, "   \
                     "created_utc, updated_utc, "                              \
                     "(SELECT count(*) FROM node c WHERE c.parent = n.code) "  \
                     "FROM node n WHERE parent = ?1 ORDER BY code")            \
    X(NODE_SUBTREE, "SELECT code, ifnull(parent,''), kind, name, is_real, "    \
                    "created_utc, updated_utc, "                               \
                    "(SELECT count(*) FROM node c WHERE c.parent = n.code) "   \
                    "FROM node n WHERE code > ?1 AND code < ?1 || 'z' "        \
                    "ORDER BY code")                                           \
    X(NODE_RENAME, "UPDATE node SET name = ?2, updated_utc = ?3 "              \
                   "WHERE code = ?1")                                          \
    X(NODE_MAX_CHILD, "SELECT max(code) FROM node WHERE parent = ?1")          \
    X(NODE_NAME_TAKEN, "SELECT 1 FROM node WHERE parent = ?1 AND name = ?2")   \
    X(NODE_COUNT, "SELECT count(*) FROM node")                                 \
    X(DIVISION_INSERT, "INSERT OR REPLACE INTO division(code, name, level) "   \
                       "VALUES (?1, ?2, ?3)")                                  \
    X(DIVISION_KNOWN, "SELECT 1 FROM division WHERE code = ?1")                \
    X(USER_INSERT, "INSERT INTO user(username, display_name, role, node, "     \
                   "pw_hash, created_utc, pw_changed_utc) "                    \
                   "VALUES (?1,?2,?3,?4,?5,?6,?6)")                            \
    X(USER_GET, "SELECT " USER_COLS " FROM user WHERE id = ?1")                \
    X(USER_GET_BY_NAME, "SELECT " USER_COLS " FROM user WHERE username = ?1")  \
    X(USER_LIST, "SELECT " USER_COLS " FROM user "                             \
                 "WHERE node >= ?1 AND node < ?1 || 'z' ORDER BY username")    \
    X(USER_LOGIN_STATE, "UPDATE user SET failed_count = ?2, "                  \
                        "locked_until = ?3 WHERE id = ?1")                     \
    X(USER_SET_DISABLED, "UPDATE user SET disabled = ?2 WHERE id = ?1")        \
    X(USER_SET_PASSWORD, "UPDATE user SET pw_hash = ?2, pw_changed_utc = ?3, " \
                         "failed_count = 0, locked_until = 0 WHERE id = ?1")   \
    X(USER_COUNT, "SELECT count(*) FROM user")                                 \
    X(SESSION_INSERT, "INSERT INTO session(token_hash, user_id, created_utc, " \
                      "last_seen_utc, addr) VALUES (?1,?2,?3,?4,?5)")          \
    X(SESSION_GET, "SELECT user_id, created_utc, last_seen_utc, addr "         \
                   "FROM session WHERE token_hash = ?1")                       \
    X(SESSION_TOUCH, "UPDATE session SET last_seen_utc = ?2 "                  \
                     "WHERE token_hash = ?1")                                  \
    X(SESSION_DELETE, "DELETE FROM session WHERE token_hash = ?1")             \
    X(SESSION_DELETE_USER, "DELETE FROM session WHERE user_id = ?1")           \
    X(DIVISION_CODES, "SELECT code FROM division WHERE level = ?1 ORDER BY code") \
    X(HOUSEHOLD_INSERT, "INSERT INTO household(grid, address, n_members, "     \
                        "created_utc, updated_utc) VALUES (?1,?2,?3,?4,?4)")   \
    X(HOUSEHOLD_GET, "SELECT id, grid, address, n_members, created_utc, "      \
                     "updated_utc FROM household WHERE id = ?1")               \
    X(HOUSEHOLD_FIND, "SELECT id, grid, address, n_members, created_utc, "     \
                      "updated_utc FROM household WHERE grid = ?1 AND address = ?2 " \
                      "ORDER BY id LIMIT 1")                                   \
    X(HOUSEHOLD_ADD_MEMBERS, "UPDATE household SET n_members = n_members + ?2, " \
                             "updated_utc = ?3 WHERE id = ?1")                 \
    X(PERSON_INSERT, "INSERT INTO person(household_id, grid, name, id_number, " \
                     "sex, birth_days, phone, relation, is_floating, flags, "  \
                     "created_utc, updated_utc) "                              \
                     "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)")        \
    /* same parameters as PERSON_INSERT */                                   \
    X(PERSON_ADOPT, "UPDATE person SET household_id = ?1, grid = ?2, "        \
                    "name = ?3, sex = ?5, birth_days = ?6, phone = "           \
                    "CASE WHEN ?7 = '' THEN phone ELSE ?7 END, relation = ?8, " \
                    "is_floating = ?9, flags = flags | ?10, updated_utc = ?11 " \
                    "WHERE id_number = ?4 AND household_id IS NULL "           \
                    "RETURNING id, created_utc")                               \
    X(PERSON_ID_BY_ID_NUMBER, "SELECT id FROM person WHERE id_number = ?1")       \
    X(SCAN_VENUE_BY_ID, "SELECT status FROM venue WHERE id = ?1")              \
    X(SCAN_VENUE_BY_CODE, "SELECT id, status FROM venue WHERE code = ?1")      \
    X(SCAN_INSERT, "INSERT OR IGNORE INTO scan(venue_id, at_utc, person_id) "  \
                   "VALUES (?1,?2,?3)")                                        \
    /* SCAN_INSERT_ROWS rows (store_scan_insert_many) */                       \
    X(SCAN_INSERT_MANY, "INSERT OR IGNORE INTO scan(venue_id, at_utc, "        \
                        "person_id) VALUES " SCAN_VALUES_8 "," SCAN_VALUES_8   \
                        "," SCAN_VALUES_8 "," SCAN_VALUES_8)                   \
    X(SCAN_PURGE, "DELETE FROM scan WHERE at_utc < ?1")                        \
    X(SCAN_OF_PERSON, "SELECT s.venue_id, s.at_utc, ifnull(v.name, ''), "      \
                      "ifnull(v.type, 0), ifnull(v.address, ''), "             \
                      "ifnull(v.node, '') FROM scan s LEFT JOIN venue v ON "   \
                      "v.id = s.venue_id WHERE s.person_id = ?1 AND "          \
                      "s.at_utc >= ?2 AND s.at_utc < ?3 ORDER BY s.at_utc "    \
                      "LIMIT ?4")                                              \
    X(ARRIVAL_INSERT, "INSERT INTO arrival(person_id, grid, name, id_number, " \
                      "phone, origin_code, origin_name, arrival_days, "        \
                      "transport, risk_level, created_utc) "                   \
                      "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")           \
    X(PERSON_GET, "SELECT " PERSON_COLS " FROM person p WHERE id = ?1")       \
    X(ROUND_NEXT, "SELECT ifnull(max(number), 0) + 1 FROM screening_round "    \
                  "WHERE node = ?1")                                           \
    X(ROUND_INSERT, "INSERT INTO screening_round(node, number, name, "         \
                    "started_utc) VALUES (?1,?2,?3,?4)")                       \
    X(ROUND_GET, "SELECT id, node, number, name, started_utc, closed_utc "     \
                 "FROM screening_round WHERE id = ?1")                         \
    X(ROUND_CURRENT, "SELECT id, node, number, name, started_utc, closed_utc " \
                     "FROM screening_round WHERE closed_utc = 0 AND "          \
                     "substr(?1, 1, length(node)) = node "                     \
                     "ORDER BY length(node) DESC, id DESC LIMIT 1")            \
    X(ROUND_CLOSE, "UPDATE screening_round SET closed_utc = ?2 "               \
                   "WHERE id = ?1 AND closed_utc = 0")                         \
    X(HOUSEHOLD_LIST, "SELECT h.id, h.grid, h.address, h.n_members, "          \
                      "h.created_utc, h.updated_utc, ifnull(v.outcome, 0), "   \
                      "ifnull(v.at_utc, 0), ifnull((SELECT name FROM person "  \
                      "WHERE household_id = h.id AND flags & 16 LIMIT 1), '') " \
                      "FROM household h LEFT JOIN visit v ON v.round_id = ?2 " \
                      "AND v.household_id = h.id WHERE h.grid = ?1 AND "       \
                      "(?3 = 0 OR ifnull(v.outcome, 0) IN (0, 2)) ORDER BY h.id") \
    X(HOUSEHOLD_PAGE, "SELECT h.id, h.grid, h.address, h.n_members, "          \
                      "h.created_utc, h.updated_utc, ifnull(p.name, ''), "     \
                      "ifnull(p.id_number, ''), ifnull(p.phone, '') "          \
                      "FROM household h LEFT JOIN person p ON p.id = "         \
                      "(SELECT id FROM person WHERE household_id = h.id AND "  \
                      "flags & 16 LIMIT 1) WHERE h.grid >= ?1 AND "            \
                      "h.grid < ?1 || 'z' AND h.id > ?2 ORDER BY h.id LIMIT ?3") \
    X(VISIT_PUT, "INSERT INTO visit(round_id, household_id, grid, outcome, "   \
                 "visitor_id, at_utc, remarks) VALUES (?1,?2,?3,?4,?5,?6,?7) " \
                 "ON CONFLICT(round_id, household_id) DO UPDATE SET "          \
                 "outcome = excluded.outcome, visitor_id = excluded.visitor_id, " \
                 "at_utc = excluded.at_utc, remarks = excluded.remarks")       \
    /* each household counts the visit of the round in force at its own   \
     * grid (the deepest open one), whichever node the figures are for */  \
    X(COVERAGE_HOUSEHOLDS, "WITH r AS (SELECT id, node FROM screening_round " \
                           "WHERE closed_utc = 0 AND ((node >= ?1 AND "       \
                           "node < ?1 || 'z') OR substr(?1, 1, length(node)) " \
                           "= node)) "                                        \
                           "SELECT substr(h.grid, 1, ?2), count(*), "          \
                           "sum(v.outcome = 1), sum(v.outcome = 2), "          \
                           "sum(v.outcome = 3), sum(v.outcome = 4) "           \
                           "FROM household h LEFT JOIN visit v ON "            \
                           "v.household_id = h.id AND v.round_id = "           \
                           "(SELECT id FROM r WHERE substr(h.grid, 1, "        \
                           "length(r.node)) = r.node ORDER BY "                \
                           "length(r.node) DESC, r.id DESC LIMIT 1) "          \
                           "WHERE h.grid >= ?1 AND h.grid < ?1 || 'z' "        \
                           "GROUP BY 1")                          \
    X(COVERAGE_PERSONS, "SELECT substr(grid, 1, ?2), count(*), "               \
                        "sum(is_floating), sum(flags & 1 != 0) FROM person "   \
                        "WHERE grid >= ?1 AND grid < ?1 || 'z' GROUP BY 1")    \
    X(ARRIVAL_LIST, "SELECT id, ifnull(person_id, 0), grid, name, id_number, " \
                    "phone, origin_code, origin_name, arrival_days, transport, " \
                    "risk_level, created_utc FROM arrival WHERE grid >= ?1 AND " \
                    "grid < ?1 || 'z' AND arrival_days >= ?2 "                  \
                    "ORDER BY arrival_days DESC, id DESC LIMIT ?3")            \
    X(DIVISION_NAME, "SELECT name FROM division WHERE code = ?1")              \
    X(REPORT_INSERT, "INSERT INTO self_report(community, name, id_number, "    \
                     "phone, address, origin_code, origin_name, arrival_days, " \
                     "transport, created_utc) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)") \
    X(REPORT_GET, "SELECT " REPORT_COLS " FROM self_report WHERE id = ?1")     \
    X(REPORT_LIST, "SELECT " REPORT_COLS " FROM self_report WHERE "            \
                   "community >= ?1 AND community < ?1 || 'z' AND "            \
                   "(?2 < 0 OR status = ?2) ORDER BY id DESC LIMIT ?3")        \
    X(REPORT_DECIDE, "UPDATE self_report SET status = ?2, reviewer_id = ?3, "  \
                     "reviewed_utc = ?4, reason = ?5, arrival_id = ?6 "        \
                     "WHERE id = ?1 AND status = 0")                           \
    X(VENUE_INSERT, "INSERT INTO venue(node, name, type, address, "            \
                    "contact_name, contact_phone, status, reason, "            \
                    "applicant_id, reviewer_id, reviewed_utc, created_utc, "   \
                    "code) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)") \
    X(VENUE_GET, "SELECT " VENUE_COLS " WHERE v.id = ?1")                      \
    X(VENUE_GET_BY_CODE, "SELECT " VENUE_COLS " WHERE v.code = ?1")            \
    X(VENUE_EXISTS, "SELECT 1 FROM venue WHERE node = ?1 AND name = ?2 AND "   \
                    "address = ?3 AND status IN (0, 1) LIMIT 1")               \
    X(VENUE_DECIDE, "UPDATE venue SET status = ?2, reviewer_id = ?3, "         \
                    "reviewed_utc = ?4, reason = ?5, code = ?6 "               \
                    "WHERE id = ?1 AND status = 0")                            \
    X(VENUE_COUNTS, "SELECT substr(node, 1, ?2), status, count(*) FROM venue " \
                    "WHERE node >= ?1 AND node < ?1 || 'z' GROUP BY 1, 2")     \
    X(AUDIT_INSERT, "INSERT INTO audit(at_utc, user_id, username, role, "      \
                    "action, record, success, addr, detail) "                  \
                    "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")                     \
    X(AUDIT_LIST, "SELECT id, at_utc, ifnull(user_id,0), username, role, "     \
                  "action, record, success, addr, detail FROM audit "          \
                  "WHERE (?1 = 0 OR id < ?1) AND (?2 = 0 OR user_id = ?2) "    \
                  "AND (?3 IS NULL OR action >= ?3 AND action < ?3 || 'z') "   \
                  "ORDER BY id DESC LIMIT ?4")                                 \
    CHECKPOINT_STMTS(X)                                                        \
    TRACING_STMTS(X)                                                           \
    CASE_STMTS(X)                                                              \
    EVAL_STMTS(X)

/* Checkpoints, passes, checks, referrals (sqlite_checkpoint.c). */
#define CHECKPOINT_STMTS(X)                                                    \
    X(CHECKPOINT_INSERT, "INSERT INTO checkpoint(node, name, road, kind, "     \
                         "code, created_utc) VALUES (?1,?2,?3,?4,?5,?6)")      \
    X(CHECKPOINT_GET, "SELECT " CHECKPOINT_COLS " FROM checkpoint WHERE id = ?1") \
    X(CHECKPOINT_BY_CODE, "SELECT " CHECKPOINT_COLS " FROM checkpoint "        \
                          "WHERE code = ?1")                                   \
    X(CHECKPOINT_LIST, "SELECT " CHECKPOINT_COLS " FROM checkpoint WHERE "     \
                       "node >= ?1 AND node < ?1 || 'z' ORDER BY node, id")    \
    X(CHECKPOINT_STATS, "SELECT " CHECKPOINT_COLS ", "                         \
                        "count(DISTINCT CASE WHEN p.plate <> '' "              \
                        "THEN p.plate END), count(DISTINCT p.id_number), "     \
                        "count(k.id), ifnull(sum(k.fever), 0), "               \
                        "ifnull(sum(k.outcome = 2), 0), (SELECT count(*) "     \
                        "FROM pass s WHERE s.checkpoint_id = checkpoint.id "   \
                        "AND s.day = ?2) FROM checkpoint LEFT JOIN pass_check k " \
                        "ON k.checkpoint_id = checkpoint.id AND k.day = ?2 "   \
                        "LEFT JOIN pass p ON p.id = k.pass_id WHERE "          \
                        "node >= ?1 AND node < ?1 || 'z' "                     \
                        "GROUP BY checkpoint.id ORDER BY node, checkpoint.id") \
    X(PASS_INSERT, "INSERT INTO pass(code, day, checkpoint_id, name, "         \
                   "id_number, phone, plate, origin_code, origin_name, "       \
                   "remarks, person_id, created_utc) "                         \
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)")          \
    X(PASS_BY_CODE, "SELECT p.id, p.code, p.day, p.checkpoint_id, c.name, "    \
                    "p.name, p.id_number, p.phone, p.plate, p.origin_code, "   \
                    "p.origin_name, p.remarks, ifnull(p.person_id, 0), "       \
                    "p.created_utc FROM pass p JOIN checkpoint c "             \
                    "ON c.id = p.checkpoint_id WHERE p.code = ?1")             \
    X(PASS_CHECK_INSERT, "INSERT INTO pass_check(pass_id, checkpoint_id, "     \
                         "staff_id, at_utc, day, temp_tenths, id_confirmed, "  \
                         "outcome, fever, remarks) "                           \
                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")            \
    X(PASS_CHECKS, "SELECT k.id, k.pass_id, k.checkpoint_id, c.name, "         \
                   "k.staff_id, k.at_utc, k.day, k.temp_tenths, "              \
                   "k.id_confirmed, k.outcome, k.fever, k.remarks FROM "       \
                   "pass_check k JOIN checkpoint c ON c.id = k.checkpoint_id " \
                   "WHERE k.pass_id = ?1 ORDER BY k.id")                       \
    X(PERSON_BY_ID_NUMBER, "SELECT " PERSON_COLS " FROM person p "             \
                           "WHERE id_number = ?1")                             \
    X(PERSON_ADD_FLAGS, "UPDATE person SET flags = flags | ?2, "               \
                        "updated_utc = ?3 WHERE id = ?1")                      \
    X(REFERRAL_INSERT, "INSERT INTO referral(check_id, person_id, community, " \
                       "name, id_number, phone, temp_tenths, created_utc) "    \
                       "VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")                     \
    X(REFERRAL_GET, "SELECT " REFERRAL_COLS " WHERE r.id = ?1")                \
    X(REFERRAL_LIST, "SELECT " REFERRAL_COLS " WHERE r.community >= ?1 AND "   \
                     "r.community < ?1 || 'z' AND (?2 < 0 OR r.status = ?2) "  \
                     "ORDER BY r.id DESC LIMIT ?3")                            \
    X(REFERRAL_SET_STATUS, "UPDATE referral SET status = ?3, handled_by = ?4, " \
                           "handled_utc = ?5, remarks = CASE WHEN ?6 = '' "    \
                           "THEN remarks ELSE ?6 END "                         \
                           "WHERE id = ?1 AND status = ?2")

/* The contact engine's reads (sqlite_tracing.c). TRACING_VISITS is the hot
 * one: a range of the scan table's clustered key (venue_id, at_utc). */
#define TRACING_STMTS(X)                                                       \
    X(TRACING_STOPS, "SELECT s.venue_id, s.at_utc, ifnull(v.type, 0) "        \
                     "FROM scan s LEFT JOIN venue v ON v.id = s.venue_id "    \
                     "WHERE s.person_id = ?1 AND s.at_utc >= ?2 AND "         \
                     "s.at_utc < ?3 ORDER BY s.at_utc")                       \
    X(TRACING_VISITS, "SELECT at_utc, person_id FROM scan WHERE "             \
                      "venue_id = ?1 AND at_utc >= ?2 AND at_utc <= ?3")      \
    X(TRACING_HOUSEHOLD, "SELECT id FROM person WHERE household_id = "        \
                         "(SELECT household_id FROM person WHERE id = ?1) "   \
                         "AND id <> ?1 ORDER BY id")                          \
    X(TRACING_CHECKS_OF_PERSON, "SELECT k.id, k.at_utc, k.checkpoint_id, "    \
                                "?1, p.plate FROM pass p JOIN pass_check k "  \
                                "ON k.pass_id = p.id WHERE (p.id_number = "   \
                                "(SELECT id_number FROM person WHERE id = ?1) " \
                                "OR p.person_id = ?1) AND p.plate <> '' AND " \
                                "k.at_utc >= ?2 AND k.at_utc <= ?3 "          \
                                "ORDER BY k.at_utc, k.id")                    \
    X(TRACING_CHECKS_OF_PLATE, "SELECT k.id, k.at_utc, k.checkpoint_id, "     \
                               "ifnull(p.person_id, (SELECT id FROM person "  \
                               "WHERE id_number = p.id_number)), p.plate "    \
                               "FROM pass p JOIN pass_check k ON "            \
                               "k.pass_id = p.id WHERE p.plate = ?1 AND "     \
                               "k.at_utc >= ?2 AND k.at_utc <= ?3 "           \
                               "ORDER BY k.at_utc, k.id")                    \
    /* the whole table in key order: NOT INDEXED keeps the planner off the  \
     * (covering) index on person */                                       \
    X(TRACING_EACH_SCAN, "SELECT venue_id, at_utc, person_id FROM scan "      \
                         "NOT INDEXED WHERE at_utc >= ?1 AND at_utc < ?2 "    \
                         "ORDER BY venue_id, at_utc, person_id")              \
    X(TRACING_EACH_MEMBER, "SELECT household_id, id FROM person WHERE "       \
                           "household_id IS NOT NULL ORDER BY household_id, id")
/* Cases, case events, manual trajectory entries, passes of a person,
 * contacts (sqlite_case.c). */
#define CASE_STMTS(X)                                                          \
    X(CASE_INSERT, "INSERT INTO epi_case(person_id, node, status, "            \
                   "onset_days, sample_days, isolation_days, hospital, "       \
                   "source, source_case_id, source_remarks, created_by, "      \
                   "created_utc, updated_utc) "                                \
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)")      \
    X(CASE_UPDATE, "UPDATE epi_case SET status = ?2, onset_days = ?3, "        \
                   "sample_days = ?4, isolation_days = ?5, hospital = ?6, "    \
                   "source = ?7, source_case_id = ?8, source_remarks = ?9, "   \
                   "updated_utc = ?10 WHERE id = ?1")                          \
    X(CASE_GET, "SELECT " CASE_COLS " WHERE c.id = ?1")                        \
    X(CASE_LIST, "SELECT " CASE_COLS " WHERE c.node >= ?1 AND "                \
                 "c.node < ?1 || 'z' AND (?2 = 0 OR c.status = ?2) "           \
                 "ORDER BY c.id DESC LIMIT ?3")                                \
    X(CASE_EVENT_INSERT, "INSERT INTO case_event(case_id, from_status, "       \
                         "to_status, at_utc, user_id, remarks) "               \
                         "VALUES (?1,?2,?3,?4,?5,?6)")                         \
    X(CASE_EVENTS, "SELECT e.id, e.case_id, e.from_status, e.to_status, "      \
                   "e.at_utc, e.user_id, ifnull(u.username, ''), e.remarks "   \
                   "FROM case_event e LEFT JOIN user u ON u.id = e.user_id "   \
                   "WHERE e.case_id = ?1 ORDER BY e.id")                       \
    X(TRAJ_ENTRY_INSERT, "INSERT INTO trajectory_entry(case_id, place, "       \
                         "address, venue_id, from_utc, to_utc, remarks, "      \
                         "created_by, created_utc) "                           \
                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")                \
    X(TRAJ_ENTRIES, "SELECT id, case_id, place, address, ifnull(venue_id, 0), " \
                    "from_utc, to_utc, remarks, created_by, created_utc "      \
                    "FROM trajectory_entry WHERE case_id = ?1 AND "            \
                    "to_utc >= ?2 AND from_utc < ?3 ORDER BY from_utc, id")    \
    X(PASS_STOPS, "SELECT p.id, 0, p.created_utc, p.checkpoint_id, c.name, "   \
                  "c.road, p.plate, 0, 0 FROM pass p JOIN checkpoint c ON "    \
                  "c.id = p.checkpoint_id WHERE (p.person_id = ?1 OR "         \
                  "p.id_number = ?2) AND p.created_utc >= ?3 AND "             \
                  "p.created_utc < ?4 UNION ALL "                              \
                  "SELECT p.id, k.id, k.at_utc, k.checkpoint_id, c.name, "     \
                  "c.road, p.plate, k.temp_tenths, k.outcome FROM pass_check k " \
                  "JOIN pass p ON p.id = k.pass_id JOIN checkpoint c ON "      \
                  "c.id = k.checkpoint_id WHERE (p.person_id = ?1 OR "         \
                  "p.id_number = ?2) AND k.at_utc >= ?3 AND k.at_utc < ?4 "    \
                  "ORDER BY 3, 2 LIMIT ?5")                                    \
    X(CONTACT_EXISTS, "SELECT status FROM contact WHERE case_id = ?1 AND "     \
                      "person_id = ?2")                                        \
    X(CONTACT_INSERT, "INSERT INTO contact(case_id, person_id, kind, "         \
                      "via_person_id, venue_id, checkpoint_id, plate, "        \
                      "from_utc, to_utc, overlap_minutes, n_encounters, "      \
                      "proposed_utc) VALUES (?1,?2,?3,nullif(?4, 0),"          \
                      "nullif(?5, 0),nullif(?6, 0),?7,?8,?9,?10,?11,?12)")     \
    X(CONTACT_REFRESH, "UPDATE contact SET kind = ?3, via_person_id = "        \
                       "nullif(?4, 0), venue_id = nullif(?5, 0), "             \
                       "checkpoint_id = nullif(?6, 0), plate = ?7, "           \
                       "from_utc = ?8, to_utc = ?9, overlap_minutes = ?10, "   \
                       "n_encounters = ?11, proposed_utc = ?12 "               \
                       "WHERE case_id = ?1 AND person_id = ?2 AND status = 0") \
    X(CONTACT_LIST, "SELECT " CONTACT_COLS " WHERE k.case_id = ?1 "            \
                    "ORDER BY k.kind = 4, k.id")                               \
    X(CONTACT_GET, "SELECT " CONTACT_COLS " WHERE k.id = ?1")                  \
    X(CONTACT_DECIDE, "UPDATE contact SET status = ?2, decided_by = ?3, "      \
                      "decided_at = ?4, reason = ?5 WHERE id = ?1 AND status = 0")

/* a case with its person: "FROM" included, so a WHERE follows */
#define CASE_COLS                                                              \
    "c.id, c.person_id, c.node, c.status, c.onset_days, c.sample_days, "       \
    "c.isolation_days, c.hospital, c.source, ifnull(c.source_case_id, 0), "    \
    "c.source_remarks, c.created_by, c.created_utc, c.updated_utc, p.name, "   \
    "ifnull(p.id_number, ''), p.phone, p.grid "                                \
    "FROM epi_case c JOIN person p ON p.id = c.person_id"

/* a contact with the names of its person, via person, venue, checkpoint */
#define CONTACT_COLS                                                           \
    "k.id, k.case_id, k.person_id, k.kind, ifnull(k.via_person_id, 0), "       \
    "ifnull(k.venue_id, 0), ifnull(k.checkpoint_id, 0), k.plate, k.from_utc, " \
    "k.to_utc, k.overlap_minutes, k.n_encounters, k.status, "                  \
    "ifnull(k.decided_by, 0), k.decided_at, k.reason, k.proposed_utc, "        \
    "p.name, ifnull(p.id_number, ''), p.phone, p.grid, ifnull(vp.name, ''), "  \
    "ifnull(v.name, ''), ifnull(ck.name, '') FROM contact k "                  \
    "JOIN person p ON p.id = k.person_id "                                     \
    "LEFT JOIN person vp ON vp.id = k.via_person_id "                          \
    "LEFT JOIN venue v ON v.id = k.venue_id "                                  \
    "LEFT JOIN checkpoint ck ON ck.id = k.checkpoint_id"

/* The synthetic outbreak's truth, for measuring tracing (sqlite_eval.c).
 * EVAL_CASES walks infection_detected (detected_utc, then the rowid,
 * person_id) from a key on: a page of cases at a time. */
#define EVAL_STMTS(X)                                                          \
    X(EVAL_HAS_TABLE, "SELECT count(*) FROM sqlite_master WHERE "             \
                      "type = 'table' AND name = 'infection'")                \
    X(EVAL_N_DETECTED, "SELECT count(*) FROM infection WHERE "                \
                       "detected_utc IS NOT NULL")                            \
    X(EVAL_CASES, "SELECT " INFECTION_COLS " FROM infection WHERE "           \
                  "detected_utc IS NOT NULL AND (detected_utc > ?1 OR "       \
                  "(detected_utc = ?1 AND person_id > ?2)) "                  \
                  "ORDER BY detected_utc, person_id LIMIT ?3")                \
    X(EVAL_INFECTEES, "SELECT " INFECTION_COLS " FROM infection WHERE "       \
                      "infector_id = ?1 ORDER BY person_id")

/* an infection row; kind as enum infection_kind (core/tracing_eval.h) */
#define INFECTION_COLS                                                         \
    "person_id, ifnull(infector_id, 0), ifnull(venue_id, 0), CASE kind "       \
    "WHEN 'seed' THEN 1 WHEN 'venue' THEN 2 WHEN 'household' THEN 3 "          \
    "ELSE 0 END, infected_utc, ifnull(onset_utc, 0), ifnull(detected_utc, 0)"

#define CHECKPOINT_COLS                                                        \
    "checkpoint.id, checkpoint.node, checkpoint.name, checkpoint.road, "       \
    "checkpoint.kind, checkpoint.code, checkpoint.created_utc"

#define REFERRAL_COLS                                                          \
    "r.id, r.check_id, ifnull(r.person_id, 0), r.community, r.name, "          \
    "r.id_number, r.phone, r.temp_tenths, k.checkpoint_id, c.name, k.at_utc, " \
    "r.status, ifnull(r.handled_by, 0), r.handled_utc, r.remarks, "            \
    "r.created_utc, n.name FROM referral r "                                   \
    "JOIN pass_check k ON k.id = r.check_id "                                  \
    "JOIN checkpoint c ON c.id = k.checkpoint_id "                             \
    "JOIN node n ON n.code = r.community"

#define PERSON_COLS                                                            \
    "p.id, p.household_id, p.grid, p.name, ifnull(p.id_number, ''), p.sex, "   \
    "p.birth_days, p.phone, p.relation, p.is_floating, p.flags, "              \
    "p.created_utc, p.updated_utc"

#define REPORT_COLS                                                            \
    "id, community, name, id_number, phone, address, origin_code, "           \
    "origin_name, arrival_days, transport, status, ifnull(reviewer_id, 0), "   \
    "reviewed_utc, reason, ifnull(arrival_id, 0), created_utc"

/* a venue with its node's name: "FROM" included, so a WHERE follows */
#define VENUE_COLS                                                             \
    "v.id, v.node, ifnull(n.name, ''), v.name, v.type, v.address, "            \
    "v.contact_name, v.contact_phone, v.status, v.reason, "                    \
    "ifnull(v.applicant_id, 0), ifnull(v.reviewer_id, 0), v.reviewed_utc, "    \
    "v.created_utc, ifnull(v.code, '') "                                       \
    "FROM venue v LEFT JOIN node n ON n.code = v.node"

#define USER_COLS                                                              \
    "id, username, display_name, role, node, pw_hash, failed_count, "         \
    "locked_until, disabled, created_utc, pw_changed_utc"

#define STORE_STMT_ENUM(name, sql) STMT_##name,
enum store_stmt { STORE_STMTS(STORE_STMT_ENUM) STMT__COUNT };
#undef STORE_STMT_ENUM

struct after_commit {
    struct after_commit *next;
    void (*fn)(void *);
    void *arg;
    void (*free_fn)(void *);
    int depth;               /* transaction depth it was registered at */
};

struct store {
    sqlite3 *db;
    struct after_commit *after;   /* newest first */
    char *path;
    int in_batch;            /* inside store_batch_begin() */
    int batch_doomed;        /* a joined STORE_WRITE_BULK failed: roll back */
    int depth;               /* open transactions/savepoints */
    sqlite3_stmt *stmts[STMT__COUNT];
};

struct store_tx {
    struct store *s;
    enum store_mode mode;
    int is_savepoint;
    int joined;              /* STORE_WRITE_BULK in the batch's transaction */
    int done;                /* committed or rolled back */
};

/* The cached statement, reset and with bindings cleared; NULL with *err
 * set on failure. */
sqlite3_stmt *sqlite__stmt(struct store *s, enum store_stmt id,
                           struct lf_err *err);
/* Map rc (with the connection's message logged) to *err; returns -1. */
int sqlite__fail(struct store *s, int rc, const char *what, struct lf_err *err);
/* Step a statement that returns no row: 0 or -1. */
int sqlite__exec_stmt(struct store *s, sqlite3_stmt *st, const char *what,
                      struct lf_err *err);
/* Copy column i as text into out[n] ("" for NULL). */
void sqlite__col_text(sqlite3_stmt *st, int i, char *out, unsigned n);
void sqlite__bind_text(sqlite3_stmt *st, int i, const char *s);

/* Reading rows: from_row(st, row) fills the struct at row from the
 * current row of st, its columns in the statement's order. */
/* Step st to the end, each row through from_row into a growing array
 * (*items, *n) of size-byte elements, which the caller frees; on error
 * nothing is returned (*items NULL, *n 0). Resets st. */
int sqlite__read_rows(struct store *s, sqlite3_stmt *st, void **items, size_t *n,
                      size_t size, void (*from_row)(sqlite3_stmt *, void *),
                      const char *what, struct lf_err *err);
/* The one row of st through from_row into out; LF_ERR_NOTFOUND (field,
 * reason) when there is none. Resets st. */
int sqlite__read_one(struct store *s, sqlite3_stmt *st, void *out,
                     void (*from_row)(sqlite3_stmt *, void *), const char *field,
                     const char *reason, const char *what, struct lf_err *err);

#endif
