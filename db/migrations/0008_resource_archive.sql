ALTER TABLE "resources" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "archived_by" uuid;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_archived_by_users_id_fk" FOREIGN KEY ("archived_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The organisation's name is now matched at query time (it may be renamed): drop its words
-- (the 2nd and, with a kana, 3rd of "name org [kana] type") from each resource's search text.
UPDATE "resources" SET "search_text" = split_part("search_text", ' ', 1) || ' ' || reverse(split_part(reverse("search_text"), ' ', 1))
WHERE array_length(string_to_array("search_text", ' '), 1) >= 3;--> statement-breakpoint
UPDATE "resources" SET "search_grams" = ARRAY(
  SELECT DISTINCT g FROM unnest(string_to_array("search_text", ' ')) AS w,
  LATERAL (
    SELECT substr(w, i, 1) AS g FROM generate_series(1, char_length(w)) AS i
    UNION SELECT substr(w, i, 2) FROM generate_series(1, char_length(w) - 1) AS i
  ) AS grams
);
