import Type, { type Static, type TSchema } from 'typebox';

/** Every object schema refuses unknown fields: `role` sent to a profile route is an error. */
export const Obj = <P extends Record<string, TSchema>>(properties: P, options: object = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
/** A short single-line text that people type: bounded so a paste cannot flood the database. */
export const Line = (maxLength = 200, minLength = 0) => Type.String({ minLength, maxLength });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A code of a list, validated against the list's codes. */
export const CodeOf = (codes: readonly string[], description?: string) =>
  Type.String({ enum: [...codes], ...(description ? { description } : {}) });

export const IdParams = Obj({ id: Uuid });
export type IdParams = Static<typeof IdParams>;

export const EmptyQuery = Obj({});
export const EmptyBody = Obj({});

/** Every refusal: a stable code, a sentence in both languages, and what was wrong where. */
export const ErrorResponse = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    messageEn: Type.String(),
    details: Type.Optional(
      Type.Array(Type.Object({ field: Type.Optional(Type.String()), message: Type.String() })),
    ),
  },
  // Some refusals carry more (an import's report): kept, never stripped by the serializer.
  { additionalProperties: true },
);
export type ErrorResponse = Static<typeof ErrorResponse>;

export const OkResponse = Type.Object({ ok: Type.Boolean() });

export const Page = Type.Integer({ minimum: 1, maximum: 10000, default: 1 });
export const PageSize = Type.Integer({ minimum: 1, maximum: 100, default: 20 });

export const Paged = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
