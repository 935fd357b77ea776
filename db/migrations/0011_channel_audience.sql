CREATE TABLE "channel_departures" (
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"left_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_departures_conversation_id_user_id_pk" PRIMARY KEY("conversation_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "invite_only" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "audience_kind" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "audience_code" text;--> statement-breakpoint
ALTER TABLE "channel_departures" ADD CONSTRAINT "channel_departures_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_departures" ADD CONSTRAINT "channel_departures_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_audience_idx" ON "conversations" USING btree ("audience_kind","audience_code");--> statement-breakpoint
UPDATE "conversations" SET "audience_kind" = "channel_kind", "audience_code" = "channel_key" WHERE "kind" = 'channel' AND "channel_kind" IN ('area', 'profession');
