"use client";

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50">
      Print
    </button>
  );
}
