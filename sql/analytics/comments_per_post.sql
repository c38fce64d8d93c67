-- Comments per post: how many comments each post received (posts without comments count 0), most first.
-- Portable SQL: runs unchanged on Redshift, Aurora MySQL / MariaDB and PostgreSQL (the local warehouse).
SELECT
  p.id AS post_id,
  p.user_id,
  COUNT(c.id) AS comment_count
FROM posts p
LEFT JOIN comments c ON c.post_id = p.id
GROUP BY p.id, p.user_id
ORDER BY comment_count DESC, p.id ASC;
