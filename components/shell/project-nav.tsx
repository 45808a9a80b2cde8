"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { key: string; label: string; href: string; built: boolean };

export function ProjectNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project" className="flex flex-col gap-0.5">
      {items.map((item) => {
        if (!item.built) {
          return (
            <span key={item.key} className="cursor-not-allowed rounded-md px-3 py-1.5 text-sm text-slate-400" title="Arrives in a later release" data-nav={item.key}>
              {item.label} <span className="text-[10px] uppercase tracking-wide">soon</span>
            </span>
          );
        }
        const active = item.href === pathname || (item.key !== "overview" && item.key !== "settings" && pathname.startsWith(item.href));
        return (
          <Link key={item.key} href={item.href} data-nav={item.key} aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm ${active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}>
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
