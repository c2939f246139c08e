-- Master data: official areas (Destatis Gemeindeverzeichnis GV100AD) and postcodes (OpenStreetMap),
-- loaded from data/ at start by importMasterData (src/modules/geo). The application never writes
-- here otherwise; a new data release replaces the rows in one transaction.

CREATE TABLE areas (
  ars           text PRIMARY KEY CHECK (ars ~ '^[0-9]{2}([0-9]|[0-9]{3}|[0-9]{7}|[0-9]{10})?$'),
                                          -- Regionalschlüssel: Land 2, Regierungsbezirk 3, Kreis 5, Gemeindeverband 9, Gemeinde 12 digits
  ags           text UNIQUE,              -- Gemeindeschlüssel (Land 2, RB 3, Kreis 5, Gemeinde 8 digits); none for a Gemeindeverband
  level         text NOT NULL CHECK (level IN ('land', 'bezirk', 'kreis', 'verband', 'gemeinde')),
  type_code     text,                     -- Destatis Textkennzeichen: 41–45 Kreis, 50–58 Gemeindeverband, 60–67 Gemeinde
  name          text NOT NULL,            -- official name, e.g. 'Mühlacker, Stadt'
  short_name    text NOT NULL,            -- everyday name, e.g. 'Mühlacker'
  search_key    text NOT NULL,            -- folded short name for matching (geo/names.ts searchKey)
  seat          text,                     -- seat of the administration (Kreis, Gemeindeverband)
  parent_ars    text REFERENCES areas (ars) DEFERRABLE INITIALLY DEFERRED,
  kreis_key     text,                     -- 5-digit Kreis of a Kreis, Gemeindeverband or Gemeinde
  population    integer,                  -- 31.12.2020; upper levels: sum of their municipalities
  area_ha       integer,                  -- hectares; upper levels: sum of their municipalities
  seat_postcode text                      -- postcode of the municipality's administration
);
CREATE INDEX areas_parent ON areas (parent_ars);
CREATE INDEX areas_kreis ON areas (kreis_key, level);

CREATE TABLE postcodes (
  postcode   text NOT NULL CHECK (postcode ~ '^[0-9]{5}$'),
  ags        text NOT NULL REFERENCES areas (ags) DEFERRABLE INITIALLY DEFERRED,
  place      text NOT NULL,               -- place name as in OpenStreetMap
  search_key text NOT NULL,
  PRIMARY KEY (postcode, ags)
);
CREATE INDEX postcodes_ags ON postcodes (ags);

-- Which release of a master-data set is loaded (SHA-256 of the files in data/).
CREATE TABLE master_data_versions (
  dataset     text PRIMARY KEY,
  version     text NOT NULL,
  row_count   integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
