import type { ErrorCode, ErrorResponse } from '@tsunagu/shared';

export type Locale = 'ja' | 'en';

/** Codes the client itself produces when no server answer could be read. */
export type ClientErrorCode = 'network' | 'bad_response';
export type ApiErrorCode = ErrorCode | ClientErrorCode | (string & {});

type Detail = NonNullable<ErrorResponse['details']>[number];

const clientMessages: Record<ClientErrorCode, { ja: string; en: string }> = {
  network: {
    ja: 'サーバーに接続できませんでした。通信環境を確かめてください。',
    en: 'Could not reach the server. Check your connection.',
  },
  bad_response: {
    ja: 'サーバーから想定外の応答がありました。',
    en: 'The server sent an unexpected answer.',
  },
};

/** An error answer of the API, `{code, message, messageEn, details?}`, with its HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly messageJa: string;
  readonly messageEn: string;
  readonly details: Detail[];

  constructor(status: number, body: ErrorResponse) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageJa = body.message;
    this.messageEn = body.messageEn;
    this.details = body.details ?? [];
  }

  static client(code: ClientErrorCode, status = 0): ApiError {
    const m = clientMessages[code];
    return new ApiError(status, { code, message: m.ja, messageEn: m.en });
  }

  /** Builds an ApiError from whatever body an error response carried. */
  static fromBody(status: number, body: unknown): ApiError {
    if (isErrorResponse(body)) return new ApiError(status, body);
    return ApiError.client('bad_response', status);
  }

  text(locale: Locale): string {
    return locale === 'en' ? this.messageEn : this.messageJa;
  }

  /** Field errors keyed by field name (the last path segment, `/qualifications/0/years` → `qualifications`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (!d.field) continue;
      const key = d.field.replace(/^\//, '').split(/[/.[]/)[0] ?? d.field;
      out[key] ??= d.message;
    }
    return out;
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (!body || typeof body !== 'object') return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.message === 'string' && typeof b.messageEn === 'string';
}

export function isApiError(e: unknown, code?: ApiErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}
