-- Photos per album: how many photos each album holds (empty albums count 0), fullest first.
-- Portable SQL: runs unchanged on Redshift, Aurora MySQL / MariaDB and PostgreSQL (the local warehouse).
SELECT
  a.id AS album_id,
  a.user_id,
  COUNT(ph.id) AS photo_count
FROM albums a
LEFT JOIN photos ph ON ph.album_id = a.id
GROUP BY a.id, a.user_id
ORDER BY photo_count DESC, a.id ASC;
