-- Public participation (issue 18): a plan feature's Art der baulichen Nutzung keeps the attribute it came from
-- (besondereArtDerBaulNutzung or allgArtDerBaulNutzung), because the two code lists give the same code different
-- meanings (allgemeine 1000 = Wohnbaufläche, besondere 1000 = Kleinsiedlungsgebiet). New uploads store
-- land_uses[].useAttribute; this backfills the plans stored before where the document decides it: a code that only
-- the besondere list has, or a document that uses only one of the two attributes. Any other stored code (both
-- attributes in the document, a code of both lists) stays without useAttribute and is not named (never the wrong list).
UPDATE participation_plans p
SET land_uses = (
  SELECT jsonb_agg(
    CASE
      WHEN e.lu ? 'useAttribute' THEN e.lu
      WHEN e.lu->>'use' IS NULL THEN e.lu || '{"useAttribute": null}'
      WHEN e.lu->>'use' NOT IN ('1000', '2000', '3000', '4000', '9999') THEN e.lu || '{"useAttribute": "besondereArtDerBaulNutzung"}'
      WHEN position('besondereArtDerBaulNutzung' IN p.gml) = 0 THEN e.lu || '{"useAttribute": "allgArtDerBaulNutzung"}'
      WHEN position('allgArtDerBaulNutzung' IN p.gml) = 0 THEN e.lu || '{"useAttribute": "besondereArtDerBaulNutzung"}'
      ELSE e.lu
    END ORDER BY e.ord)
  FROM jsonb_array_elements(p.land_uses) WITH ORDINALITY AS e(lu, ord)
)
WHERE jsonb_typeof(p.land_uses) = 'array' AND jsonb_array_length(p.land_uses) > 0;
