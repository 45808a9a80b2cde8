// How an audit's progress is written: a share with counts, or "no items" for an empty audit
// (never a "100 %" for nothing). Pure, shared by the server pages and the client table.
const percent = (x: number) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)} %`;

export function completionText(completion: number | null, done: number, size: number): string {
  return completion === null ? "no items" : `${percent(completion)} (${done}/${size})`;
}
