import type { Metadata } from "next";
import "./globals.css";

// Every page reads the database or the session; none may be prerendered at build time, when
// there is no database to read (and opening the embedded one would lock its folder).
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Assay", template: "%s · Assay" },
  description: "Human review and sampling audits of AI outputs",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
