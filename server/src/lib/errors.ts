import { errorCatalogue, type ErrorCode } from '@tsunagu/shared';

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** A refusal the client should see: its code comes from the shared catalogue. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: ErrorDetail[],
    /** Overrides the catalogue's message when the situation needs a more precise one. */
    readonly override?: { ja: string; en: string },
    /** Extra fields of the body, e.g. the personal-data findings with their positions. */
    readonly extra?: Record<string, unknown>,
  ) {
    super(override?.en ?? errorCatalogue[code].en);
    this.status = errorCatalogue[code].status;
  }

  toBody() {
    const entry = errorCatalogue[this.code];
    return {
      code: this.code,
      message: this.override?.ja ?? entry.ja,
      messageEn: this.override?.en ?? entry.en,
      ...(this.details?.length ? { details: this.details } : {}),
      ...this.extra,
    };
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
export const invalid = (field: string, ja: string, en: string) =>
  new AppError('validation', [{ field, message: `${ja} / ${en}` }], {
    ja: `${field}: ${ja}`,
    en: `${field}: ${en}`,
  });
