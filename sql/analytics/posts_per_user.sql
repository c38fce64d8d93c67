-- Posts per user: how many posts each user wrote (users without posts count 0), busiest first.
-- Portable SQL: runs unchanged on Redshift, Aurora MySQL / MariaDB and PostgreSQL (the local warehouse).
SELECT
  u.id AS user_id,
  u.username,
  COUNT(p.id) AS post_count
FROM users u
LEFT JOIN posts p ON p.user_id = u.id
GROUP BY u.id, u.username
ORDER BY post_count DESC, u.id ASC;
