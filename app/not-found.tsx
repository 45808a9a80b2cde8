import Link from "next/link";
import { TopBar } from "@/components/shell/top-bar";
import { NotFoundPanel } from "@/components/not-found-panel";
import { getCurrentUser } from "@/lib/server/auth/current";

export const metadata = { title: "Page not found" };

// Outside a project the shell is the top bar (for a signed-in user) or the bare brand; another
// project's pages land here too, so this says nothing about what exists.
export default async function NotFound() {
  const user = await getCurrentUser();
  return (
    <div className="min-h-screen">
      {user ? (
        <TopBar user={user} />
      ) : (
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-12 max-w-7xl items-center px-4"><Link href="/" className="font-semibold tracking-tight text-indigo-700">Assay</Link></div>
        </header>
      )}
      <main className="px-4 py-12"><NotFoundPanel /></main>
    </div>
  );
}
