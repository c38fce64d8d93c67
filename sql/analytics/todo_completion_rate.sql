-- Todo completion rate per user: todos, completed todos and the completed share in percent (2 decimals).
-- `completed` is TINYINT(1) in Aurora and SMALLINT in Redshift, so it is compared with 1, not TRUE.
-- Portable SQL: runs unchanged on Redshift, Aurora MySQL / MariaDB and PostgreSQL (the local warehouse).
SELECT
  t.user_id,
  COUNT(*) AS todo_count,
  SUM(CASE WHEN t.completed = 1 THEN 1 ELSE 0 END) AS completed_count,
  ROUND(100.0 * SUM(CASE WHEN t.completed = 1 THEN 1 ELSE 0 END) / COUNT(*), 2) AS completion_rate_pct
FROM todos t
GROUP BY t.user_id
ORDER BY completion_rate_pct DESC, t.user_id ASC;
