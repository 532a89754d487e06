// Offsets to 1-based line and column numbers. A line ends at "\n", "\r\n" or a lone "\r", whichever
// the file uses (spreadsheet exports mix them), so the numbers match what an editor shows.

export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  private constructor(private readonly starts: number[]) {}

  /** Over the UTF-16 code units of a string (JSON offsets). */
  static ofText(text: string): LineIndex {
    return new LineIndex(lineStarts(text.length, (i) => text.charCodeAt(i)));
  }

  /** Over the bytes of an encoded text (csv-parse counts bytes). */
  static ofBytes(bytes: Uint8Array): LineIndex {
    return new LineIndex(lineStarts(bytes.length, (i) => bytes[i] as number));
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }

  line(offset: number): number {
    return this.position(offset).line;
  }
}

const LF = 10;
const CR = 13;

function lineStarts(length: number, codeAt: (i: number) => number): number[] {
  const starts = [0];
  for (let i = 0; i < length; i++) {
    const c = codeAt(i);
    if (c === LF || (c === CR && (i + 1 >= length || codeAt(i + 1) !== LF))) starts.push(i + 1);
  }
  return starts;
}
