import { describe, expect, it } from "vitest";
import { tablesDue } from "./table-maintenance";

const quiet = { deadRows: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0 };

describe("tablesDue (autovacuum's rules)", () => {
  it("vacuums past 50 + 20 % dead rows and analyses past 50 + 10 % changed rows, as PostgreSQL's defaults say", () => {
    const rows = 10_000;
    // Vacuum threshold 2,050 dead rows, analyze threshold 1,050 changed rows.
    expect(tablesDue([{ table: "a", estimatedRows: rows, ...quiet, deadRows: 2050, modifiedSinceAnalyze: 1050 }])).toEqual([]);
    expect(tablesDue([{ table: "a", estimatedRows: rows, ...quiet, deadRows: 2051 }])).toEqual([{ table: "a", vacuum: true, analyze: false, urgency: 2051 / 2050 }]);
    expect(tablesDue([{ table: "a", estimatedRows: rows, ...quiet, modifiedSinceAnalyze: 1051 }])).toEqual([{ table: "a", vacuum: false, analyze: true, urgency: 1051 / 1050 }]);
  });

  it("vacuums an insert-only table past 1,000 + 20 % inserted rows (its visibility map and frozen pages)", () => {
    expect(tablesDue([{ table: "log", estimatedRows: 5000, ...quiet, insertedSinceVacuum: 2000 }])).toEqual([]);
    expect(tablesDue([{ table: "log", estimatedRows: 5000, ...quiet, insertedSinceVacuum: 2001 }])[0]).toMatchObject({ vacuum: true, analyze: false });
  });

  it("analyses a table never analysed as soon as it has changed, and leaves an untouched one alone", () => {
    expect(tablesDue([{ table: "new", estimatedRows: -1, ...quiet, modifiedSinceAnalyze: 3 }])[0]).toMatchObject({ table: "new", analyze: true });
    expect(tablesDue([{ table: "empty", estimatedRows: -1, ...quiet }])).toEqual([]);
  });

  it("puts the most overdue table first", () => {
    const due = tablesDue([
      { table: "a", estimatedRows: 0, ...quiet, deadRows: 100 },
      { table: "b", estimatedRows: 0, ...quiet, deadRows: 500 },
      { table: "c", estimatedRows: 0, ...quiet, modifiedSinceAnalyze: 75 },
    ]);
    expect(due.map((d) => d.table)).toEqual(["b", "a", "c"]);
  });
});
