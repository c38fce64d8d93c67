-- Aurora MySQL 3 schema for the JSONPlaceholder dataset, safe for zero-ETL replication to Redshift:
--   every table has a primary key (S1) and uses InnoDB (S2); foreign keys RESTRICT, never CASCADE /
--   SET NULL / SET DEFAULT (S3); utf8mb4 throughout (S8); only types with a Redshift mapping (S7):
--   INT -> INTEGER, VARCHAR(n) -> VARCHAR(n), TEXT -> VARCHAR(65535), DECIMAL(p,s) -> DECIMAL(p,s),
--   TINYINT -> SMALLINT (booleans).
-- Idempotent: applied by the Lambda's `migrate` action on every deploy. Never add columns FIRST/AFTER
-- or several columns in one ALTER later on: that forces a full resync (S6).

CREATE TABLE IF NOT EXISTS users (
  id INT NOT NULL,
  name VARCHAR(255) NOT NULL,
  username VARCHAR(255) NOT NULL,
  email VARCHAR(320) NOT NULL,
  phone VARCHAR(64) NOT NULL,
  website VARCHAR(255) NOT NULL,
  address_street VARCHAR(255) NOT NULL,
  address_suite VARCHAR(255) NOT NULL,
  address_city VARCHAR(255) NOT NULL,
  address_zipcode VARCHAR(32) NOT NULL,
  geo_lat DECIMAL(10, 7) NOT NULL,
  geo_lng DECIMAL(10, 7) NOT NULL,
  company_name VARCHAR(255) NOT NULL,
  company_catch_phrase VARCHAR(512) NOT NULL,
  company_bs VARCHAR(512) NOT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS posts (
  id INT NOT NULL,
  user_id INT NOT NULL,
  title VARCHAR(512) NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (id),
  KEY posts_user_id (user_id),
  CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS comments (
  id INT NOT NULL,
  post_id INT NOT NULL,
  name VARCHAR(512) NOT NULL,
  email VARCHAR(320) NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (id),
  KEY comments_post_id (post_id),
  CONSTRAINT comments_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS albums (
  id INT NOT NULL,
  user_id INT NOT NULL,
  title VARCHAR(512) NOT NULL,
  PRIMARY KEY (id),
  KEY albums_user_id (user_id),
  CONSTRAINT albums_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS photos (
  id INT NOT NULL,
  album_id INT NOT NULL,
  title VARCHAR(512) NOT NULL,
  url VARCHAR(2048) NOT NULL,
  thumbnail_url VARCHAR(2048) NOT NULL,
  PRIMARY KEY (id),
  KEY photos_album_id (album_id),
  CONSTRAINT photos_album_fk FOREIGN KEY (album_id) REFERENCES albums (id) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS todos (
  id INT NOT NULL,
  user_id INT NOT NULL,
  title VARCHAR(512) NOT NULL,
  completed TINYINT(1) NOT NULL,
  PRIMARY KEY (id),
  KEY todos_user_id (user_id),
  CONSTRAINT todos_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE RESTRICT ON UPDATE RESTRICT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
