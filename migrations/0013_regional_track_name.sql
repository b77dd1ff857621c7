-- Schema version 13: the regional track's Russian name follows the
-- terminology table (locales/terminology.csv): a track is «трек» everywhere,
-- and «направление» read as a region's line of work. A name an
-- administrator changed by hand is left alone.
UPDATE countries SET name_ru = 'Региональный трек'
WHERE code = 'REG' AND name_ru = 'Региональное направление';
