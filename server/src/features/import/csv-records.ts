import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse, type CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { CsvFileError } from './csv-decode.ts';

/** One CSV record and the physical line it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const options = {
  info: true,
  raw: true,
  // A wrong column count is reported per row, not for the whole file.
  relax_column_count: true,
  // A stray quote inside an unquoted field (氏名 "愛称") is kept as written.
  relax_quotes: true,
  skip_empty_lines: true,
} as const;

/** Line breaks as one character, so that line numbers are simple to count. */
export const normalizeLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');

interface Parsed {
  record: string[];
  info: { lines: number };
  raw?: string;
}

function startLine({ info, raw }: Parsed): number {
  // `lines` is the line a record ends on; the raw text says how many lines it spans
  // (the parser includes the empty lines it skipped before the record).
  const body = (raw ?? '').replace(/^\n+/, '').replace(/\n$/, '');
  return info.lines - (body.match(/\n/g)?.length ?? 0);
}

function describe(error: CsvError): CsvFileError {
  const e = error as CsvError & { lines?: number; raw?: string };
  const line = e.lines ?? 0;
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED': {
      const opened = Math.max(1, line - (e.raw?.replace(/\n$/, '').match(/\n/g)?.length ?? 0));
      return new CsvFileError(
        `${opened} 行目で始まる引用符（"）が閉じられていません。セルの中の " は "" と書きます。`,
        `The quote (") opened on line ${opened} is never closed. Inside a quoted cell, write " as "".`,
      );
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileError(
        `${line} 行目: 引用符（"）で囲んだセルの後に、区切りのコンマ以外の文字があります。`,
        `Line ${line}: a quoted cell is followed by something other than a comma.`,
      );
    default:
      return new CsvFileError(
        `${line} 行目を CSV として読めません（${e.code}）。`,
        `Line ${line} cannot be read as CSV (${e.code}).`,
      );
  }
}

/**
 * Parses the whole text, feeding the parser in slices with a turn of the event loop between
 * them, so a 10 MB file never holds up other requests. A structural error (an unclosed quote)
 * rejects with a CsvFileError that names the line.
 */
export async function readRecords(text: string, sliceSize = 16 * 1024): Promise<CsvRecord[]> {
  const source = normalizeLineBreaks(text);
  const records: CsvRecord[] = [];
  const parser = parse(options);
  let failure: CsvFileError | undefined;
  const finished = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', (e: CsvError) => {
      failure ??= describe(e);
      resolve();
    });
  });
  parser.on('data', (p: Parsed) => records.push({ line: startLine(p), fields: p.record }));
  for (let at = 0; at < source.length && !failure;) {
    let end = Math.min(at + sliceSize, source.length);
    // Never cut a surrogate pair in two.
    if (end < source.length && /[\uD800-\uDBFF]/.test(source[end - 1]!)) end++;
    parser.write(source.slice(at, end));
    at = end;
    await yieldToEventLoop();
  }
  if (!failure) parser.end();
  await finished;
  if (failure) throw failure;
  return records;
}

/**
 * The header record only, read synchronously so the request can be refused at once when the
 * file lacks the required columns. Finds the end of the first record outside quotes.
 */
export function readHeader(text: string): string[] {
  const source = normalizeLineBreaks(text.slice(0, 256 * 1024));
  let quoted = false;
  let end = source.length;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      if (i === 0 || source.slice(0, i).trim() === '') continue;
      end = i;
      break;
    }
  }
  try {
    const [first] = parseSync(source.slice(0, end), {
      ...options,
      info: false,
      raw: false,
      to: 1,
    }) as string[][];
    return first ?? [];
  } catch (e) {
    throw describe(e as CsvError);
  }
}
