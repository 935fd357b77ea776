import iconv from 'iconv-lite';

export type RequestedEncoding = 'auto' | 'utf-8' | 'shift_jis';
export type UsedEncoding = 'utf-8' | 'shift_jis';

/** A problem with the file as a whole (not one row): the import cannot go on. */
export class CsvFileError extends Error {
  constructor(
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
  }
  /** One line for the job's `error` field. */
  get text() {
    return `${this.ja} / ${this.en}`;
  }
}

const utf8 = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Shift_JIS as Excel writes it: CP932 (Windows-31J), which also has ①, ㈱, ～ (U+FF5E) and the like. */
const fromShiftJis = (bytes: Uint8Array) =>
  iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'cp932');

/**
 * Bytes → text. `auto` takes UTF-8 (with or without BOM) when the bytes are valid UTF-8,
 * otherwise Shift_JIS as Excel writes it (CP932, a superset with ①, ㈱ and the like).
 */
export function decodeCsv(
  bytes: Uint8Array,
  requested: RequestedEncoding = 'auto',
): { text: string; encoding: UsedEncoding } {
  if (bytes.length === 0) throw new CsvFileError('ファイルが空です。', 'The file is empty.');
  let decoded: { text: string; encoding: UsedEncoding };
  if (requested === 'shift_jis') {
    decoded = { text: fromShiftJis(bytes), encoding: 'shift_jis' };
  } else {
    try {
      decoded = { text: utf8().decode(bytes), encoding: 'utf-8' };
    } catch {
      if (requested === 'utf-8')
        throw new CsvFileError(
          'UTF-8 として読めません。文字コードに「Shift_JIS」か「自動判定」を選んでください。',
          'The file is not valid UTF-8. Choose the Shift_JIS encoding or automatic detection.',
        );
      decoded = { text: fromShiftJis(bytes), encoding: 'shift_jis' };
    }
  }
  decoded.text = decoded.text.replace(/^\uFEFF/, '');
  if (looksBinary(decoded.text))
    throw new CsvFileError(
      'CSV（テキスト）ファイルではないようです。Excel の場合は「CSV（コンマ区切り）」で保存してください。',
      'This does not look like a CSV (text) file. From Excel, save as "CSV (Comma delimited)".',
    );
  return decoded;
}

/**
 * Control characters other than tab and line breaks, or many undecodable bytes, mean the file is
 * not text (an .xlsx, an image, a zip). Looks at the start only: that is where it shows.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  const replacements = head.match(/\uFFFD/g)?.length ?? 0;
  return replacements > 0 && replacements / Math.max(head.length, 1) > 0.02;
}
