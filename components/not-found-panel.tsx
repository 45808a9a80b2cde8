import Link from "next/link";

/** The body of a 404: says what happened without telling whether the object exists elsewhere. */
export function NotFoundPanel() {
  return (
    <section className="mx-auto max-w-lg rounded-lg border border-slate-200 bg-white p-6 text-center shadow-sm" aria-labelledby="not-found-title">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 id="not-found-title" className="mt-1 text-xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        This page does not exist, or your account cannot see it. Check the address, or ask a project admin for access.
      </p>
      <Link href="/" className="mt-4 inline-block rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
        Go to your projects
      </Link>
    </section>
  );
}
