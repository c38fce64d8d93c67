-- Commenters by email domain: distinct commenter addresses and comments per domain (the text after '@',
-- lower-cased), most comments first. SUBSTRING … FROM and POSITION … IN are standard SQL that
-- Redshift, Aurora MySQL / MariaDB and PostgreSQL (the local warehouse) all accept.
SELECT
  LOWER(SUBSTRING(c.email FROM POSITION('@' IN c.email) + 1)) AS email_domain,
  COUNT(DISTINCT LOWER(c.email)) AS commenter_count,
  COUNT(*) AS comment_count
FROM comments c
GROUP BY LOWER(SUBSTRING(c.email FROM POSITION('@' IN c.email) + 1))
ORDER BY comment_count DESC, email_domain ASC;
